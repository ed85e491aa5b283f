"""A service's subscriptions to other services' integration events, declared as tables
`{message type: handler}`: the publisher, the subjects and the decoding follow from the
message types (`chorus.<publisher>.v1.<Name>` is published on `chorus.<publisher>.*.<Name>`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from google.protobuf.message import DecodeError, Message

from chorus.common.v1.envelope_pb2 import EventEnvelope
from chorus.db import Conn, PendingWrites
from chorus.eventstore.store import MAIN, EventStore
from chorus.handlers import Context, Handler
from chorus.messaging.consumer import Handler as MessageHandler
from chorus.messaging.consumer import Poison, Subscription
from chorus.messaging.subjects import all_events_of


def publisher_of(message_type: type[Message]) -> str:
    """The service whose contract defines the message (chorus.<service>.v1.<Name>)."""
    parts = message_type.DESCRIPTOR.full_name.split(".")
    if len(parts) != 4 or parts[0] != "chorus" or parts[2] != "v1" or parts[1] == "common":
        raise ValueError(f"{message_type.DESCRIPTOR.full_name} is not an integration event")
    return parts[1]


@dataclass(frozen=True)
class Subscribe:
    """A durable consumer (`<service>-<name>`) of one publisher's events. Handlers run in one
    transaction of the database of `store` (with the dedupe row of the event); a handler may
    record events there through `ctx.save` (a policy on integration events)."""

    name: str
    handlers: Mapping[type[Message], Handler]
    store: str = MAIN
    # Needed only for messages of a shared contract (chorus.common.v1), which every
    # service may publish.
    from_service: str | None = None

    def __post_init__(self) -> None:
        if self.from_service is None and len({publisher_of(t) for t in self.handlers}) != 1:
            raise ValueError(f"consumer {self.name} must listen to one publisher")

    @property
    def publisher(self) -> str:
        return self.from_service or publisher_of(next(iter(self.handlers)))

    @property
    def subscription(self) -> Subscription:
        return Subscription(self.publisher, tuple(
            all_events_of(self.publisher, t.DESCRIPTOR.name) for t in self.handlers))

    def handler(self, store: EventStore, actor: str) -> MessageHandler:
        """The consumer's handler: decodes each envelope into its message and dispatches."""
        types = {t.DESCRIPTOR.full_name: (t, h) for t, h in self.handlers.items()}

        async def handle(conn: Conn, envelope: EventEnvelope,
                         pending: PendingWrites | None) -> None:
            found = types.get(envelope.event_type)
            if found is None:
                raise Poison(f"unexpected event type {envelope.event_type}")
            message_type, react = found
            try:
                message = message_type.FromString(envelope.payload)
            except DecodeError as e:
                raise Poison(f"undecodable {envelope.event_type}: {e}") from e
            await react(Context.of_envelope(conn, envelope, store=store, actor=actor,
                                            pending=pending), message)

        return handle
