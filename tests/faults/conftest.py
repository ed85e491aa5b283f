"""`pytest tests/faults/test_system_faults.py --soak MINUTES`: the kill cycle repeated under
load for that long (a soak for a bench or a release), instead of once."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--soak", type=float, default=0.0, metavar="MINUTES",
                     help="repeat the system fault test's kill cycle for this many minutes")


@pytest.fixture
def soak_minutes(request: pytest.FixtureRequest) -> float:
    return float(request.config.getoption("--soak"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    soak = float(config.getoption("--soak"))
    if soak:  # the suite's per-test limit is for one cycle, not a soak
        for item in items:
            item.add_marker(pytest.mark.timeout(soak * 60 + 600))
