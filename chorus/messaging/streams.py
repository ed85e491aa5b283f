"""Creates (or updates) a service's stream."""

from __future__ import annotations

from nats.js import JetStreamContext
from nats.js.api import StreamConfig
from nats.js.errors import NotFoundError

from chorus.messaging.subjects import stream_name

DUPLICATE_WINDOW_S = 3600.0


async def ensure_stream(js: JetStreamContext, service: str, replicas: int = 1, *,
                        owner: bool = True) -> str:
    """The service's stream, created if missing; its `owner` (the publishing service) also
    brings an existing one to this configuration, a consumer of it never does (it would undo
    the owner's replicas). It takes atomic batches (the relay's; nats-server 2.12+)."""
    name = stream_name(service)
    config = StreamConfig(name=name, subjects=[f"chorus.{service}.>"],
                          duplicate_window=DUPLICATE_WINDOW_S, num_replicas=replicas,
                          allow_atomic=True)
    try:
        await js.stream_info(name)
    except NotFoundError:
        await js.add_stream(config)
    else:
        if owner:
            await js.update_stream(config)
    return name


def nats_connected(js: JetStreamContext) -> bool:
    """Whether the connection behind `js` is up (not closed, not reconnecting)."""
    return bool(js._nc.is_connected)
