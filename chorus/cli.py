"""The `chorus` command: run the system, mint dev tokens, operate dead letters, projections
and the audit trail, and the console commands that talk to running services
(`chorus reputation ...`)."""

from __future__ import annotations

import asyncio
import base64
import signal
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import asyncpg
import typer
from rich.console import Console
from rich.table import Table

from chorus.auth.principal import Role
from chorus.auth.tokens import mint
from chorus.console.client import write_client_file
from chorus.console.compliance import app as compliance_console
from chorus.console.reputation import app as reputation_console
from chorus.console.status import status as system_status

app = typer.Typer(help="Chorus: event-sourced Social CRM backend.", no_args_is_help=True)
dead_letters = typer.Typer(help="Inspect and replay messages a consumer could not handle.")
audit = typer.Typer(help="Seal and verify a service's audit trail.")
app.add_typer(dead_letters, name="dead-letters")
app.add_typer(audit, name="audit")
app.add_typer(reputation_console, name="reputation")
app.add_typer(compliance_console, name="compliance")
app.command("status")(system_status)
console = Console()

DataDir = Annotated[Path, typer.Option(help="where `up` keeps data, keys and logs")]
DbUrl = Annotated[str, typer.Option(envvar="CHORUS_DATABASE_URL", help="service database URL")]
Schema = Annotated[str, typer.Option(help="the service's schema (its name by default)")]


@app.command()
def up(data_dir: DataDir = Path(".chorus/dev"), tenant: str = "dev",
       nats_cluster: Annotated[int, typer.Option(
           min=1, help="nats-servers clustered on loopback (3: streams keep 3 replicas and"
           " survive a node's loss)")] = 1) -> None:
    """Runs the whole system on embedded PostgreSQL and NATS until Ctrl-C."""
    from chorus.devstack.stack import DevStack

    stack = DevStack(data_dir, nats_nodes=nats_cluster)
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        state = stack.start()
        typer.echo("Chorus is up. gRPC addresses:")
        for service, port in stack.ports.items():
            typer.echo(f"  {service:<11} 127.0.0.1:{port}")
        assert stack.pg and stack.nats
        typer.echo(f"PostgreSQL: {stack.pg.dsn}\nNATS:       {stack.nats.url}")
        token = mint(state.jwt_secret, subject="dev-admin", tenant=tenant,
                     roles=[r.value for r in Role], ttl_s=7 * 24 * 3600)
        console.print(f"Development token (tenant {tenant}, every role, 7 days):")
        typer.echo(token)
        client_file = stack.data_dir / "client.json"
        write_client_file(client_file, {s: f"127.0.0.1:{p}" for s, p in stack.ports.items()},
                          token)
        typer.echo(f"Console commands (chorus reputation ...) read {client_file}"
                   " (or CHORUS_CLIENT_CONFIG).")
        typer.echo(f"Data and logs under {stack.data_dir}. Ctrl-C stops everything.")
        sys.stdout.flush()
        while not stopping:
            # A service that dies is restarted (with backoff), not the whole system stopped.
            stack.keep_alive(lambda said: console.print(f"[yellow]{said}[/yellow]"))
            time.sleep(0.25)
    finally:
        console.print("stopping: draining services, then NATS and PostgreSQL")
        stack.stop()


@app.command("compose-env")
def compose_env() -> None:
    """Prints fresh secrets for compose.yaml: `chorus compose-env > .env`."""
    from chorus.devstack.compose_env import compose_env as generate

    typer.echo(generate(), nl=False)


@app.command("k8s-secrets")
def k8s_secrets(
    jwt_public_key: Annotated[Path, typer.Option(
        help="your identity provider's public key (PEM) that signs callers' tokens")],
    namespace: str = "chorus",
) -> None:
    """Prints fresh Secrets for infra/k8s:
    `chorus k8s-secrets --jwt-public-key issuer.pem | kubectl apply -n chorus -f -`."""
    from chorus.devstack.k8s_secrets import k8s_secrets as generate

    if not jwt_public_key.is_file():
        raise typer.BadParameter(f"{jwt_public_key} is not a file", param_hint="--jwt-public-key")
    typer.echo(generate(jwt_public_key.read_text(), namespace), nl=False)


