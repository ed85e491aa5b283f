"""Per-data-subject encryption of personal fields, and crypto-shredding for erasure."""
