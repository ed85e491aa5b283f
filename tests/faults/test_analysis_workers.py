"""reputation's analysis workers (separate processes) under faults: a worker killed between
batches is replaced and the next batch is analysed as in place, one killed under a batch
too; a service killed outright takes its workers with it (none is left running, orphaned,
holding 40 MB), and has no other process than them."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from services.reputation.analysing import Analysers
from services.reputation.analysis_worker import analyse_all

TEXTS = [f"{said} {n}" for n in range(20) for said in (
    "My Acme X1 arrived broken and support never answers",
    "J'adore mon Acme X1, l'écran est superbe",
    "Is the Acme X1 better than the Globex Z?")]
TERMS = ["Acme X1", "Globex"]
ROOT = Path(__file__).resolve().parents[2]


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while any(running(p) for p in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


async def test_a_killed_worker_is_replaced_and_the_next_batch_analysed_as_in_place() -> None:
    analysers = Analysers(1)
    try:
        assert await analysers.analyse(TEXTS, TERMS) == analyse_all(TEXTS, TERMS)
        [worker] = analysers.worker_pids()
        os.kill(worker, signal.SIGKILL)
        assert gone_within([worker], 5)
        assert await analysers.analyse(TEXTS, TERMS) == analyse_all(TEXTS, TERMS)
        [replacement] = analysers.worker_pids()
        assert replacement != worker and running(replacement)
    finally:
        analysers.close()


async def test_a_worker_killed_under_batches_is_replaced_and_they_are_answered() -> None:
    analysers = Analysers(2)
    try:
        await analysers.analyse(TEXTS, TERMS)
        # In flight together, long enough that the kill lands under them on a fast machine
        # too (with 10 copies, a fast hour had them all answered before it, and the idle
        # worker's death was seen after the assertions).
        batches = [TEXTS[k:] * 30 for k in range(6)]
        analysing = asyncio.gather(*(analysers.analyse(b, TERMS) for b in batches))
        await asyncio.sleep(0.2)
        assert not analysing.done()
        killed = analysers.worker_pids()[0]
        os.kill(killed, signal.SIGKILL)
        assert await analysing == [analyse_all(b, TERMS) for b in batches]
        assert killed not in analysers.worker_pids() and len(analysers.worker_pids()) == 2
    finally:
        analysers.close()


def children(pid: int) -> set[int]:
    return {int(child) for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()}


async def test_workers_start_with_the_first_batch_and_leave_when_idle() -> None:
    """A service that hears nothing holds no models: workers come with the first batch,
    leave after `idle_s` without one, and the next batch brings new ones."""
    analysers = Analysers(1, idle_s=1.0)
    try:
        assert analysers.worker_pids() == []
        assert await analysers.analyse(TEXTS, TERMS) == analyse_all(TEXTS, TERMS)
        [worker] = analysers.worker_pids()
        await asyncio.sleep(0.5)
        assert await analysers.analyse(TEXTS[:3], TERMS) == analyse_all(TEXTS[:3], TERMS)
        await asyncio.sleep(0.7)  # 1.2 s after the first batch, 0.7 s after the last
        assert analysers.worker_pids() == [worker], "a batch keeps them a while longer"
        await asyncio.sleep(0.6)
        assert analysers.worker_pids() == [] and gone_within([worker], 5)
        assert await analysers.analyse(TEXTS, TERMS) == analyse_all(TEXTS, TERMS)
        [again] = analysers.worker_pids()
        assert again != worker and running(again)
    finally:
        analysers.close()


def test_workers_leave_with_a_killed_service() -> None:
    service = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import asyncio, sys, time
        from services.reputation.analysing import Analysers

        async def main() -> None:
            analysers = Analysers(2)
            await analysers.analyse(["warm", "up"] * 20, [])
            print(*analysers.worker_pids(), flush=True)
            time.sleep(60)

        if __name__ == "__main__":
            asyncio.run(main())
        """)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert service.stdout is not None
        workers = [int(p) for p in service.stdout.readline().split()]
        assert len(workers) == 2 and all(running(p) for p in workers)
        assert children(service.pid) == set(workers)  # no resource tracker, no helper
        service.send_signal(signal.SIGKILL)
        service.wait(10)
        assert gone_within(workers, 5), "analysis workers outlived their service"
    finally:
        service.kill()
