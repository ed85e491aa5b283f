"""Commands people run against a running Chorus over gRPC (never its databases)."""
