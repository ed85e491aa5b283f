"""Chorus shared kernel: event store, messaging, read side, privacy, auth, telemetry, gRPC."""
