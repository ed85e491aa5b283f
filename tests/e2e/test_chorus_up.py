"""`chorus up` (what `make up` runs): starts everything, prints addresses and a token, keeps
data across restarts, and stops cleanly on Ctrl-C / SIGTERM."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import grpc

from chorus.identity.v1 import identity_pb2 as idpb
from chorus.identity.v1 import identity_pb2_grpc as idgrpc
from tests.grpc_client import bearer

CHORUS = str(Path(sys.executable).parent / "chorus")


def start(data_dir: Path) -> tuple[subprocess.Popen[str], dict[str, str], str]:
    proc = subprocess.Popen([CHORUS, "up", "--data-dir", str(data_dir)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    lines: list[str] = []
    try:
        return _read_banner(proc, lines, deadline)
    except BaseException:
        proc.kill()  # children get SIGTERM through their parent-death signal
        raise


def _read_banner(proc: subprocess.Popen[str], lines: list[str],
                 deadline: float) -> tuple[subprocess.Popen[str], dict[str, str], str]:
    assert proc.stdout is not None
    addresses: dict[str, str] = {}
    token = ""
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError("chorus up exited:\n" + "".join(lines))
        lines.append(line)
        if m := re.match(r"^\s+(\w+)\s+(127\.0\.0\.1:\d+)$", line):
            addresses[m[1]] = m[2]
        if re.match(r"^[\w-]+\.[\w-]+\.[\w-]+$", line.strip()):
            token = line.strip()
        if "Ctrl-C stops everything" in line:
            return proc, addresses, token
    raise AssertionError("chorus up did not come up:\n" + "".join(lines))


def follow(proc: subprocess.Popen[str]) -> list[str]:
    """What chorus up prints from now on, collected as it comes."""
    said: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            said.append(line)
    threading.Thread(target=read, daemon=True).start()
    return said


def chorus_status(data: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHORUS_")}
    return subprocess.run([CHORUS, "status"], capture_output=True, text=True, timeout=60,
                          env={**env, "CHORUS_CLIENT_CONFIG": str(data / "client.json")})


def eventually(check: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "never got there"
        time.sleep(0.25)


def test_a_service_that_dies_is_restarted_and_status_shows_everything(tmp_path: Path) -> None:
    data = tmp_path / "dev"
    proc, addresses, token = start(data)
    said = follow(proc)
    try:
        shown = chorus_status(data)
        assert shown.returncode == 0, shown.stdout + shown.stderr
        assert shown.stdout.count("SERVING") == 4 and "dead letters" in shown.stdout
        identity = json.loads((data / "processes.json").read_text())["identity"]
        os.kill(identity, signal.SIGKILL)
        eventually(lambda: any("identity restarted" in line for line in said), 30)
        assert any("identity exited (-9); restarting in" in line for line in said)
        assert proc.poll() is None, "the rest of the system kept running"

        def registers() -> bool:
            try:
                with grpc.insecure_channel(addresses["identity"]) as ch:
                    idgrpc.IdentityServiceStub(ch).RegisterCustomer(idpb.RegisterCustomerRequest(
                        customer_code="UP-2", legal_name="Bea", email="bea@example.org"),
                        metadata=bearer(token), timeout=5)
                return True
            except grpc.RpcError:
                return False
        eventually(registers, 60)
        eventually(lambda: chorus_status(data).returncode == 0, 60)
        assert json.loads((data / "processes.json").read_text())["identity"] != identity
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0
    down = chorus_status(data)
    assert down.returncode == 1 and down.stdout.count("DOWN") == 4, "nothing answers now"


def test_chorus_up_runs_the_system_and_keeps_data(tmp_path: Path) -> None:
    data = tmp_path / "dev"
    proc, addresses, token = start(data)
    try:
        assert set(addresses) == {"identity", "cases", "ideas", "reputation"}
        assert token
        with grpc.insecure_channel(addresses["identity"]) as ch:
            reply = idgrpc.IdentityServiceStub(ch).RegisterCustomer(idpb.RegisterCustomerRequest(
                customer_code="UP-1", legal_name="Ada", email="ada@example.org"),
                metadata=bearer(token))
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(60) == 0

    proc, addresses, token = start(data)
    try:
        with grpc.insecure_channel(addresses["identity"]) as ch:
            got = idgrpc.IdentityServiceStub(ch).GetCustomer(idpb.GetCustomerRequest(
                customer_id=reply.customer_id), metadata=bearer(token))
        assert got.customer.legal_name == "Ada"
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0
    assert (data / "postgres" / "PG_VERSION").exists()