@app.command("dev-certs")
def dev_certs(folder: Path = Path("infra/certs")) -> None:
    """Writes a self-signed gRPC server certificate for compose (TLS on by default)."""
    from chorus.devstack.compose_env import write_dev_certs

    write_dev_certs(folder)
    console.print(f"wrote {folder}/server.pem and {folder}/server-key.pem")


@app.command()
def token(
    tenant: Annotated[str, typer.Option(help="tenant the caller belongs to")],
    roles: Annotated[str, typer.Option(help="comma-separated roles")] = "admin",
    subject: str = "dev-user",
    ttl: Annotated[int, typer.Option(help="lifetime in seconds")] = 3600,
    secret: Annotated[str | None, typer.Option(envvar="CHORUS_JWT_SECRET")] = None,
    data_dir: DataDir = Path(".chorus/dev"),
) -> None:
    """Mints a development token (HS256, the dev stack's secret unless --secret is given)."""
    if secret is None:
        from chorus.devstack.stack import DevState

        secret = DevState.load(data_dir / "state.json").jwt_secret
    typer.echo(mint(secret, subject=subject, tenant=tenant,
                    roles=[r.strip() for r in roles.split(",") if r.strip()], ttl_s=ttl))


@dead_letters.command("list")
def dead_letters_list(database_url: DbUrl, schema: Schema, all: bool = False) -> None:
    """Lists dead letters (not yet replayed unless --all)."""
    from chorus.messaging.dead_letters import list_dead_letters

    async def run() -> None:
        pool = await asyncpg.create_pool(database_url, min_size=1, max_size=2)
        rows = await list_dead_letters(pool, schema, include_replayed=all)
        await pool.close()
        table = Table("id", "consumer", "subject", "event id", "error", "failed at", "replayed")
        for r in rows:
            table.add_row(str(r.id), r.consumer, r.subject, r.event_id, r.error[:80],
                          r.failed_at.isoformat(), r.replayed_at.isoformat() if r.replayed_at
                          else ("requested" if r.replay_requested_at else ""))
        console.print(table)

    asyncio.run(run())


@dead_letters.command("replay")
def dead_letters_replay(dead_letter_id: int, database_url: DbUrl, schema: Schema) -> None:
    """Asks the owning consumer to handle a dead letter again."""
    from chorus.messaging.dead_letters import request_replay

    async def run() -> bool:
        pool = await asyncpg.create_pool(database_url, min_size=1, max_size=2)
        try:
            return await request_replay(pool, schema, dead_letter_id)
        finally:
            await pool.close()

    if not asyncio.run(run()):
        console.print(f"[red]no pending dead letter {dead_letter_id}[/red]")
        raise typer.Exit(1)
    console.print(f"replay of {dead_letter_id} requested; the consumer handles it within seconds")


@app.command("rebuild-projection")
def rebuild_projection(name: str, database_url: DbUrl, schema: Schema) -> None:
    """Empties a projection's read model and tracking; running services replay it from 0."""

    from chorus.projections.runner import request_rebuild

    async def run() -> None:
        pool = await asyncpg.create_pool(database_url, min_size=1, max_size=2)
        await request_rebuild(pool, schema, name)
        await pool.close()

    asyncio.run(run())
    console.print(f"projection {name} will be emptied and replayed from the start of the log"
                  " by the running service")


@audit.command("seal")
def audit_seal(database_url: DbUrl, schema: Schema,
               seal_key: Annotated[str, typer.Option(envvar="CHORUS_SEAL_KEY")]) -> None:
    """Seals every unsealed range of the log now."""
    from chorus.audit.sealer import seal
    from chorus.audit.signing import SealKey
    from chorus.eventstore.recorder import Recorder

    async def run() -> None:
        pool = await asyncpg.create_pool(database_url, min_size=1, max_size=2)
        recorder = Recorder(pool, schema)
        key = SealKey.from_b64(seal_key)
        while (last := await seal(recorder, key)) is not None:
            console.print(f"sealed up to position {last}")
        await pool.close()

    asyncio.run(run())


