"""`chorus reputation import` and `report` against reputation running as a process: a
history file's good rows are recorded once, its broken rows (unreadable, unknown network,
refused by the service) are listed by line and skipped; the report is a PNG."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from chorus.auth.tokens import mint
from chorus.devstack.stack import DevStack, DevState
from chorus.reputation.v1 import reputation_pb2 as rpb
from chorus.reputation.v1 import reputation_pb2_grpc as rgrpc
from tests.e2e.calls import channel, eventually, token

CHORUS = [sys.executable, "-m", "chorus.cli"]


def run(dev: DevStack, state: DevState, tenant: str,
        *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CHORUS_REPUTATION_ADDRESS": f"127.0.0.1:{dev.ports['reputation']}",
           "CHORUS_TOKEN": mint(state.jwt_secret, subject="importer", tenant=tenant,
                                roles=["service", "analyst"])}
    return subprocess.run([*CHORUS, "reputation", *args], env=env, capture_output=True,
                          text=True, timeout=120)


async def test_a_history_file_is_imported_its_broken_rows_listed_and_a_report_drawn(
        system: tuple[DevStack, DevState], tmp_path: Path) -> None:
    dev, state = system
    tenant = f"imp-{uuid.uuid4().hex[:6]}"
    at = (datetime.now(UTC) - timedelta(hours=3)).isoformat()

    def line(post: str, text: str, network: str = "x") -> str:
        return json.dumps({"network": network, "post_id": post, "text": text,
                           "published_at": at, "author": {"external_id": f"a-{post}",
                                                          "handle": f"@{post}",
                                                          "followers": 10},
                           "engagement": {"likes": 3}})

    history = tmp_path / "history.jsonl"
    history.write_text("\n".join([
        line("p1", "My Acme parcel never arrived, I want a refund"),
        "{not json",
        line("p2", "Great support from Acme, thank you", network="myspace"),
        line("p3", "x" * 100_001),  # the service refuses it: over 100,000 characters
        line("p4", "Acme delivered on time, well done"),
        line("p1", "My Acme parcel never arrived, I want a refund"),
    ]) + "\n")
    done = run(dev, state, tenant, "import", str(history))
    assert done.returncode == 3, done.stderr
    assert "recorded 2, already known 1, rejected 3" in done.stdout
    assert "line 2:" in done.stdout
    assert "line 3: unknown network 'myspace'" in done.stdout
    assert "line 4: mentions[" in done.stdout and ".text" in done.stdout

    table = tmp_path / "history.csv"
    table.write_text(
        "network,post_id,author_external_id,text,published_at,likes\n"
        f"facebook,c1,fan-1,Le service client Acme est nul,{at},12\n"
        f"facebook,c2,fan-2,Broken row with,too,many,columns,{at},1\n")
    done = run(dev, state, tenant, "import", str(table))
    assert done.returncode == 3
    assert "recorded 1, already known 0, rejected 1" in done.stdout
    assert "line 3: wrong number of columns" in done.stdout

    async with channel(dev, "reputation") as ch:
        stub = rgrpc.ReputationServiceStub(ch)
        found = await eventually(lambda: stub.SearchMentions(
            rpb.SearchMentionsRequest(), metadata=token(state, "analyst", tenant=tenant)),
            lambda r: len(r.mentions) == 3)
    assert {m.post_id for m in found.mentions} == {"p1", "p4", "c1"}

    png = tmp_path / "report.png"
    drawn = run(dev, state, tenant, "report", "--period", "7d", "--out", str(png))
    assert drawn.returncode == 0, drawn.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert "3 mentions" in drawn.stdout
    bad = run(dev, state, tenant, "report", "--period", "soon", "--out", str(png))
    assert bad.returncode == 2 and "24h or 7d" in bad.stderr
