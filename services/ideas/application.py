"""Command handlers of ideas (none yet: the service answers queries from its replica)."""
