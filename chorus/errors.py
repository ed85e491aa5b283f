"""Transport-neutral errors that domain and application code raise; the gRPC kernel maps them
to status codes (chorus/grpc/errors.py)."""

from __future__ import annotations


class NotFound(Exception):
    pass


class AlreadyExists(Exception):
    pass


class FailedPrecondition(Exception):
    """The resource is not in a state that allows the command."""


class ReadModelBehind(Exception):
    """A read model did not reach the requested position in time (UNAVAILABLE: retry)."""


class BeyondTheLog(Exception):
    """A consistency position beyond the head of the log: no write returned it (OUT_OF_RANGE)."""
