"""Runs one service: connects its stores and NATS, has its composition root wire its parts,
creates their tables, runs its readers, relays, sealers and consumers under supervision, and
serves its gRPC API."""

from __future__ import annotations

import asyncio
import base64
import gc
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from functools import partial

import nats
import uvloop
from nats.aio.client import Client as NatsClient
from nats.js import JetStreamContext

from chorus.audit.access_log import AccessLog
from chorus.audit.sealer import run_sealer
from chorus.audit.service import audit_api
from chorus.audit.signing import SealKey
from chorus.auth.tokens import TokenVerifier
from chorus.config import ServiceConfig, env, require_env
from chorus.db import setup_transaction
from chorus.eventstore.recorder import Recorder
from chorus.eventstore.store import MAIN, EventStore
from chorus.grpc.server import Api, GrpcServer, TlsFiles
from chorus.messaging.consumer import Consumer
from chorus.messaging.relay import Relay
from chorus.messaging.streams import ensure_stream
from chorus.messaging.subjects import stream_name
from chorus.pooling import create_pool
from chorus.privacy.keys import SubjectKeys
from chorus.processing import Record, personal_events, register
from chorus.projections.leases import ReaderLeases
from chorus.projections.runner import ProjectionRunner
from chorus.scheduling import DeadlineRunner, Deadlines
from chorus.schema import create_store_tables
from chorus.service.spec import Infrastructure, Service, ServiceSpec, StoreConfig
from chorus.service.status import operations_api
from chorus.supervision import Supervisor, Work
from chorus.telemetry import setup_telemetry
from chorus.telemetry.logs import setup_logging
from chorus.telemetry.metrics import LagGauges

log = logging.getLogger(__name__)


def extra_store_config(service: str, store: str) -> StoreConfig:
    """A store kept apart from the service's main one, configured by
    CHORUS_<STORE>_DATABASE_URL, CHORUS_<STORE>_DB_SCHEMA and CHORUS_<STORE>_MASTER_KEY."""
    up = store.upper()
    return StoreConfig(
        database_url=require_env(f"CHORUS_{up}_DATABASE_URL"),
        schema=env(f"CHORUS_{up}_DB_SCHEMA") or f"{service}_{store}",
        master_key=base64.b64decode(require_env(f"CHORUS_{up}_MASTER_KEY")))


