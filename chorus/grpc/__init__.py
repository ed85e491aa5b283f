"""The gRPC kernel: server with health and reflection, auth, validation and error mapping."""
