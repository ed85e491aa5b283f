from __future__ import annotations

import pytest

from tests.servers import Servers, servers


@pytest.fixture(scope="session")
def stack() -> Servers:
    return servers()
