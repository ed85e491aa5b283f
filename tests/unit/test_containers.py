"""compose.yaml and the Dockerfile, checked statically (no container engine runs here)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from chorus.catalog import NAMES as SERVICES
from chorus.catalog import SERVICES as CATALOG
from chorus.config import SETTINGS
from chorus.console.client import CONSOLE_SETTINGS

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_matches_the_compose_spec_schema() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema",
         "vendor.compose-spec", str(ROOT / "compose.yaml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_service_gets_every_required_setting_and_nothing_unknown() -> None:
    services = compose()["services"]
    for name in SERVICES:
        env = services[name]["environment"]
        for setting in SETTINGS.values():
            if setting.required and (setting.services is None or name in setting.services):
                assert setting.name in env, f"{name} lacks {setting.name}"
            if setting.services is not None and name not in setting.services:
                assert setting.name not in env, f"{name} sets {setting.name}, meant for others"
        for key in env:
            if key.startswith("CHORUS_"):
                assert key in SETTINGS, f"{name} sets {key}, which no code reads"
        assert env["OTEL_SERVICE_NAME"] == f"chorus-{name}"
        assert f"chorus_{name}:" in env["CHORUS_DATABASE_URL"], "a role of its own"
        assert env["CHORUS_NATS_USER"] == name, "NATS credentials of its own"


def test_commands_and_files_exist() -> None:
    c = compose()
    for name in SERVICES:
        service = c["services"][name]
        module = service["command"][-1]
        assert service["command"][:2] == ["python", "-m"]
        assert (ROOT / (module.replace(".", "/") + ".py")).exists(), module
        assert (ROOT / service["build"]["dockerfile"]).exists()
        probe = service["healthcheck"]["test"]
        assert (ROOT / (probe[-1].replace(".", "/") + ".py")).exists()
    for service in c["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./") and "certs" not in source:
                assert (ROOT / source).exists(), source
    dockerfile = (ROOT / "infra/Dockerfile").read_text()
    for copied in re.findall(r"^COPY (\S+)", dockerfile, re.M):
        assert (ROOT / copied).exists(), copied
    assert (ROOT / "infra/nats/nats.conf").read_text().count("password: $NATS_") == len(
        SERVICES)


def test_every_variable_the_code_reads_is_declared() -> None:
    read = set()
    for path in [*(ROOT / "chorus").rglob("*.py"), *(ROOT / "services").rglob("*.py")]:
        read |= set(re.findall(r"\"(CHORUS_[A-Z_]+)\"", path.read_text()))
    declared = set(SETTINGS) | set(CONSOLE_SETTINGS)
    generated_for_compose = {n for n in read if n.startswith(
        tuple(f"CHORUS_{s.upper()}_" for s in SERVICES))}
    assert read - declared - generated_for_compose == set()
    # Extra stores read CHORUS_<STORE>_DATABASE_URL/_DB_SCHEMA/_MASTER_KEY: all declared.
    for entry in CATALOG:
        for store in entry.extra_stores:
            for suffix in ("DATABASE_URL", "DB_SCHEMA", "MASTER_KEY"):
                assert SETTINGS[f"CHORUS_{store.upper()}_{suffix}"].services == (entry.name,)


def test_compose_env_generates_every_interpolated_variable() -> None:
    from chorus.devstack.compose_env import compose_env

    generated = {line.split("=", 1)[0] for line in compose_env().splitlines()}
    wanted = set(re.findall(r"\$\{([A-Z_]+):\?", (ROOT / "compose.yaml").read_text()))
    assert wanted <= generated, wanted - generated


# The list of services is written once, in chorus/catalog.py; the files that cannot import
# it are checked against it here.


def test_compose_runs_every_service_of_the_catalog() -> None:
    c = compose()
    app_services = {n for n, s in c["services"].items()
                    if s.get("command", [""])[-1].startswith("services.")}
    assert app_services == set(SERVICES)
    pg_env = c["services"]["postgres"]["environment"]
    nats_env = c["services"]["nats"]["environment"]
    for entry in CATALOG:
        up = entry.name.upper()
        assert f"CHORUS_{up}_DB_PASSWORD" in pg_env
        assert f"NATS_{up}_PASSWORD" in nats_env
        for store in entry.extra_stores:
            assert f"CHORUS_{up}_{store.upper()}_DB_PASSWORD" in pg_env
            assert f"CHORUS_{store.upper()}_DATABASE_URL" in c["services"][entry.name][
                "environment"]


def test_postgres_init_script_provisions_every_service_and_store_of_the_catalog() -> None:
    script = (ROOT / "infra/postgres/init-databases.sh").read_text()
    (loop,) = re.findall(r"^for service in ([a-z ]+); do$", script, re.M)
    assert loop.split() == list(SERVICES)
    for entry in CATALOG:
        for store in entry.extra_stores:
            assert f"CREATE ROLE chorus_{entry.name}_{store} LOGIN" in script
            assert f"CREATE SCHEMA {entry.name}_{store} AUTHORIZATION" in script


def test_nats_lets_each_service_publish_only_its_own_subjects() -> None:
    conf = (ROOT / "infra/nats/nats.conf").read_text()
    users = re.findall(r"\{ user: (\w+),\s+password: \$NATS_(\w+)_PASSWORD,\s+permissions: \{"
                       r" publish: \[\"chorus\.(\w+)\.>\"", conf)
    assert [(u, p.lower(), s) for u, p, s in users] == [(n, n, n) for n in SERVICES]


def test_import_contracts_name_every_service_of_the_catalog() -> None:
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"]
    independent = next(c for c in contracts if c["type"] == "independence")
    assert independent["modules"] == [f"services.{n}" for n in SERVICES]
    layered = [c for c in contracts if c["type"] == "layers"]
    assert layered and all(c["containers"] == [f"services.{n}" for n in SERVICES]
                           for c in layered)


def test_the_shipped_nats_acknowledges_only_what_is_on_disk() -> None:
    conf = (ROOT / "infra/nats/nats.conf").read_text()
    block = conf[conf.index("jetstream {"):]
    assert re.search(r"^\s*sync_interval:\s*always\s*$", block[:block.index("}")], re.M)


def test_the_nats_cluster_profile_runs_every_routed_node_on_the_shipped_users() -> None:
    services = compose()["services"]
    nodes = {n for n, s in services.items() if "nats-cluster" in s.get("profiles", [])}
    conf = (ROOT / "infra/nats/cluster.conf").read_text()
    assert "include ./nats.conf" in conf  # the same users, permissions and fsync
    assert set(re.findall(r"nats://([\w-]+):6222", conf)) == nodes and len(nodes) == 3
    for name in nodes:
        node = services[name]
        assert node["command"] == ["-c", "/etc/nats/cluster.conf"]
        assert node["environment"]["NATS_SERVER_NAME"] == name
        assert "./infra/nats:/etc/nats:ro" in node["volumes"]
        for entry in CATALOG:
            assert f"NATS_{entry.name.upper()}_PASSWORD" in node["environment"]
