"""The Secrets infra/k8s expects, freshly generated (`chorus k8s-secrets`): each service's
NATS password, master and seal keys (and its extra stores' role and key), the NATS users, the
issuer's public key for tokens, and a self-signed TLS certificate for a trial (production
issues `chorus-tls` with cert-manager)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from chorus.catalog import SERVICES
from chorus.devstack.compose_env import write_dev_certs
from chorus.devstack.fresh import new_key, new_password, new_seal_key


def secret(name: str, data: dict[str, str], kind: str = "Opaque") -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Secret", "type": kind,
            "metadata": {"name": name, "labels": {"app.kubernetes.io/part-of": "chorus"}},
            "stringData": data}


def k8s_secrets(jwt_public_key: str, namespace: str = "chorus") -> str:
    """Every Secret of infra/k8s, as a JSON `List` (what `kubectl apply -f -` reads)."""
    found: list[dict[str, Any]] = []
    nats_users: dict[str, str] = {}
    for entry in SERVICES:
        up, password = entry.name.upper(), new_password()
        nats_users[f"NATS_{up}_PASSWORD"] = password
        own = {"CHORUS_NATS_PASSWORD": password,
               "CHORUS_MASTER_KEY": new_key(), "CHORUS_SEAL_KEY": new_seal_key()}
        for store in entry.extra_stores:
            role, store_password = f"chorus_{entry.name}_{store}", new_password()
            found.append(secret(f"chorus-{entry.name}-{store}-db",
                                {"username": role, "password": store_password},
                                "kubernetes.io/basic-auth"))
            own[f"CHORUS_{store.upper()}_DATABASE_URL"] = (
                f"postgresql://{role}:{store_password}@chorus-{entry.name}-pg-rw:5432"
                f"/chorus_{entry.name}")
            own[f"CHORUS_{store.upper()}_MASTER_KEY"] = new_key()
        found.append(secret(f"chorus-{entry.name}", own))
    found.append(secret("nats-users", nats_users))
    found.append(secret("chorus-jwt-issuer", {"issuer.pem": jwt_public_key}))
    with tempfile.TemporaryDirectory() as folder:
        hosts = [f"{e.name}{suffix}" for e in SERVICES
                 for suffix in ("", f".{namespace}", f".{namespace}.svc")]
        write_dev_certs(Path(folder), tuple(hosts))
        found.append(secret("chorus-tls", {
            "tls.crt": (Path(folder) / "server.pem").read_text(),
            "tls.key": (Path(folder) / "server-key.pem").read_text()}, "kubernetes.io/tls"))
    return json.dumps({"apiVersion": "v1", "kind": "List", "items": found}, indent=2) + "\n"