class Runtime:
    """The running parts of one service."""

    def __init__(self, spec: ServiceSpec, config: ServiceConfig,
                 extra_stores: dict[str, StoreConfig] | None = None) -> None:
        self.spec, self.config = spec, config
        self.store_configs = {MAIN: StoreConfig(config.database_url, config.schema,
                                                config.master_key)}
        self.store_configs.update(
            extra_stores if extra_stores is not None else
            {s: extra_store_config(spec.name, s) for s in spec.entry.extra_stores})
        self.stores: dict[str, EventStore] = {}
        self.service: Service
        self.nc: NatsClient
        self.js: JetStreamContext
        self.runners: dict[str, ProjectionRunner] = {}
        self.leases: dict[str, ReaderLeases] = {}  # by store: which readers run here
        self.consumers: list[Consumer] = []
        self.server: GrpcServer | None = None
        self.supervisor = Supervisor(spec.name)
        self.deadlines: DeadlineRunner | None = None
        self.audit: Api
        self.operations: Api
        self._stopped = False
        self._lag_task: asyncio.Task[None] | None = None

    @property
    def store(self) -> EventStore:
        return self.stores[MAIN]

    async def start(self) -> None:
        cfg, name = self.config, self.spec.name
        for store_name, sc in self.store_configs.items():
            pool = await create_pool(sc.database_url, min_size=2, max_size=cfg.pool_size)
            await create_store_tables(pool, sc.schema)
            recorder = Recorder(pool, sc.schema)
            self.stores[store_name] = EventStore(
                recorder, SubjectKeys(pool, sc.schema, sc.master_key))
        self.service = service = self.spec.build(
            Infrastructure(name, cfg, self.stores, self.store_configs))
        self.nc = await nats.connect(
            servers=cfg.nats_servers, user_credentials=cfg.nats_creds_file, user=cfg.nats_user,
            password=cfg.nats_password, name=f"chorus-{name}", max_reconnect_attempts=-1)
        self.js = self.nc.jetstream()
        await _stream_when_ready(self.js, name, cfg.nats_replicas)
        for tables in service.tables():
            # Like the kernel's tables: a setup may replace an index, replicas take turns.
            async with setup_transaction(self.stores[tables.store].recorder.pool) as conn:
                await tables.setup(conn)
        for store_name, store in self.stores.items():
            self.leases[store_name] = ReaderLeases(store.recorder.pool, store.recorder.schema)
        for reader in service.readers:
            actor = f"{name}-{reader.name}" if reader.records_events else reader.name
            runner = ProjectionRunner(self.stores[reader.store], reader, actor=actor,
                                      leases=self.leases[reader.store])
            self.runners[reader.name] = runner
            self.supervisor.spawn(f"projection:{reader.name}", _beating(runner.run))
        self._spawn_relays_and_sealers(service)
        for feature in service.features:
            for work_name, work in feature.background():
                self.supervisor.spawn(work_name, work)
        if service.deadlines:
            self.deadlines = DeadlineRunner(self.store, Deadlines(cfg.schema), service.deadlines,
                                            actor=name)
            self.supervisor.spawn("deadlines", _beating(self.deadlines.run))
        for sub in service.all_consumers():
            store = self.stores[sub.store]
            consumer = Consumer(name=f"{name}-{sub.name}", pool=store.recorder.pool,
                                schema=store.recorder.schema, js=self.js,
                                subscription=sub.subscription,
                                handler=sub.handler(store, actor=name),
                                replicas=cfg.nats_replicas)
            self.consumers.append(consumer)
            self.supervisor.spawn(f"consumer:{consumer.name}", _beating(consumer.run))
        self._lag_task = asyncio.create_task(LagGauges(name).run(self.lags))
        verifier = TokenVerifier.from_config(cfg.jwt_secret, cfg.jwt_public_key, cfg.jwt_issuer)
        tls = TlsFiles(cfg.tls_cert, cfg.tls_key, cfg.tls_client_ca) \
            if cfg.tls_cert and cfg.tls_key else None
        # Every service answers the compliance officer the same way (the kernel's AuditService).
        self.audit = audit_api(name, self.stores, AccessLog(self.store.recorder.pool,
                                                            cfg.schema),
                               SealKey.from_b64(cfg.seal_key_b64).public,
                               self.processing_records())
        self.operations = operations_api(name, self.supervisor, self.lags,
                                         self.store.recorder.pool, cfg.schema)
        self.server = GrpcServer([*service.apis, self.audit, self.operations], verifier,
                                 listen=cfg.grpc_listen,
                                 max_message_bytes=cfg.grpc_max_message_bytes, tls=tls,
                                 quotas=cfg.quotas, health_listen=cfg.health_listen)
        await self.server.start()
        self.supervisor.on_change(self.server.set_serving)
        await self.server.set_serving(self.supervisor.healthy)

    def processing_records(self) -> list[Record]:
        """The service's register of processing: its declarations, the personal fields its
        domain's events declare, and the roles of the RPCs that show them."""
        module = self.spec.build.__module__
        if module == "__main__":  # run as `python -m services.<name>.main`
            module = sys.modules["__main__"].__spec__.name  # type: ignore[union-attr]
        domain = module.rsplit(".", 1)[0] + ".domain"
        roles = {rpc: allowed for api in self.service.apis for rpc, allowed in api.roles.items()}
        return register(self.service.processing, personal_events(domain), roles)

    def _spawn_relays_and_sealers(self, service: Service) -> None:
        seal_key = SealKey.from_b64(self.config.seal_key_b64)
        for store_name, store in self.stores.items():
            suffix = "" if store_name == MAIN else f":{store_name}"
            relay = Relay(store, self.js, self.spec.name, service.integration_event,
                          sealed=not service.translate_reads_personal_data,
                          leases=self.leases[store_name])
            self.supervisor.spawn(f"relay{suffix}", _beating(relay.run))
            self.supervisor.spawn(f"sealer{suffix}", _beating(partial(
                run_sealer, store.recorder, seal_key, self.config.seal_interval_s)))

    async def lags(self) -> dict[str, int]:
        """Events still to handle: by the relay, each reader and each consumer."""
        found: dict[str, int] = {}
        heads = {name: await s.recorder.max_notification_id() or 0
                 for name, s in self.stores.items()}
        for store_name, store in self.stores.items():
            relay = "relay" if store_name == MAIN else f"relay:{store_name}"
            found[relay] = heads[store_name] - (
                await store.recorder.max_tracking_id("relay") or 0)
        for name, runner in self.runners.items():
            found[f"projection:{name}"] = heads[runner.reader.store] - await runner.position()
        for consumer in self.consumers:
            info = await self.js.consumer_info(
                stream_name(consumer.subscription.publisher), consumer.name)
            found[f"consumer:{consumer.name}"] = info.num_pending or 0
        return found

    async def stop(self) -> None:
        """Drains in-flight calls, then stops background work and closes connections (once:
        stopping a stopped runtime does nothing)."""
        if self._stopped:
            return
        self._stopped = True
        if self.server is not None:
            await self.server.stop(self.config.shutdown_grace_s)
        await self.supervisor.stop()
        for leases in self.leases.values():
            await leases.close()  # the other replicas take them over at once
        if self._lag_task is not None:
            self._lag_task.cancel()
        # Close rather than drain: every message is acked only after its commit, and the relay
        # republishes whatever it had not saved, so nothing in flight is lost.
        await self.nc.close()
        for store in self.stores.values():
            await asyncio.wait_for(store.recorder.pool.close(), 10)


