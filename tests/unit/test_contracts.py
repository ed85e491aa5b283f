"""The protobuf contracts: lint clean, and the committed generated code is current."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

from chorus.protogen import ROOT, generate


def test_buf_lint_is_clean() -> None:
    buf = Path(sys.executable).parent / "buf"
    result = subprocess.run([str(buf), "lint"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_code_is_not_stale(tmp_path: Path) -> None:
    fresh = generate(tmp_path)
    assert fresh, "nothing generated"
    for path in fresh:
        committed = ROOT / path.relative_to(tmp_path)
        assert committed.exists(), f"{committed} missing: run `make proto`"
        assert filecmp.cmp(path, committed, shallow=False), f"{committed} stale: `make proto`"
    committed_all = {p.relative_to(ROOT) for p in (ROOT / "chorus").rglob("*_pb2*.py*")}
    assert committed_all == {p.relative_to(tmp_path) for p in fresh}, "leftover generated files"


def test_import_linter_contract_holds() -> None:
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports")], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
