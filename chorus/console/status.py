"""`chorus status`: every service's health, each background part's state and backlog, and
the dead letters waiting, as a table (`--watch` refreshes it)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Annotated

import grpc
import typer
from grpc_health.v1 import health_pb2, health_pb2_grpc
from rich.console import Console
from rich.live import Live
from rich.table import Table

from chorus.catalog import NAMES
from chorus.console.client import connection
from chorus.ops.v1 import ops_pb2, ops_pb2_grpc


@dataclass
class Seen:
    service: str
    health: str = "DOWN"  # SERVING, NOT_SERVING, or DOWN (not answering)
    status: ops_pb2.GetStatusResponse | None = None
    error: str = ""
    parts: list[ops_pb2.Part] = field(default_factory=list)


def look(service: str, token: str | None) -> Seen:
    seen = Seen(service)
    try:
        conn = connection(service, token=token)
    except LookupError as e:
        seen.error = str(e)
        return seen
    try:
        with conn.channel() as channel:
            health = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=""), timeout=3)
            seen.health = health_pb2.HealthCheckResponse.ServingStatus.Name(health.status)
            seen.status = ops_pb2_grpc.OperationsServiceStub(channel).GetStatus(
                ops_pb2.GetStatusRequest(), metadata=conn.metadata(), timeout=5)
            seen.parts = list(seen.status.parts)
    except grpc.RpcError as e:
        seen.error = f"{e.code().name}: {e.details()}"
    return seen


def table(seen: list[Seen]) -> Table:
    shown = Table(title=f"Chorus at {time.strftime('%H:%M:%S')}")
    for column in ("service", "health", "parts down", "largest backlog", "restarts",
                   "dead letters", "note"):
        shown.add_column(column)
    colour = {"SERVING": "green", "NOT_SERVING": "yellow"}
    for s in seen:
        down = [p.name for p in s.parts if not p.up]
        worst = max(s.parts, key=lambda p: p.lag, default=None)
        shown.add_row(
            s.service, f"[{colour.get(s.health, 'red')}]{s.health}[/]",
            ", ".join(down) or ("-" if s.status else "?"),
            f"{worst.lag} ({worst.name})" if worst and worst.lag else ("0" if s.status else "?"),
            str(sum(p.restarts for p in s.parts)) if s.status else "?",
            str(s.status.dead_letters) if s.status else "?",
            s.error or "; ".join(f"{p.name}: {p.last_error}" for p in s.parts
                                 if not p.up and p.last_error)[:120])
    return shown


def status(
    watch: Annotated[bool, typer.Option(help="refresh every 2 seconds until Ctrl-C")] = False,
    token: Annotated[str | None, typer.Option(help="an admin token (default: CHORUS_TOKEN or"
                                              " the client file)")] = None,
) -> None:
    """Each service's health, background parts (relay, projections, consumers, sealer,
    deadlines: up or down, backlog, restarts) and dead letters. Exits 1 when one is not
    serving."""
    console = Console() if Console().is_terminal else Console(width=160)
    if watch:
        with Live(table([look(s, token) for s in NAMES]), console=console) as live:
            while True:
                time.sleep(2)
                live.update(table([look(s, token) for s in NAMES]))
    seen = [look(s, token) for s in NAMES]
    console.print(table(seen))
    if any(s.health != "SERVING" for s in seen):
        raise typer.Exit(1)
