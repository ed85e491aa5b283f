"""identity: the customer behind every profile, consent and GDPR rights."""
