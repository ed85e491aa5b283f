"""Command handlers of reputation (none yet: the service answers queries from its replica)."""
