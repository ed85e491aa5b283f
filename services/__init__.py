"""Chorus services. No service imports another (import-linter contract)."""
