"""What the whole system costs while nobody uses it.

    python bench/idle.py [--settle 30] [--seconds 30]

Starts the whole system (`chorus up` machinery: four services, PostgreSQL, NATS), lets it
settle, then reads each process's CPU time (children included: PostgreSQL's backends, the
services' workers) over `--seconds` with nothing asked of it. An idle service still polls:
its projections for other replicas' writes, its relay, its deadlines, its NATS consumers.
Last lines: RESULT idle_cpu_percent (the whole stack, in % of one core) and
RESULT idle_cpu_percent_<process>.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import scratch
from bench.processes import cpu_seconds
from chorus.devstack.stack import DevStack


def main(settle_s: float, seconds: float) -> None:
    dev = DevStack(scratch("chorus-bench-idle-"))
    dev.start()
    try:
        assert dev.pg is not None and dev.nats is not None
        # A NATS cluster (CHORUS_NATS_NODES) has no one pid: only a single node is counted.
        roots = {"postgres": dev.pg.pid, "nats": getattr(dev.nats, "pid", None),
                 **{service: proc.pid for service, proc in dev.procs.items()}}
        pids = {name: pid for name, pid in roots.items() if pid is not None}
        time.sleep(settle_s)
        before = {name: cpu_seconds(pid) for name, pid in pids.items()}
        time.sleep(seconds)
        used = {name: 100 * (cpu_seconds(pid) - before[name]) / seconds
                for name, pid in pids.items()}
    finally:
        dev.stop()
    print(f"idle for {seconds:.0f}s after {settle_s:.0f}s to settle, % of one core:")
    for name, percent in sorted(used.items(), key=lambda kv: -kv[1]):
        print(f"  {name:12s} {percent:5.1f}")
    print(f"RESULT idle_cpu_percent {sum(used.values()):.1f}")
    for name, percent in sorted(used.items()):
        print(f"RESULT idle_cpu_percent_{name} {percent:.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--settle", type=float, default=30.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    main(args.settle, args.seconds)
