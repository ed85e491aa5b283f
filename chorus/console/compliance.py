"""`chorus compliance`: the compliance officer's console. It talks gRPC to every service of
the catalog with the officer's token (never to a database) and states the officer's purpose
on every call, so each read lands in the services' access logs."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import grpc
import typer
from google.protobuf.timestamp_pb2 import Timestamp
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from chorus.audit.v1 import audit_pb2 as apb
from chorus.catalog import CUSTOMER_OWNER, NAMES
from chorus.console import services
from chorus.console.client import Connection, connection

app = typer.Typer(help="The compliance officer's console: export, history, erasure, verification.",
                  no_args_is_help=True)
console = Console(stderr=True)
Purpose = Annotated[str, typer.Option(help="why you process this person's data (recorded in"
                                      " every service's access log), e.g. a request reference")]
Customer = Annotated[str, typer.Option("--customer", help="the customer id")]
Token = Annotated[str | None, typer.Option(help="bearer token (default: CHORUS_TOKEN or the"
                                           " client file)")]


def _connect(service: str, token: str | None) -> Connection:
    try:
        return connection(service, token=token)
    except LookupError as e:
        console.print(f"[red]{e}[/red]")
        raise typer.Exit(2) from None


def _stamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(value if value.tzinfo else value.replace(tzinfo=UTC))
    return stamp


def _show(table: Table) -> None:
    out = Console()
    (out if out.is_terminal else Console(width=200)).print(table)  # piped: wide, not wrapped


def _failed(service: str, e: grpc.RpcError) -> str:
    return f"{service}: {e.code().name}: {e.details()}"


class Unanswered(Exception):
    """A service did not answer (its name, the status and why)."""


def linked_profiles(customer: str, purpose: str, token: str | None) -> list[str]:
    """The social profiles identity links to the customer (what they wrote before being
    identified is theirs too)."""
    conn = _connect(CUSTOMER_OWNER, token)
    pb = services.messages(CUSTOMER_OWNER)
    with conn.channel() as channel:
        replies = services.stub(CUSTOMER_OWNER, channel).ExportSubjectData(
            pb.ExportSubjectDataRequest(customer_id=customer), metadata=conn.metadata(purpose),
            timeout=60)
        return [r.profile.profile_id for r in replies if r.HasField("profile")]


def subject_history(customer: str, purpose: str, token: str | None, as_of: datetime | None = None,
                    from_: datetime | None = None, to: datetime | None = None,
                    ) -> tuple[list[str], list[apb.HistoryEvent]]:
    """The subjects (the customer and their linked profiles) and every service's events
    about them, in the order recorded. Raises Unanswered naming a service that failed."""
    try:
        subjects = [customer, *linked_profiles(customer, purpose, token)]
    except grpc.RpcError as e:
        raise Unanswered(_failed(CUSTOMER_OWNER, e)) from None
    request = apb.GetSubjectHistoryRequest(subjects=subjects, as_of=_stamp(as_of), to=_stamp(to))
    if from_ is not None:
        getattr(request, "from").CopyFrom(_stamp(from_))
    events: list[apb.HistoryEvent] = []
    for service in NAMES:
        conn = _connect(service, token)
        try:
            with conn.channel() as channel:
                events += services.audit(channel).GetSubjectHistory(
                    request, metadata=conn.metadata(purpose), timeout=60).events
        except grpc.RpcError as e:
            raise Unanswered(_failed(service, e)) from None
    events.sort(key=lambda e: (e.recorded_at.ToDatetime(), e.service, e.position))
    return subjects, events


@app.command()
def history(
    customer: Customer, purpose: Purpose,
    as_of: Annotated[datetime | None, typer.Option(help="as the logs stood then (UTC)")] = None,
    from_: Annotated[datetime | None, typer.Option("--from", help="recorded from (UTC)")] = None,
    to: Annotated[datetime | None, typer.Option(help="recorded before (UTC)")] = None,
    format: Annotated[str, typer.Option(help="table or json")] = "table",
    token: Token = None,
) -> None:
    """One timeline, across every service, of what was recorded about the person and their
    linked social profiles (as known at --as-of: later records are left out)."""
    if format not in ("table", "json"):
        raise typer.BadParameter("table or json", param_hint="--format")
    try:
        subjects, events = subject_history(customer, purpose, token, as_of, from_, to)
    except Unanswered as unanswered:
        console.print(f"[red]{unanswered}: the history is incomplete[/red]")
        raise typer.Exit(1) from None
    if format == "json":
        typer.echo(services.as_json(events))
        return
    table = Table(title=f"History of customer {customer} ({len(subjects) - 1} linked profiles)")
    for column in ("recorded at (UTC)", "service", "event", "actor", "purpose", "fields"):
        table.add_column(column)
    for event in events:
        fields = event.fields_json if len(event.fields_json) < 120 \
            else event.fields_json[:117] + "..."
        table.add_row(event.recorded_at.ToDatetime().isoformat(timespec="seconds"),
                      f"{event.service}/{event.store}", event.event_type, event.actor,
                      event.purpose, ("[erased] " if event.erased else "") + fields)
    _show(table)


def export_part(service: str, customer: str, purpose: str, token: str | None) -> dict[str, Any]:
    conn = _connect(service, token)
    pb = services.messages(service)
    with conn.channel() as channel:
        exported = [services.as_dict(r) for r in services.stub(service, channel)
                    .ExportSubjectData(pb.ExportSubjectDataRequest(customer_id=customer),
                                       metadata=conn.metadata(purpose), timeout=120)]
        reads = services.audit(channel).GetAccessLog(apb.GetAccessLogRequest(
            subjects=[customer]), metadata=conn.metadata(purpose), timeout=60)
    return {"export": exported, "access_log": [services.as_dict(e) for e in reads.entries]}


def digest(part: dict[str, Any]) -> str:
    """SHA-256 of a part's canonical JSON (sorted keys, no spaces): what the manifest lists."""
    return hashlib.sha256(json.dumps(part, sort_keys=True, separators=(",", ":"))
                          .encode()).hexdigest()


