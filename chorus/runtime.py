"""Runs one service: its store, relay, projections, consumers, sealer and gRPC server.

Each service's main.py describes itself with a ServiceSpec and calls `serve(spec)`."""

from __future__ import annotations

import asyncio
import base64
import logging
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import asyncpg
import nats
from nats.aio.client import Client as NatsClient
from nats.js import JetStreamContext

from chorus.audit.sealer import run_sealer
from chorus.audit.signing import SealKey
from chorus.auth.tokens import TokenVerifier
from chorus.config import ServiceConfig, env, require_env
from chorus.db import create_pool
from chorus.eventstore.recorder import Recorder
from chorus.eventstore.store import EventStore
from chorus.grpc.server import Api, GrpcServer, TlsFiles
from chorus.messaging.consumer import Consumer, Handler, Subscription
from chorus.messaging.relay import Relay, Translator
from chorus.messaging.streams import ensure_stream
from chorus.messaging.subjects import stream_name
from chorus.privacy.keys import SubjectKeys
from chorus.projections.runner import Projection, ProjectionRunner
from chorus.supervision import Supervisor, Work
from chorus.telemetry import setup_telemetry
from chorus.telemetry.logs import setup_logging
from chorus.telemetry.metrics import LagGauges

log = logging.getLogger(__name__)

MAIN = "main"  # the name of a service's own event store


@dataclass(frozen=True)
class ConsumerSpec:
    name: str  # durable name, unique per service
    subscription: Subscription
    handler: Callable[[Runtime], Handler]
    # The store whose database the handler writes to (and where its dedupe rows live).
    store: str = MAIN


@dataclass(frozen=True)
class StoreConfig:
    """Where one event store of a service lives: its connection (and so its database role),
    its schema and its privacy master key."""

    database_url: str
    schema: str
    master_key: bytes


@dataclass(frozen=True)
class ExtraStore:
    """A second event store kept apart from the service's main one (e.g. identity keeps
    social-network-derived data apart from verified customer data), configured by
    CHORUS_<NAME>_DATABASE_URL, CHORUS_<NAME>_DB_SCHEMA and CHORUS_<NAME>_MASTER_KEY."""

    name: str

    def from_env(self, service: str) -> StoreConfig:
        up = self.name.upper()
        return StoreConfig(
            database_url=require_env(f"CHORUS_{up}_DATABASE_URL"),
            schema=env(f"CHORUS_{up}_DB_SCHEMA") or f"{service}_{self.name}",
            master_key=base64.b64decode(require_env(f"CHORUS_{up}_MASTER_KEY")))



@dataclass(frozen=True)
class ServiceSpec:
    name: str
    apis: Callable[[Runtime], list[Api]]
    translate: Translator | None = None
    # Read models; a projection with a `store` attribute tails that store, else the main one.
    projections: Callable[[Runtime], list[Projection]] = lambda rt: []
    consumers: tuple[ConsumerSpec, ...] | list[ConsumerSpec] = ()
    # Creates tables the service needs before serving (e.g. consumer-fed read models).
    setup: Callable[[Runtime], Awaitable[None]] | None = None
    extra_stores: tuple[ExtraStore, ...] = ()


