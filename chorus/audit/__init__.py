"""Tamper evidence: signed checkpoints over the log, and verification of hash chains."""