@app.command()
def export(
    customer: Customer, purpose: Purpose,
    out: Annotated[Path, typer.Option(help="the JSON package to write")] = Path("export.json"),
    partial: Annotated[bool, typer.Option(help="write what the services that answered gave,"
                                          " marked incomplete, rather than fail")] = False,
    token: Token = None,
) -> None:
    """Everything every service holds about the person (their ExportSubjectData) and who
    read it (access logs), as one JSON package with a manifest: each service, whether it
    answered, its part's SHA-256, and the time."""
    parts: dict[str, Any] = {}
    manifest = []
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("asking every service", total=len(NAMES))
        for service in NAMES:
            try:
                part = export_part(service, customer, purpose, token)
                parts[service] = part
                manifest.append({"service": service, "answered": True, "sha256": digest(part),
                                 "items": len(part["export"]),
                                 "access_entries": len(part["access_log"]),
                                 "at": datetime.now(UTC).isoformat()})
            except grpc.RpcError as e:
                if not partial:
                    console.print(f"[red]{_failed(service, e)}: no export written (use"
                                  " --partial to write an incomplete one)[/red]")
                    raise typer.Exit(1) from None
                manifest.append({"service": service, "answered": False,
                                 "error": _failed(service, e),
                                 "at": datetime.now(UTC).isoformat()})
            progress.advance(task)
    complete = all(m["answered"] for m in manifest)
    package = {"customer_id": customer, "purpose": purpose, "complete": complete,
               "exported_at": datetime.now(UTC).isoformat(), "manifest": manifest,
               "parts": parts}
    out.write_text(json.dumps(package, indent=2, sort_keys=True))
    state = "complete" if complete else "[yellow]INCOMPLETE[/yellow]"
    console.print(f"{out}: {state}, {sum(1 for m in manifest if m['answered'])} of"
                  f" {len(NAMES)} services")
    if not complete:
        raise typer.Exit(3)


@app.command()
def erase(customer: Customer, purpose: Purpose,
          ref: Annotated[str, typer.Option(help="the erasure request's reference")],
          token: Token = None) -> None:
    """Erases the customer everywhere (identity runs the saga; every service confirms)."""
    conn = _connect(CUSTOMER_OWNER, token)
    pb = services.messages(CUSTOMER_OWNER)
    try:
        with conn.channel() as channel:
            done = services.stub(CUSTOMER_OWNER, channel).EraseCustomer(
                pb.EraseCustomerRequest(customer_id=customer, request_ref=ref),
                metadata=conn.metadata(purpose), timeout=60)
    except grpc.RpcError as e:
        console.print(f"[red]{_failed(CUSTOMER_OWNER, e)}[/red]")
        raise typer.Exit(1) from None
    typer.echo(f"erasure {done.erasure_id} requested; follow it with"
               f" `chorus compliance receipt {done.erasure_id}`")


@app.command()
def receipt(erasure_id: str, token: Token = None) -> None:
    """An erasure's receipt: which services confirmed what, what is pending, the deadline."""
    conn = _connect(CUSTOMER_OWNER, token)
    pb = services.messages(CUSTOMER_OWNER)
    try:
        with conn.channel() as channel:
            found = services.stub(CUSTOMER_OWNER, channel).GetErasureReceipt(
                pb.GetErasureReceiptRequest(erasure_id=erasure_id), metadata=conn.metadata(),
                timeout=60)
    except grpc.RpcError as e:
        console.print(f"[red]{_failed(CUSTOMER_OWNER, e)}[/red]")
        raise typer.Exit(1) from None
    typer.echo(json.dumps(services.as_dict(found), indent=2))


