"""Transport-neutral errors that domain and application code raise; the gRPC kernel maps them
to status codes (chorus/grpc/errors.py)."""

from __future__ import annotations


class NotFound(Exception):
    pass


class AlreadyExists(Exception):
    pass


class FailedPrecondition(Exception):
    """The resource is not in a state that allows the command."""
