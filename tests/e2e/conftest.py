from __future__ import annotations

from collections.abc import Iterator

import pytest

from chorus.devstack.stack import DevStack, DevState
from tests.servers import Servers


@pytest.fixture(scope="package")
def system(stack: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[DevStack, DevState]]:
    """All four services as processes on the test PostgreSQL and NATS, shared by the e2e
    modules (each test uses its own customers, so they do not interfere)."""
    dev = DevStack(tmp_path_factory.mktemp("system"), usual_ports=False)
    state = DevState()
    dev.start_services(state, stack.database_url, stack.nats_url)
    yield dev, state
    dev.stop()
