"""Embedded PostgreSQL and NATS JetStream for `chorus up` and the test suite."""
