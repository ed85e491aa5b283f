from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chorus.devstack.nats import EmbeddedNats


@pytest.fixture(scope="package")
def tier_nats(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A NATS of this tier's own: in-process services use the same durable consumer names as
    the e2e tier's processes, which must not share their messages."""
    server = EmbeddedNats(Path(tmp_path_factory.mktemp("service-nats"))).start()
    yield server.url
    server.stop()
