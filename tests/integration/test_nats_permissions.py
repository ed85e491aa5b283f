"""The NATS configuration we ship (infra/nats/nats.conf), run by a real nats-server: a
service publishes its own integration events, and a publish on another service's subjects
is refused by the server (a compromised service cannot forge another's events)."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import nats
import pytest

from chorus.devstack.nats import nats_server_binary
from chorus.devstack.ports import free_port, wait_for_port
from chorus.messaging.streams import ensure_stream

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def shipped_nats(tmp_path: Path) -> Iterator[int]:
    """nats-server on infra/nats/nats.conf (its port and store moved to this test's)."""
    port = free_port()
    conf = (ROOT / "infra/nats/nats.conf").read_text()
    conf = re.sub(r"^port: \d+$", f"port: {port}", conf, flags=re.M)
    conf = re.sub(r"^http: \d+$", f"http: {free_port()}", conf, flags=re.M)
    conf = conf.replace("store_dir: /data/jetstream", f'store_dir: "{tmp_path / "js"}"')
    (tmp_path / "nats.conf").write_text(conf)
    passwords = {f"NATS_{s}_PASSWORD": f"pw-{s.lower()}"
                 for s in ("IDENTITY", "CASES", "IDEAS", "REPUTATION")}
    server = subprocess.Popen([nats_server_binary(), "-c", str(tmp_path / "nats.conf")],
                              env={**os.environ, **passwords}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, 30)
        yield port
    finally:
        server.terminate()
        server.wait(10)


async def test_a_service_cannot_publish_on_another_services_subjects(shipped_nats: int) -> None:
    port = shipped_nats
    errors: list[str] = []

    async def on_error(e: Exception) -> None:
        errors.append(str(e))
    identity = await nats.connect(f"nats://127.0.0.1:{port}", user="identity",
                                  password="pw-identity", error_cb=on_error)
    cases = await nats.connect(f"nats://127.0.0.1:{port}", user="cases",
                               password="pw-cases", error_cb=on_error)
    try:
        await ensure_stream(identity.jetstream(), "identity")
        await ensure_stream(cases.jetstream(), "cases")
        own = await identity.jetstream().publish("chorus.identity.acme.CustomerRegistered",
                                                 b"x", timeout=5)
        assert own.seq == 1, "its own subjects: stored"
        with pytest.raises((nats.errors.TimeoutError, nats.js.errors.NoStreamResponseError)):
            await identity.jetstream().publish("chorus.cases.acme.CaseOpened", b"forged",
                                               timeout=2)
        info = await cases.jetstream().stream_info("CHORUS_CASES")
        assert info.state.messages == 0, "nothing forged reached cases' stream"
        assert any("permissions violation" in e.lower() for e in errors), errors
    finally:
        await identity.close()
        await cases.close()
