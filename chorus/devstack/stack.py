"""`chorus up`: the whole system on one machine, embedded PostgreSQL and NATS included.

Each service gets its own database owned by its own role (no other role may connect), its
own gRPC port, and the development secrets kept under the data folder so that tokens, keys
and data survive restarts."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from chorus.catalog import NAMES, entry
from chorus.catalog import SERVICES as CATALOG
from chorus.devstack.fresh import new_key, new_seal_key
from chorus.devstack.nats import EmbeddedNats, NatsCluster
from chorus.devstack.orphan_guard import guarded
from chorus.devstack.ports import free_port, port_is_free, wait_for_port
from chorus.devstack.postgres import EmbeddedPostgres

SERVICES = NAMES
FIRST_GRPC_PORT = 50051


@dataclass
class DevState:
    """What `chorus up` keeps across restarts in <data>/state.json."""

    jwt_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    master_key: str = field(default_factory=new_key)
    seal_key: str = field(default_factory=new_seal_key)
    # The master key of each extra store (chorus/catalog.py), by store name.
    store_master_keys: dict[str, str] = field(default_factory=dict)
    pg_port: int = 0
    nats_port: int = 0

    @classmethod
    def load(cls, path: Path) -> DevState:
        if not path.exists():
            return cls()
        body = json.loads(path.read_text())
        if "social_master_key" in body:  # written before stores were listed by name
            body["store_master_keys"] = {"social": body.pop("social_master_key")}
        return cls(**body)

    def __post_init__(self) -> None:
        for service in CATALOG:  # every key exists before the state is first saved
            for store in service.extra_stores:
                self.store_master_keys.setdefault(store, new_key())

    def store_master_key(self, store: str) -> str:
        return self.store_master_keys[store]

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.__dict__, indent=2))
        path.chmod(0o600)


def database_url(admin_dsn: str, service: str, store: str | None = None) -> str:
    role = f"chorus_{service}" + (f"_{store}" if store else "")
    base = admin_dsn.rsplit("/", 1)[0].replace("postgres@", f"{role}@")
    return f"{base}/chorus_{service}"


def admin_database_url(admin_dsn: str, service: str) -> str:
    """The service's database, as the administrator (provisioning, tests, benches)."""
    return admin_dsn.rsplit("/", 1)[0] + f"/chorus_{service}"


async def provision(admin_dsn: str, services: tuple[str, ...] = SERVICES) -> None:
    """A database and an owning role per service; other roles cannot connect to it."""
    conn = await asyncpg.connect(admin_dsn)
    try:
        for s in services:
            role = f"chorus_{s}"
            await _ensure_role(conn, role)
            if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", role):
                await conn.execute(f"CREATE DATABASE {role} OWNER {role}")
            await conn.execute(f"REVOKE ALL ON DATABASE {role} FROM PUBLIC")
            for store in entry(s).extra_stores:
                await _provision_extra_store(conn, admin_dsn, s, store)
    finally:
        await conn.close()


async def _ensure_role(conn: asyncpg.Connection, role: str) -> None:
    if not await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role):
        await conn.execute(f"CREATE ROLE {role} LOGIN")


async def _provision_extra_store(admin: asyncpg.Connection, admin_dsn: str, service: str,
                                 store: str) -> None:
    """A role that may use only its own schema inside the service's database."""
    role, schema = f"chorus_{service}_{store}", f"{service}_{store}"
    await _ensure_role(admin, role)
    await admin.execute(f"GRANT CONNECT ON DATABASE chorus_{service} TO {role}")
    in_db = await asyncpg.connect(admin_database_url(admin_dsn, service))
    try:
        await in_db.execute(f"CREATE SCHEMA IF NOT EXISTS {schema} AUTHORIZATION {role}")
    finally:
        await in_db.close()


def service_env(state: DevState, service: str, admin_dsn: str, nats_url: str,
                grpc_port: int) -> dict[str, str]:
    extra: dict[str, str] = {}
    for store in entry(service).extra_stores:
        extra |= {f"CHORUS_{store.upper()}_DATABASE_URL": database_url(admin_dsn, service, store),
                  f"CHORUS_{store.upper()}_MASTER_KEY": state.store_master_key(store)}
    return {
        **extra,
        "CHORUS_DATABASE_URL": database_url(admin_dsn, service),
        "CHORUS_NATS_URL": nats_url,
        "CHORUS_GRPC_LISTEN": f"127.0.0.1:{grpc_port}",
        "CHORUS_JWT_SECRET": state.jwt_secret,
        "CHORUS_MASTER_KEY": state.master_key,
        "CHORUS_SEAL_KEY": state.seal_key,
    }


# What grpc says when the service's port is in use.
BIND_FAILED = "Failed to bind to address"


class PortTaken(RuntimeError):
    """A service exited because its gRPC port was in use."""


