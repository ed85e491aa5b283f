"""One PostgreSQL and one NATS JetStream for the whole test session.

Embedded (from the wheels) unless CHORUS_TEST_DATABASE_URL / CHORUS_TEST_NATS_URL name
external servers; the database URL must allow creating schemas, databases and roles.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from chorus.devstack.nats import EmbeddedNats
from chorus.devstack.postgres import EmbeddedPostgres


@dataclass
class Servers:
    database_url: str
    nats_url: str
    postgres: EmbeddedPostgres | None
    nats_dir: Path | None = None


_servers: Servers | None = None


def servers() -> Servers:
    global _servers
    if _servers is None:
        root = Path(tempfile.mkdtemp(prefix="chorus-test-"))
        # atexit runs last-registered first: the servers stop before their files go (each
        # session's data is several GB over a day of runs otherwise).
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        pg: EmbeddedPostgres | None = None
        db_url = os.environ.get("CHORUS_TEST_DATABASE_URL")
        if not db_url:
            pg = EmbeddedPostgres(root / "pg", durable=False).start()
            atexit.register(pg.stop)
            db_url = pg.dsn
        nats_url = os.environ.get("CHORUS_TEST_NATS_URL")
        nats_dir = None
        if not nats_url:
            nats = EmbeddedNats(root / "nats").start()
            atexit.register(nats.stop)
            nats_url, nats_dir = nats.url, nats.data_dir
        _servers = Servers(db_url, nats_url, pg, nats_dir)
    return _servers


def fresh_schema() -> str:
    return "t_" + uuid.uuid4().hex[:16]