@audit.command("verify")
def audit_verify(database_url: DbUrl, schema: Schema,
                 public_key: Annotated[list[str], typer.Option(
                     help="base64 Ed25519 public key(s) that signed checkpoints")]) -> None:
    """Verifies hash chains, dense positions and signed checkpoints; exit 1 on tampering."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from chorus.audit.verify import verify
    from chorus.eventstore.recorder import Recorder

    keys = [Ed25519PublicKey.from_public_bytes(base64.b64decode(k)) for k in public_key]

    async def run() -> bool:
        pool = await asyncpg.create_pool(database_url, min_size=1, max_size=2)
        report = await verify(Recorder(pool, schema), keys)
        await pool.close()
        console.print(f"{report.events} events, {report.checkpoints} checkpoints checked")
        for p in report.problems:
            console.print(f"[red]TAMPERED[/red] {p}")
        return report.ok

    if not asyncio.run(run()):
        raise typer.Exit(1)
    console.print("[green]log verified: no tampering detected[/green]")


@audit.command("export-bundle")
def audit_export_bundle(
    service: Annotated[str, typer.Option(help="the service whose log to export")],
    out: Annotated[Path, typer.Option(help="the bundle file to write")],
    store: Annotated[str, typer.Option(help="one of the service's stores")] = "main",
    from_position: int = 0, to_position: int = 0,
    purpose: Annotated[str, typer.Option(help="why (recorded in the access log)")] = "audit",
) -> None:
    """Writes a service's log as a bundle an auditor verifies offline (`verify-bundle`)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from chorus.audit.bundle import write_parts
    from chorus.audit.v1 import audit_pb2 as apb
    from chorus.console import services
    from chorus.console.client import connection

    conn = connection(service)
    with conn.channel() as channel, out.open("wb") as f, Progress(
            SpinnerColumn(), TextColumn("{task.description}"), console=console) as progress:
        task = progress.add_task(f"exporting {service}/{store}")
        parts = services.audit(channel).ExportAuditBundle(apb.ExportAuditBundleRequest(
            store="" if store == "main" else store, from_position=from_position,
            to_position=to_position), metadata=conn.metadata(purpose), timeout=3600)

        def counted() -> Any:
            done = 0
            for part in parts:  # events come about 1 MB at a time
                done += len(part.events.events) + part.HasField("event")
                progress.update(task, description=f"exporting {service}/{store}: {done}"
                                                  " events")
                yield part
        events = write_parts(f, counted())
    typer.echo(f"{out}: {events} events of {service}/{store}")


@audit.command("verify-bundle")
def audit_verify_bundle(
    bundle: Annotated[Path, typer.Argument(exists=True, dir_okay=False)],
    public_key: Annotated[str, typer.Option(help="the trusted signing key (base64, as `audit"
                                            " public-key` prints it)")],
    workers: Annotated[int | None, typer.Option(help="processes checking events (default:"
                                                " one per core for a bundle over 16 MB)",
                                                min=1)] = None,
) -> None:
    """Verifies a bundle with no database and no running service: every event's hash, each
    stream's chain, positions, and the signed checkpoints."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from rich.progress import DownloadColumn, Progress

    from chorus.audit.bundle import verify_bundle_file

    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
    except ValueError:
        raise typer.BadParameter("not a base64 Ed25519 public key",
                                 param_hint="--public-key") from None
    # Refreshed by hand, not by rich's thread: a process with one thread starts its workers
    # by fork, in milliseconds instead of a third of a second.
    with Progress(*Progress.get_default_columns(), DownloadColumn(), console=console,
                  auto_refresh=False, transient=True) as bar:
        task = bar.add_task(f"verifying {bundle.name}", total=bundle.stat().st_size)

        def checked(done: int) -> None:
            bar.update(task, completed=done, refresh=True)

        report = verify_bundle_file(bundle, key, workers, progress=checked)
    for note in report.notes:
        console.print(f"note: {note}", soft_wrap=True)
    for problem in report.problems:
        console.print(f"[red]TAMPERED[/red] {problem}", soft_wrap=True)
    if not report.ok:
        raise typer.Exit(1)
    console.print(f"[green]bundle verified[/green]: {report.events} events,"
                  f" {report.checkpoints} checkpoints")


@audit.command("public-key")
def audit_public_key(seal_key: Annotated[str, typer.Option(envvar="CHORUS_SEAL_KEY")]) -> None:
    """Prints the public key of a seal key (give it to `audit verify`)."""
    from cryptography.hazmat.primitives import serialization

    from chorus.audit.signing import SealKey

    pub = SealKey.from_b64(seal_key).public.public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    typer.echo(base64.b64encode(pub).decode())


if __name__ == "__main__":
    app()