class DevStack:
    def __init__(self, data_dir: Path, services: tuple[str, ...] = SERVICES, *,
                 usual_ports: bool = True, nats_nodes: int = 1) -> None:
        self.data_dir = data_dir.resolve()
        self.services = services
        # 50051.. when free (what people expect of `chorus up`), else any free port.
        self.usual_ports = usual_ports
        self.state_file = self.data_dir / "state.json"
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.launches: dict[str, tuple[list[str], dict[str, str]]] = {}
        self.restarts: dict[str, int] = {}
        self._backoff: dict[str, float] = {}
        self._next_start: dict[str, float] = {}
        self._started_at: dict[str, float] = {}
        self.ports: dict[str, int] = {}
        self.pg: EmbeddedPostgres | None = None
        self.nats: EmbeddedNats | NatsCluster | None = None
        self.nats_nodes = nats_nodes

    def start(self) -> DevState:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        state = DevState.load(self.state_file)
        state.pg_port = state.pg_port if state.pg_port and port_is_free(state.pg_port) \
            else free_port()
        state.nats_port = state.nats_port if state.nats_port and port_is_free(state.nats_port) \
            else free_port()
        state.save(self.state_file)
        self.pg = EmbeddedPostgres(self.data_dir / "postgres", state.pg_port).start()
        if self.nats_nodes > 1:
            self.nats = NatsCluster(self.data_dir / "nats-cluster", self.nats_nodes).start()
        else:
            self.nats = EmbeddedNats(self.data_dir / "nats", state.nats_port).start()
        self.start_services(state, self.pg.dsn, self.nats.url, self.nats_nodes)
        return state

    def start_services(self, state: DevState, admin_dsn: str, nats_url: str,
                       nats_replicas: int = 1) -> None:
        """Provisions each service's database and runs the services as processes (their
        streams with `nats_replicas` replicas: one per node of a NATS cluster)."""
        asyncio.run(provision(admin_dsn, self.services))
        logs = self.data_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        for i, service in enumerate(self.services):
            port = FIRST_GRPC_PORT + i
            port = port if self.usual_ports and port_is_free(port) else free_port()
            env = {**os.environ, **service_env(state, service, admin_dsn, nats_url, port),
                   "CHORUS_NATS_REPLICAS": str(nats_replicas)}
            self.launches[service] = ([sys.executable, "-m", f"services.{service}.main"], env)
            self._launch(service)
            self.ports[service] = port
        for service in self.services:
            try:
                self._wait_ready(service, self.ports[service])
            except PortTaken:
                # Free when chosen, taken before the service bound it (the usual ports lie
                # in Linux's ephemeral range: any outgoing connection may get one): once
                # more, on a port the system gives.
                command, env = self.launches[service]
                self.ports[service] = port = free_port()
                self.launches[service] = (command, {**env,
                                                    "CHORUS_GRPC_LISTEN": f"127.0.0.1:{port}"})
                self._launch(service)
                self._wait_ready(service, port)

    def add_replica(self, service: str) -> str:
        """Starts another process of a started service, on the same stores and NATS and a gRPC
        port of its own (the replicas share its readers and relay, see projections/leases.py);
        returns its name, `<service>_2` and so on, its key in `procs` and `ports`."""
        command, env = self.launches[service]
        n = 2
        while f"{service}_{n}" in self.procs:
            n += 1
        name, port = f"{service}_{n}", free_port()
        self.launches[name] = (command, {**env, "CHORUS_GRPC_LISTEN": f"127.0.0.1:{port}"})
        self._launch(name)
        self.ports[name] = port
        self._wait_ready(name, port)
        return name

    def _launch(self, service: str) -> None:
        command, env = self.launches[service]
        log = open(self.data_dir / "logs" / f"{service}.log", "ab")  # noqa: SIM115
        self.procs[service] = subprocess.Popen(  # noqa: S603
            guarded(command, signal.SIGTERM), env=env, stdout=log, stderr=subprocess.STDOUT)
        self._started_at[service] = time.monotonic()
        (self.data_dir / "processes.json").write_text(json.dumps(
            {name: proc.pid for name, proc in self.procs.items()}))

    def started_at(self, service: str) -> float:
        """When the service's current process was launched (time.monotonic)."""
        return self._started_at[service]

    def keep_alive(self, say: Callable[[str], None]) -> None:
        """Restarts a service whose process exited, with backoff (0.5 s doubling to 30 s,
        back to 0.5 s once it ran a minute); `say` tells what happened."""
        now = time.monotonic()
        for service, proc in self.procs.items():
            if proc.poll() is None:
                if now - self._started_at.get(service, now) > 60:
                    self._backoff[service] = 0.5
                continue
            if service not in self._next_start:
                delay = self._backoff.get(service, 0.5)
                self._backoff[service] = min(delay * 2, 30.0)
                self._next_start[service] = now + delay
                say(f"{service} exited ({proc.returncode}); restarting in {delay:.1f}s"
                    f" (log: {self.data_dir}/logs/{service}.log)")
            elif now >= self._next_start[service]:
                del self._next_start[service]
                self.restarts[service] = self.restarts.get(service, 0) + 1
                self._launch(service)
                say(f"{service} restarted (pid {self.procs[service].pid},"
                    f" restart {self.restarts[service]})")

    def _wait_ready(self, service: str, port: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.procs[service].poll() is not None:
                log = self.data_dir / "logs" / f"{service}.log"
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                failed = PortTaken if BIND_FAILED in tail else RuntimeError
                raise failed(f"{service} exited ({self.procs[service].returncode});"
                             f" see {log}:\n{tail}")
            try:
                wait_for_port(port, timeout=0.5)
                return
            except TimeoutError:
                continue
        raise RuntimeError(f"{service} did not start in {timeout}s")

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)  # services drain in-flight calls first
        for proc in self.procs.values():
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        if self.nats:
            self.nats.stop()
        if self.pg:
            self.pg.stop()
