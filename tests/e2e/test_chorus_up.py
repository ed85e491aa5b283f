"""`chorus up` (what `make up` runs): starts everything, prints addresses and a token, keeps
data across restarts, and stops cleanly on Ctrl-C / SIGTERM."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
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
