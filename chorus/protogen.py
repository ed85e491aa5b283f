"""Generates the Python code of every proto under proto/ into the `chorus` package.

`python -m chorus.protogen [out_dir]`; `make proto` regenerates in place, and a test
regenerates into a temporary folder and fails when the committed code is stale.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from grpc_tools import protoc

ROOT = Path(__file__).resolve().parent.parent
PROTO_DIR = ROOT / "proto"


def proto_files() -> list[Path]:
    return sorted(PROTO_DIR.rglob("*.proto"))


def generate(out_dir: Path) -> list[Path]:
    include = str(resources.files("grpc_tools") / "_proto")
    files = [str(p.relative_to(PROTO_DIR)) for p in proto_files()]
    out_dir.mkdir(parents=True, exist_ok=True)
    code = protoc.main([
        "grpc_tools.protoc", f"-I{PROTO_DIR}", f"-I{include}",
        f"--python_out={out_dir}", f"--pyi_out={out_dir}", f"--grpc_python_out={out_dir}",
        *files,
    ])
    if code != 0:
        raise RuntimeError(f"protoc failed with exit code {code}")
    generated = sorted(p for p in out_dir.rglob("*_pb2*.py*") if p.is_file())
    for folder in {p.parent for p in generated}:
        # Packages for every generated folder below chorus/ (chorus/ itself is the kernel's).
        while folder != out_dir / "chorus" and folder != out_dir:
            (folder / "__init__.py").touch()
            folder = folder.parent
    return generated


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT)
