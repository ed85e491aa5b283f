"""What each process of a running stack costs while a bench loads it: the CPU time a write
took in every process (services, their workers, PostgreSQL, NATS, the bench's own client) and
each service's peak memory."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable

import psutil

from chorus.devstack.stack import DevStack


def process_tree(pid: int) -> list[psutil.Process]:
    """A process and its children (a service's analysis workers, PostgreSQL's backends);
    empty once it has exited."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def _own_cpu(p: psutil.Process) -> float:
    t = p.cpu_times()
    return float(t.user + t.system)


def cpu_seconds(pid: int) -> float:
    """CPU time a process and its living children used so far."""
    total = 0.0
    for p in process_tree(pid):
        with contextlib.suppress(psutil.Error):
            total += _own_cpu(p)
    return total


def _reaped_cpu(p: psutil.Process) -> float:
    t = p.cpu_times()
    return float(t.children_user + t.children_system)


class CpuPerWrite:
    """Where the CPU of a load goes, per write, across every process of the stack on this
    machine (each service, its worker processes, PostgreSQL with its backends, NATS, the
    bench's own client), and so the highest rate this machine's cores allow at that cost:
    the figure to compare a throughput target with before optimising anything."""

    def __init__(self, dev: DevStack) -> None:
        self.parts: dict[str, Callable[[], float]] = {}
        for service, proc in dev.procs.items():
            self.parts[service] = self._reader(proc.pid, own=True)
            self.parts[f"{service} workers"] = self._reader(proc.pid, own=False)
        for name, server in (("postgres", dev.pg), ("nats", dev.nats)):
            pid = getattr(server, "pid", None)
            if pid is not None:
                self.parts[name] = self._reader(pid, own=True, children=True)
        self.parts["bench client"] = self._reader(os.getpid(), own=True)
        # Python processes: one core at a time each (the GIL), so the busiest caps the rate.
        self.single_core = {*dev.procs, "bench client"}
        self._start: dict[str, float] = {}

    @staticmethod
    def _reader(pid: int, *, own: bool, children: bool | None = None) -> Callable[[], float]:
        """CPU seconds so far of the process (`own`) and/or its children, living and exited
        (`children`, default: when not `own`)."""
        def read() -> float:
            tree = process_tree(pid)
            if not tree:
                return 0.0
            total = _own_cpu(tree[0]) if own else 0.0
            if children if children is not None else not own:
                total += _reaped_cpu(tree[0])
                for child in tree[1:]:
                    with contextlib.suppress(psutil.Error):
                        total += _own_cpu(child)
            return total
        return read

    def start(self) -> None:
        self._start = {name: read() for name, read in self.parts.items()}

    def report(self, writes: int, unit: str = "write") -> float:
        """Prints each part's CPU milliseconds a write (or `unit`) since `start`, and the
        ceiling; returns the total (for `RESULT cpu_ms_per_write`)."""
        used = {name: (read() - self._start.get(name, 0.0)) * 1000 / max(writes, 1)
                for name, read in self.parts.items()}
        shown = {name: ms for name, ms in used.items() if ms >= 0.005}
        total = sum(shown.values())
        if not total:
            print("no CPU measured", flush=True)
            return 0.0
        cores = os.cpu_count() or 1
        single = {n: ms for n, ms in shown.items() if n in self.single_core}
        busiest = max(single, key=single.__getitem__)
        print(f"CPU a {unit} (ms): " + ", ".join(
            f"{name} {ms:.3f}" for name, ms in sorted(shown.items(), key=lambda i: -i[1]))
            + f"; total {total:.3f}: {cores} cores at full use sustain at most"
            f" {cores * 1000 / total:,.0f} {unit}s/s, the busiest single process ({busiest})"
            f" {1000 / single[busiest]:,.0f}", flush=True)
        return total


def _pss(p: psutil.Process) -> int:
    """Proportional resident bytes: each shared page (libraries, the interpreter) divided among
    the processes mapping it. Read from smaps_rollup, which the kernel sums (cheap)."""
    with open(f"/proc/{p.pid}/smaps_rollup") as rollup:
        return next(int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:"))


def _role(p: psutil.Process, root: psutil.Process) -> str:
    if p.pid == root.pid:
        return "service"
    # A child by the module it runs (`python -m services.reputation.analysis_worker`), so
    # that any other process a service starts shows up under its own name.
    command = p.cmdline()
    return command[command.index("-m") + 1].rsplit(".", 1)[-1] if "-m" in command[:-1] \
        else " ".join(command)[:40]


class MemoryWatch:
    """The highest resident memory of each service's process while it runs (sampled every
    half second, children included), for `RESULT max_rss_mb_<service>` lines, with the same
    as PSS (`max_pss_mb_<service>`: a page shared with other processes, such as the
    interpreter's, counted in proportion, not whole in each) and each process's own peak; and
    the CPU time each used meanwhile."""

    def __init__(self, dev: DevStack, every_s: float = 0.5) -> None:
        self.dev, self.every_s = dev, every_s
        self.peak_mb: dict[str, float] = {}
        self.peak_pss_mb: dict[str, float] = {}
        self.peak_by_role: dict[str, dict[str, float]] = {}
        self._roles: dict[int, str] = {}  # by pid: a process's command line is read once
        self._cpu_start: dict[str, float] = {}
        self.cpu_s: dict[str, float] = {}
        self._task: asyncio.Task[None] | None = None

    def sample(self) -> None:
        for service, proc in self.dev.procs.items():
            try:
                tree = process_tree(proc.pid)
                rss = {p.pid: p.memory_info().rss / 2**20 for p in tree}
                pss = sum(_pss(p) for p in tree) / 2**20
                for p in tree:
                    if p.pid not in self._roles:
                        self._roles[p.pid] = _role(p, tree[0])
                cpu = _own_cpu(tree[0])
            except (psutil.Error, OSError, IndexError, StopIteration):
                continue  # exited (restarting): the next sample sees the new one
            self.peak_mb[service] = max(self.peak_mb.get(service, 0.0), sum(rss.values()))
            self.peak_pss_mb[service] = max(self.peak_pss_mb.get(service, 0.0), pss)
            by_role = self.peak_by_role.setdefault(service, {})
            for pid, mb in rss.items():
                role = self._roles[pid]
                by_role[role] = max(by_role.get(role, 0.0), mb)
            self.cpu_s[service] = cpu - self._cpu_start.setdefault(service, cpu)

    async def _watch(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(self.every_s)

    async def __aenter__(self) -> MemoryWatch:
        self._task = asyncio.create_task(self._watch())
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self.sample()

    def report(self) -> None:
        for service, roles in sorted(self.peak_by_role.items()):
            if len(roles) > 1:
                print(f"{service}'s peak resident memory (MB), each process apart: " + ", ".join(
                    f"{role} {mb:.0f}" for role, mb in roles.items()))
        for service, mb in sorted(self.peak_mb.items()):
            print(f"RESULT max_rss_mb_{service} {mb:.0f}")
            print(f"RESULT max_pss_mb_{service} {self.peak_pss_mb[service]:.0f}")
