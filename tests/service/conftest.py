from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from chorus.devstack.nats import EmbeddedNats
from services.cases.main import SPEC as CASES
from services.reputation.main import SPEC as REPUTATION
from tests.servers import Servers
from tests.service.harness import Harness


@pytest.fixture(scope="package")
def tier_nats(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A NATS of this tier's own: in-process services use the same durable consumer names as
    the e2e tier's processes, which must not share their messages."""
    server = EmbeddedNats(Path(tmp_path_factory.mktemp("service-nats"))).start()
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
async def cases(stack: Servers, tier_nats: str) -> AsyncIterator[Harness]:
    """The cases service in-process, one per test module (a module may define its own)."""
    async with Harness(CASES, stack.database_url, tier_nats) as harness:
        yield harness


@pytest.fixture(scope="module")
async def reputation(stack: Servers, tier_nats: str) -> AsyncIterator[Harness]:
    """The reputation service in-process, one per test module."""
    async with Harness(REPUTATION, stack.database_url, tier_nats) as harness:
        yield harness
