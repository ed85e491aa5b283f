"""A dev-stack child dies with its parent (no leaked servers when `chorus up` is killed)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

PARENT = """
import subprocess, sys, time
from chorus.devstack.orphan_guard import guarded
child = subprocess.Popen(guarded(["/bin/sleep", "60"], 15))
print(child.pid, flush=True)
time.sleep(60)
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie has died already
        return stat.read().split()[2] != "Z"


def test_a_guarded_child_gets_its_signal_when_the_parent_is_killed() -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    deadline = time.monotonic() + 10
    while "sleep" not in Path(f"/proc/{child}/cmdline").read_text() \
            and time.monotonic() < deadline:
        time.sleep(0.05)  # the guard has become the command (same pid)
    assert alive(child)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child), "the child outlived its parent"
