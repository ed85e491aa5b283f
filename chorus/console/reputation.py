"""`chorus reputation`: import a mention history file, and draw a report as a PNG."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import grpc
import typer
from google.protobuf.duration_pb2 import Duration
from google.protobuf.timestamp_pb2 import Timestamp
from grpc_status import rpc_status
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from chorus.console.client import Connection, connection
from chorus.console.mention_rows import Row, rows
from chorus.reputation.v1 import reputation_pb2 as pb
from chorus.reputation.v1 import reputation_pb2_grpc as pb_grpc

app = typer.Typer(help="Reputation: import mention history, draw reports.",
                  no_args_is_help=True)
console = Console(stderr=True)
Address = Annotated[str | None, typer.Option(help="reputation's gRPC address (default:"
                                             " CHORUS_REPUTATION_ADDRESS or the client file)")]
Token = Annotated[str | None, typer.Option(help="bearer token (default: CHORUS_TOKEN or the"
                                           " client file)")]
BATCH = 500
BAD_MENTION = re.compile(r"^mentions\[(\d+)\]")


def _connect(address: str | None, token: str | None) -> Connection:
    try:
        return connection("reputation", address, token)
    except LookupError as e:
        console.print(f"[red]{e}[/red]")
        raise typer.Exit(2) from None


def _refused_indexes(error: grpc.RpcError) -> dict[int, str]:
    """The batch positions an INVALID_ARGUMENT names, with why."""
    status = rpc_status.from_call(error)
    found: dict[int, str] = {}
    from google.rpc import error_details_pb2

    for detail in status.details if status else []:
        bad = error_details_pb2.BadRequest()
        if detail.Unpack(bad):
            for v in bad.field_violations:
                if m := BAD_MENTION.match(v.field):
                    found.setdefault(int(m.group(1)), f"{v.field}: {v.description}")
    return found


def _send(stub: Any, meta: Any, batch: list[Row]) -> tuple[int, int, list[Row]]:
    """Records a batch; rows the service refuses are taken out (reported) and the rest sent
    again. Returns (recorded, duplicates, refused rows)."""
    refused: list[Row] = []
    while batch:
        try:
            reply = stub.RecordMentions(iter([pb.RecordMentionsRequest(
                mentions=[r.mention for r in batch if r.mention])]), metadata=meta,
                timeout=120)
            return reply.recorded, reply.duplicates, refused
        except grpc.RpcError as e:
            bad = _refused_indexes(e) if e.code() == grpc.StatusCode.INVALID_ARGUMENT else {}
            if not bad:
                raise
            refused += [Row(batch[i].line, problem=why) for i, why in sorted(bad.items())]
            batch = [r for i, r in enumerate(batch) if i not in bad]
    return 0, 0, refused


def _batches(found: Iterator[Row], broken: list[Row], progress: Any,
             task: Any) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in found:
        progress.advance(task)
        if row.problem:
            broken.append(row)
            continue
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


@app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                         help="mentions as JSON Lines (.jsonl) or CSV (.csv)")],
    address: Address = None, token: Token = None,
) -> None:
    """Records a history of mentions through RecordMentions (a post already recorded is
    not recorded twice). Rows that cannot be read or that the service refuses are listed
    with their line and reason, and skipped; the exit code is then 3."""
    conn = _connect(address, token)
    with file.open(encoding="utf-8", newline="") as f:
        total = sum(1 for line in f if line.strip()) - (file.suffix.lower() == ".csv")
    recorded = duplicates = 0
    broken: list[Row] = []
    with conn.channel() as channel, file.open(encoding="utf-8", newline="") as f, Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            console=console) as progress:
        stub = pb_grpc.ReputationServiceStub(channel)
        task = progress.add_task(f"importing {file.name}", total=max(total, 0))
        try:
            for batch in _batches(rows(file, f), broken, progress, task):
                new, seen, refused = _send(stub, conn.metadata(), batch)
                recorded, duplicates = recorded + new, duplicates + seen
                broken += refused
        except grpc.RpcError as e:
            console.print(f"[red]reputation refused the import: {e.code().name}:"
                          f" {e.details()}[/red] ({recorded} recorded before)")
            raise typer.Exit(1) from None
    typer.echo(f"recorded {recorded}, already known {duplicates}, rejected {len(broken)}")
    for row in sorted(broken, key=lambda r: r.line):
        typer.echo(f"  line {row.line}: {row.problem}")
    if broken:
        raise typer.Exit(3)


PERIOD = re.compile(r"^(\d+)([hd])$")


def _stamp(at: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(at)
    return stamp


@app.command()
def report(
    out: Annotated[Path, typer.Option(help="the PNG to write")] = Path("report.png"),
    period: Annotated[str, typer.Option(help="how far back: 24h, 7d, 30d...")] = "7d",
    term: Annotated[str, typer.Option(help="one tracked term (default: every mention)")] = "",
    address: Address = None, token: Token = None,
) -> None:
    """Draws the period's timeline (volume by tone), its sentiment split and the share of
    voice of the tracked terms, as one PNG."""
    match = PERIOD.match(period)
    if not match or int(match.group(1)) == 0:
        raise typer.BadParameter("like 24h or 7d", param_hint="--period")
    span = timedelta(hours=int(match.group(1))) if match.group(2) == "h" \
        else timedelta(days=int(match.group(1)))
    if span > timedelta(days=366):
        raise typer.BadParameter("at most a year", param_hint="--period")
    end = datetime.now(UTC)
    start = end - span
    bucket = timedelta(hours=1) if span <= timedelta(days=7) else timedelta(days=1)
    conn = _connect(address, token)
    try:
        with conn.channel() as channel:
            stub = pb_grpc.ReputationServiceStub(channel)
            asked = pb.GetTimelineRequest(to=_stamp(end), term=term, bucket=Duration(
                seconds=int(bucket.total_seconds())))
            getattr(asked, "from").CopyFrom(_stamp(start))  # `from` is a Python keyword
            timeline = stub.GetTimeline(asked, metadata=conn.metadata(), timeout=60)
            share = pb.GetShareOfVoiceRequest(to=_stamp(end))
            getattr(share, "from").CopyFrom(_stamp(start))
            voice = stub.GetShareOfVoice(share, metadata=conn.metadata(), timeout=60)
    except grpc.RpcError as e:
        console.print(f"[red]{e.code().name}: {e.details()}[/red]")
        raise typer.Exit(1) from None
    from chorus.console.charts import draw_report

    draw_report(out, f"{term or 'all mentions'}, last {period}", timeline, voice)
    mentions = sum(b.mentions for b in timeline.buckets)
    typer.echo(f"{out}: {mentions} mentions, {len(voice.shares)} tracked terms")