@app.command()
def erasures(
    pending: Annotated[bool, typer.Option(help="only those not completed yet")] = False,
    overdue: Annotated[bool, typer.Option(help="only pending ones past their deadline")] = False,
    completed: Annotated[bool, typer.Option(help="only completed ones")] = False,
    format: Annotated[str, typer.Option(help="table or json")] = "table",
    token: Token = None,
) -> None:
    """Every erasure of the tenant, newest first, with its deadline and pending services."""
    chosen = [name for name, on in (("pending", pending), ("overdue", overdue),
                                    ("completed", completed)) if on]
    if len(chosen) > 1:
        raise typer.BadParameter("at most one of --pending, --overdue, --completed")
    conn = _connect(CUSTOMER_OWNER, token)
    pb = services.messages(CUSTOMER_OWNER)
    request = pb.ListErasuresRequest(
        filter=pb.ErasureFilter.Value(f"ERASURE_FILTER_{chosen[0].upper()}") if chosen else 0,
        page_size=500)
    found: list[Any] = []
    try:
        with conn.channel() as channel:
            identity = services.stub(CUSTOMER_OWNER, channel)
            while True:
                page = identity.ListErasures(request, metadata=conn.metadata(), timeout=60)
                found += page.erasures
                if not page.next_page_token:
                    break
                request.page_token = page.next_page_token
    except grpc.RpcError as e:
        console.print(f"[red]{_failed(CUSTOMER_OWNER, e)}[/red]")
        raise typer.Exit(1) from None
    if format == "json":
        typer.echo(services.as_json(found))
        return
    table = Table(title=f"{len(found)} erasures" + (f" ({chosen[0]})" if chosen else ""))
    for column in ("erasure", "customer", "ref", "requested", "due by", "state", "pending"):
        table.add_column(column)
    for item in found:
        state = "completed" if item.completed else "[red]OVERDUE[/red]" if item.overdue \
            else "pending"
        table.add_row(item.erasure_id, item.customer_id, item.request_ref,
                      item.requested_at.ToDatetime().isoformat(timespec="minutes"),
                      item.due_by.ToDatetime().date().isoformat(), state,
                      ", ".join(item.pending))
    _show(table)


@app.command("processing-records")
def processing_records(
    format: Annotated[str, typer.Option(help="table or json")] = "table",
    token: Token = None,
) -> None:
    """The register of processing (GDPR art. 30) of every service, from the code's
    declarations: events, personal fields, purpose, legal basis, retention, who may read."""
    records: list[Any] = []
    for service in NAMES:
        conn = _connect(service, token)
        try:
            with conn.channel() as channel:
                records += services.audit(channel).GetProcessingRecords(
                    apb.GetProcessingRecordsRequest(), metadata=conn.metadata(),
                    timeout=60).records
        except grpc.RpcError as e:
            console.print(f"[red]{_failed(service, e)}: the register is incomplete[/red]")
            raise typer.Exit(1) from None
    if format == "json":
        typer.echo(services.as_json(records))
        return
    table = Table(title="Register of processing (GDPR art. 30)")
    for column in ("service", "event", "personal fields", "purpose", "legal basis",
                   "retention", "readers"):
        table.add_column(column)
    for r in records:
        table.add_row(r.service, r.event, ", ".join(r.personal_fields), r.purpose,
                      r.legal_basis, r.retention, ", ".join(r.readers))
    _show(table)


@app.command()
def verify(
    service: Annotated[list[str] | None, typer.Option(help="a service (repeat for more;"
                                                      " default: all)")] = None,
    every: Annotated[bool, typer.Option("--all", help="every service (the default)")] = False,
    token: Token = None,
) -> None:
    """Has each service verify its logs (hash chains, dense positions, signed checkpoints)."""
    if every and service:
        raise typer.BadParameter("either --service or --all", param_hint="--all")
    unknown = set(service or []) - set(NAMES)
    if unknown:
        raise typer.BadParameter(f"unknown {', '.join(sorted(unknown))}", param_hint="--service")
    failed = False
    for name in service or NAMES:
        conn = _connect(name, token)
        for store in services.stores(name):
            try:
                with conn.channel() as channel:
                    report = services.audit(channel).VerifyLog(
                        apb.VerifyLogRequest(store=store), metadata=conn.metadata(),
                        timeout=600)
            except grpc.RpcError as e:
                console.print(f"[red]{_failed(name, e)}[/red]")
                failed = True
                continue
            state = "[green]verified[/green]" if report.ok else "[red]TAMPERED[/red]"
            console.print(f"{name}/{store}: {state}, {report.events} events,"
                          f" {report.checkpoints} checkpoints, key {report.key_id}")
            for problem in report.problems:
                console.print(f"  [red]{problem}[/red]", soft_wrap=True)
            failed |= not report.ok
    if failed:
        raise typer.Exit(1)
