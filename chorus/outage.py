"""Which errors mean "a dependency is down" rather than "this request or this code is wrong".

A lost or refused PostgreSQL connection, a server in crash recovery, a NATS server gone or a
JetStream request that got no answer are outages: callers should retry (gRPC `UNAVAILABLE`),
background work should back off and resume, and a consumer must never dead-letter a message
because of one."""

from __future__ import annotations

import asyncpg
import nats.errors
import nats.js.errors


class Outage(Exception):
    """Raised by Chorus itself when it sees a dependency down (e.g. NATS disconnected)."""


_OUTAGES: tuple[type[BaseException], ...] = (
    Outage,
    OSError,  # refused or reset connections; nats.errors.TimeoutError is an OSError too
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,  # "the database system is starting up" (crash recovery)
    asyncpg.exceptions.OperatorInterventionError,  # admin/crash shutdown of the backend
    asyncpg.exceptions.TooManyConnectionsError,
    # A pooled connection the server dropped mid-operation is left in a state asyncpg
    # refuses to reuse ("cannot switch to state ..."): seen only when the server went away.
    asyncpg.exceptions.InternalClientError,
    nats.errors.ConnectionClosedError,
    nats.errors.ConnectionReconnectingError,
    nats.errors.NoServersError,
    nats.errors.NoRespondersError,
    nats.errors.StaleConnectionError,
    nats.js.errors.ServiceUnavailableError,
)


def is_outage(exc: BaseException) -> bool:
    if isinstance(exc, _OUTAGES):
        return True
    # asyncpg raises a bare InterfaceError on a connection the server has closed.
    return isinstance(exc, asyncpg.InterfaceError) and "closed" in str(exc)