def _beating(run: Callable[..., Awaitable[None]]) -> Work:
    """Adapts a component's `run(beat=...)` to the supervisor."""
    return lambda heartbeat: run(beat=heartbeat.beat)


# The collector's youngest generation is examined once allocations outnumber frees by this
# much (Python's default: 700). grpc's aio server leaves a small reference cycle behind every
# call (its method lookup's closure), so at 200 calls/s the default ran the collector twice a
# second, and each pass promoted what the calls in flight held; those promotions brought on a
# full pass of the whole heap (70-90 ms in cases, under its caches) every 15-30 s, which is
# what a reader's p99 latency was made of. At 5,000 the collector runs every few seconds,
# promotes far less, and full passes become rare (measured in docs/operating.md).
GC_YOUNG_THRESHOLD = 5000


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
    # What startup made (modules, descriptors, pools) lives as long as the process: out of
    # the collector's full passes, which otherwise scan it all and stall every request (in
    # cases under load, the longest pause went from 138 to 64 ms).
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    await stop.wait()
    log.info("%s stopping", spec.name)
    await runtime.stop()


async def _stream_when_ready(js: JetStreamContext, name: str, replicas: int,
                             wait_s: float = 120) -> None:
    """The service's stream, waiting while JetStream cannot answer yet (a cluster still
    electing its leader, a server starting): a service started before its NATS comes up
    waits for it rather than exiting."""
    deadline = asyncio.get_running_loop().time() + wait_s
    delay = 0.5
    while True:
        try:
            await ensure_stream(js, name, replicas)
            return
        except (nats.errors.TimeoutError, nats.errors.NoRespondersError,
                nats.js.errors.ServiceUnavailableError) as e:
            if asyncio.get_running_loop().time() > deadline:
                raise
            log.warning("JetStream not ready (%s); retrying in %.1f s", type(e).__name__, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5)


def serve(spec: ServiceSpec) -> None:
    setup_logging(spec.name)
    setup_telemetry(spec.name)
    # libuv's loop: every round trip to PostgreSQL and NATS and every gRPC call passes
    # through the loop, and uvloop's costs less CPU than asyncio's (measured here: an asyncpg
    # query 0.13 -> 0.10 ms of the caller's CPU, a cached Resolve 0.79 -> 0.71 ms).
    uvloop.run(_serve(spec))
