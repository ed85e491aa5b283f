"""Events across service boundaries: the outbox relay and durable JetStream consumers."""
