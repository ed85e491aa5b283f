"""Command handlers of cases (none yet: the service answers queries from its replica)."""
