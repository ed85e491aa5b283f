"""Every bench a doc names must run on a fresh clone: each one's imports resolve and its
command line parses (`--help`), so a moved helper or a dependency missing from the dev extra
fails here rather than in the next person's hands. (Running them is minutes each: the notes
quote their figures.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCHES = sorted(p for p in (ROOT / "bench").glob("*.py") if "__main__" in p.read_text())


def test_every_bench_imports_and_parses_its_command_line() -> None:
    assert len(BENCHES) >= 10
    started = {b.name: subprocess.Popen([sys.executable, str(b), "--help"], cwd=ROOT,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True) for b in BENCHES}
    failed = {}
    for name, bench in started.items():
        out, err = bench.communicate(timeout=120)
        if bench.returncode != 0 or "usage:" not in out:
            failed[name] = err.strip().splitlines()[-1:] or out[:200]
    assert failed == {}
