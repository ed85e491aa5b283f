"""How a service declares itself. Its composition root (`services/<name>/main.py`) is a
`build(infrastructure) -> Service` function: given the stores the kernel has connected, it
constructs its parts with explicit, typed dependencies, and returns them; the kernel
(runtime.py) creates their tables, runs them under supervision and serves the API."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from google.protobuf.message import Message

from chorus.catalog import ServiceEntry, entry
from chorus.config import ServiceConfig
from chorus.eventstore.records import RecordedEvent
from chorus.eventstore.store import MAIN, EventStore
from chorus.grpc.server import Api
from chorus.messaging.relay import Translator
from chorus.messaging.subscriptions import Subscribe
from chorus.processing import Processing
from chorus.projections.readers import Policy, Projection, ReadModel
from chorus.scheduling import Fire
from chorus.supervision import Work


@dataclass(frozen=True)
class StoreConfig:
    """Where one event store of a service lives: its connection (and so its database role),
    its schema and its privacy master key."""

    database_url: str
    schema: str
    master_key: bytes


@dataclass(frozen=True)
class Infrastructure:
    """What the kernel has connected before a service wires its parts."""

    service: str
    config: ServiceConfig
    stores: Mapping[str, EventStore]
    store_configs: Mapping[str, StoreConfig]

    @property
    def store(self) -> EventStore:
        return self.stores[MAIN]

    @property
    def pool(self) -> asyncpg.Pool:
        return self.store.recorder.pool

    @property
    def schema(self) -> str:
        return self.store.recorder.schema

    def schema_of(self, store: str) -> str:
        return self.store_configs[store].schema

    def pool_of(self, store: str) -> asyncpg.Pool:
        return self.stores[store].recorder.pool


class Feature(ReadModel):
    """A capability several services share, written once in the kernel (a replica of
    identity's customers, taking part in erasures, ...): its tables, the integration events
    it consumes and the ones it publishes."""

    def consumers(self) -> list[Subscribe]:
        return []

    def translate(self, event: Any) -> Message | None:
        return None

    def background(self) -> list[tuple[str, Work]]:
        """Work the feature runs under the service's supervisor, by name."""
        return []


@dataclass
class Service:
    """A service's parts, as its composition root wired them."""

    apis: list[Api]
    projections: Sequence[Projection] = ()  # read models fed by its own log
    policies: Sequence[Policy] = ()  # reactions to its own log that record events
    read_models: Sequence[ReadModel] = ()  # tables fed by other services' events
    consumers: Sequence[Subscribe] = ()
    features: Sequence[Feature] = ()
    # Its public integration events. The relay hands the translator events whose personal
    # fields are still sealed unless it declares it publishes some (it should not).
    translate: Translator | None = None
    translate_reads_personal_data: bool = False
    # Durable deadlines of the main store: what to do when one of each kind falls due.
    deadlines: Mapping[str, Fire] = field(default_factory=dict)
    # Its lines of the register of processing (GDPR art. 30).
    processing: Sequence[Processing] = ()
    readers: list[Projection | Policy] = field(init=False)

    def __post_init__(self) -> None:
        self.readers = [*self.projections, *self.policies]
        names = [r.name for r in self.readers]
        if len(set(names)) != len(names):
            raise ValueError(f"two readers share a name: {names}")

    def all_consumers(self) -> list[Subscribe]:
        return [*self.consumers, *(s for f in self.features for s in f.consumers())]

    def tables(self) -> list[ReadModel]:
        return [*self.features, *self.read_models, *self.readers]

    def integration_event(self, event: Any, record: RecordedEvent) -> Message | None:
        message = self.translate(event, record) if self.translate is not None else None
        for feature in self.features:
            if message is not None:
                break
            message = feature.translate(event)
        return message


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    build: Callable[[Infrastructure], Service]

    @property
    def entry(self) -> ServiceEntry:
        return entry(self.name)