class Runtime:
    """The running parts of a service, handed to its API and handlers."""

    def __init__(self, spec: ServiceSpec, config: ServiceConfig,
                 extra_stores: dict[str, StoreConfig] | None = None) -> None:
        self.spec, self.config = spec, config
        self.store_configs = {MAIN: StoreConfig(config.database_url, config.schema,
                                                config.master_key)}
        self.store_configs.update(extra_stores if extra_stores is not None else
                                  {s.name: s.from_env(spec.name) for s in spec.extra_stores})
        self.pools: dict[str, asyncpg.Pool] = {}
        self.stores: dict[str, EventStore] = {}
        self.pool: asyncpg.Pool
        self.store: EventStore
        self.nc: NatsClient
        self.js: JetStreamContext
        self.projections: dict[str, ProjectionRunner] = {}
        self.consumers: list[Consumer] = []
        self.server: GrpcServer | None = None
        self.supervisor = Supervisor(spec.name)
        self._lag_task: asyncio.Task[None] | None = None

    @property
    def schema(self) -> str:
        return self.config.schema

    def read_model(self, name: str) -> Any:
        return self.projections[name].projection

    async def start(self) -> None:
        cfg = self.config
        for name, sc in self.store_configs.items():
            pool = await create_pool(sc.database_url, min_size=2, max_size=cfg.pool_size)
            recorder = Recorder(pool, sc.schema)
            await recorder.setup()
            self.pools[name] = pool
            self.stores[name] = EventStore(recorder, SubjectKeys(pool, sc.schema, sc.master_key))
        self.pool, self.store = self.pools[MAIN], self.stores[MAIN]
        self.nc = await nats.connect(
            servers=cfg.nats_servers, user_credentials=cfg.nats_creds_file, user=cfg.nats_user,
            password=cfg.nats_password, name=f"chorus-{self.spec.name}",
            max_reconnect_attempts=-1)
        self.js = self.nc.jetstream()
        await ensure_stream(self.js, self.spec.name, cfg.nats_replicas)
        if self.spec.setup is not None:
            await self.spec.setup(self)
        for projection in self.spec.projections(self):
            runner = ProjectionRunner(self.stores[getattr(projection, "store", MAIN)], projection)
            await runner.setup()
            self.projections[projection.name] = runner
            self.supervisor.spawn(f"projection:{projection.name}", _beating(runner.run))
        seal_key = SealKey.from_b64(cfg.seal_key_b64)
        for name, store in self.stores.items():
            suffix = "" if name == MAIN else f":{name}"
            if self.spec.translate is not None:
                relay = Relay(store, self.js, self.spec.name, self.spec.translate)
                self.supervisor.spawn(f"relay{suffix}", _beating(relay.run))
            self.supervisor.spawn(f"sealer{suffix}", _beating(
                partial(run_sealer, store.recorder, seal_key, cfg.seal_interval_s)))
        for c in self.spec.consumers:
            consumer = Consumer(name=f"{self.spec.name}-{c.name}", pool=self.pools[c.store],
                                schema=self.store_configs[c.store].schema, js=self.js,
                                subscription=c.subscription,
                                handler=c.handler(self))
            self.consumers.append(consumer)
            self.supervisor.spawn(f"consumer:{consumer.name}", _beating(consumer.run))
        self._lag_task = asyncio.create_task(LagGauges(self.spec.name).run(self.lags))
        verifier = TokenVerifier.from_config(cfg.jwt_secret, cfg.jwt_public_key, cfg.jwt_issuer)
        tls = TlsFiles(cfg.tls_cert, cfg.tls_key, cfg.tls_client_ca) \
            if cfg.tls_cert and cfg.tls_key else None
        self.server = GrpcServer(self.spec.apis(self), verifier, listen=cfg.grpc_listen,
                                 max_message_bytes=cfg.grpc_max_message_bytes, tls=tls)
        await self.server.start()
        self.supervisor.on_change(self.server.set_serving)
        await self.server.set_serving(self.supervisor.healthy)

    async def lags(self) -> dict[str, int]:
        """Events still to handle: by the relay, each projection and each consumer."""
        found: dict[str, int] = {}
        heads = {id(s.recorder): await s.recorder.max_notification_id() or 0
                 for s in self.stores.values()}
        for store_name, store in self.stores.items():
            if self.spec.translate is not None:
                relay = "relay" if store_name == MAIN else f"relay:{store_name}"
                found[relay] = heads[id(store.recorder)] - (
                    await store.recorder.max_tracking_id("relay") or 0)
        for name, runner in self.projections.items():
            found[f"projection:{name}"] = heads[id(runner.recorder)] - await runner.position()
        for consumer in self.consumers:
            info = await self.js.consumer_info(
                stream_name(consumer.subscription.publisher), consumer.name)
            found[f"consumer:{consumer.name}"] = info.num_pending or 0
        return found

    async def stop(self) -> None:
        """Drains in-flight calls, then stops background work and closes connections."""
        if self.server is not None:
            await self.server.stop(self.config.shutdown_grace_s)
        await self.supervisor.stop()
        if self._lag_task is not None:
            self._lag_task.cancel()
        # Close rather than drain: every message is acked only after its commit, and the relay
        # republishes whatever it had not saved, so nothing in flight is lost.
        await self.nc.close()
        for pool in self.pools.values():
            await asyncio.wait_for(pool.close(), 10)


def _beating(run: Callable[..., Awaitable[None]]) -> Work:
    """Adapts a component's `run(beat=...)` to the supervisor."""
    return lambda heartbeat: run(beat=heartbeat.beat)


async def _serve(spec: ServiceSpec) -> None:
    runtime = Runtime(spec, ServiceConfig.from_env(spec.name))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await runtime.start()
    assert runtime.server is not None
    log.info("%s serving gRPC on port %s", spec.name, runtime.server.port)
    print(f"chorus-{spec.name} ready on port {runtime.server.port}", flush=True)
    await stop.wait()
    log.info("%s stopping", spec.name)
    await runtime.stop()


def serve(spec: ServiceSpec) -> None:
    setup_logging(spec.name)
    setup_telemetry(spec.name)
    asyncio.run(_serve(spec))
