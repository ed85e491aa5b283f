"""`chorus up` tells a service that could not bind its gRPC port (taken after it was chosen)
from one that failed otherwise, so that it can try again on another port."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from chorus.devstack.ports import free_port
from chorus.devstack.stack import BIND_FAILED, DevStack, PortTaken


def exits_saying(stack: DevStack, said: str) -> None:
    stack.launches["cases"] = ([sys.executable, "-c", f"print({said!r}); raise SystemExit(1)"],
                               dict(os.environ))
    stack._launch("cases")


def test_a_port_taken_is_told_apart_from_another_failure(tmp_path: Path) -> None:
    stack = DevStack(tmp_path, services=("cases",))
    (tmp_path / "logs").mkdir()
    exits_saying(stack, f"{BIND_FAILED} '127.0.0.1:50052'; set GRPC_VERBOSITY")
    with pytest.raises(PortTaken):
        stack._wait_ready("cases", free_port(), timeout=20)
    (tmp_path / "logs" / "cases.log").unlink()
    exits_saying(stack, "database unreachable")
    with pytest.raises(RuntimeError) as failed:
        stack._wait_ready("cases", free_port(), timeout=20)
    assert not isinstance(failed.value, PortTaken)
