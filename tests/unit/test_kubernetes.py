"""infra/k8s, checked statically (no cluster runs here): every built-in resource against the
Kubernetes schemas (kubernetes-validate, strict), the overlays' patches against the base,
and the manifests against the code: every service of the catalog deployed with every setting
it requires, its own database and NATS user, probes on the kernel's health port, and network
policies that let nothing but a service reach its database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from chorus.catalog import SERVICES as CATALOG
from chorus.config import SETTINGS
from chorus.devstack.k8s_secrets import k8s_secrets
from chorus.grpc.server import LIVENESS

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "infra/k8s"
VERSION = "1.34.0"
CRDS = {"postgresql.cnpg.io/v1"}  # CloudNativePG: its operator validates them


def documents(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def base() -> dict[tuple[str, str], dict[str, Any]]:
    kustomization = yaml.safe_load((K8S / "base/kustomization.yaml").read_text())
    found = {}
    for name in kustomization["resources"]:
        for doc in documents(K8S / "base" / name):
            key = (doc["kind"], doc["metadata"]["name"])
            assert key not in found, f"{key} twice"
            found[key] = doc
    return found


def merged(target: Any, patch: Any) -> Any:
    """A strategic-merge patch of maps (our patches change no list)."""
    if isinstance(target, dict) and isinstance(patch, dict):
        out = dict(target)
        for k, v in patch.items():
            out[k] = merged(target.get(k), v)
        return out
    return patch


def validate(doc: dict[str, Any]) -> None:
    if doc["apiVersion"] in CRDS:
        return
    try:
        kubernetes_validate.validate(doc, VERSION, strict=True)
    except kubernetes_validate.ValidationError as e:
        raise AssertionError(f"{doc['kind']}/{doc['metadata']['name']}: {e.message}") from e


def test_every_file_of_the_base_is_listed_and_every_resource_is_valid() -> None:
    listed = set(yaml.safe_load((K8S / "base/kustomization.yaml").read_text())["resources"])
    on_disk = {p.name for p in (K8S / "base").glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == on_disk
    for doc in base().values():
        validate(doc)


@pytest.mark.parametrize("overlay", ["production", "small"])
def test_overlays_patch_resources_of_the_base_into_valid_ones(overlay: str) -> None:
    resources = base()
    kustomization = yaml.safe_load((K8S / "overlays" / overlay / "kustomization.yaml")
                                   .read_text())
    assert kustomization["resources"] == ["../../base"]
    for image in kustomization.get("images", []):
        assert any(c["image"].split(":")[0] == image["name"]
                   for d in resources.values() if d["kind"] == "Deployment"
                   for c in d["spec"]["template"]["spec"]["containers"])
    for patch in kustomization["patches"]:
        for doc in documents(K8S / "overlays" / overlay / patch["path"]):
            key = (doc["kind"], doc["metadata"]["name"])
            assert key in resources, f"{overlay} patches {key}, which the base lacks"
            assert resources[key]["apiVersion"] == doc["apiVersion"]
            validate(merged(resources[key], doc))


def secrets_by_name() -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in json.loads(k8s_secrets("PEM"))["items"]}


def deployment(name: str) -> dict[str, Any]:
    return base()[("Deployment", name)]


def test_a_deployment_per_service_with_every_setting_it_needs_and_none_unknown() -> None:
    resources = base()
    deployed = {n for kind, n in resources if kind == "Deployment"}
    assert deployed == {e.name for e in CATALOG}
    common = resources[("ConfigMap", "chorus-common")]["data"]
    generated = secrets_by_name()
    for entry in CATALOG:
        pod = deployment(entry.name)["spec"]["template"]["spec"]
        (container,) = pod["containers"]
        assert container["command"] == ["python", "-m", f"services.{entry.name}.main"]
        assert (ROOT / f"services/{entry.name}/main.py").exists()
        env = {e["name"]: e for e in container["env"]}
        names = set(env) | set(common)
        for setting in SETTINGS.values():
            if setting.required and (setting.services is None or entry.name in setting.services):
                assert setting.name in names, f"{entry.name} lacks {setting.name}"
            if setting.services is not None and entry.name not in setting.services:
                assert setting.name not in names, f"{entry.name} sets {setting.name}"
        assert {n for n in names if n.startswith("CHORUS_")} <= set(SETTINGS)
        assert env["CHORUS_NATS_USER"]["value"] == entry.name
        assert env["OTEL_SERVICE_NAME"]["value"] == f"chorus-{entry.name}"
        assert env["CHORUS_DATABASE_URL"]["valueFrom"]["secretKeyRef"]["name"] == \
            f"chorus-{entry.name}-pg-app", "its own database cluster"
        for e in env.values():  # every secret key it reads is one `chorus k8s-secrets` writes
            ref = e.get("valueFrom", {}).get("secretKeyRef")
            if ref and not ref["name"].endswith("-pg-app"):
                assert ref["key"] in generated[ref["name"]]["stringData"], ref
        for volume in pod["volumes"]:
            if "secret" in volume:
                assert volume["secret"]["secretName"] in generated
        for path in ("CHORUS_GRPC_TLS_CERT_FILE", "CHORUS_GRPC_TLS_KEY_FILE",
                     "CHORUS_JWT_PUBLIC_KEY_FILE"):
            assert any(common[path].startswith(m["mountPath"] + "/")
                       for m in container["volumeMounts"]), path


def test_probes_ask_the_kernels_health_on_its_plain_text_port() -> None:
    common = base()[("ConfigMap", "chorus-common")]["data"]
    health_port = int(common["CHORUS_HEALTH_LISTEN"].rsplit(":", 1)[1])
    grpc_port = int(common["CHORUS_GRPC_LISTEN"].rsplit(":", 1)[1])
    for entry in CATALOG:
        (container,) = deployment(entry.name)["spec"]["template"]["spec"]["containers"]
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        assert ports == {"grpc": grpc_port, "health": health_port}
        assert container["livenessProbe"]["grpc"] == {"port": health_port,
                                                      "service": LIVENESS}
        assert container["startupProbe"]["grpc"]["service"] == LIVENESS
        assert container["readinessProbe"]["grpc"] == {"port": health_port}
        grace = float(common["CHORUS_SHUTDOWN_GRACE_SECONDS"])
        assert deployment(entry.name)["spec"]["template"]["spec"][
            "terminationGracePeriodSeconds"] > grace


def selects(peer: dict[str, Any], labels: dict[str, str]) -> bool:
    wanted = peer.get("podSelector", {}).get("matchLabels", {})
    return "podSelector" in peer and all(labels.get(k) == v for k, v in wanted.items())


def test_nothing_reaches_a_services_database_but_that_service() -> None:
    resources = base()
    policies = [d for (kind, _), d in resources.items() if kind == "NetworkPolicy"]
    clusters = {n for kind, n in resources if kind == "Cluster"}
    assert clusters == {f"chorus-{e.name}-pg" for e in CATALOG}
    for entry in CATALOG:
        pod_labels = deployment(entry.name)["spec"]["template"]["metadata"]["labels"]
        cluster = f"chorus-{entry.name}-pg"
        (guard,) = [p for p in policies
                    if p["spec"]["podSelector"].get("matchLabels", {}).get(
                        "cnpg.io/cluster") == cluster]
        on_5432 = [peer for rule in guard["spec"]["ingress"]
                   if any(port["port"] == 5432 for port in rule["ports"])
                   for peer in rule["from"]]
        for other in CATALOG:
            other_labels = deployment(other.name)["spec"]["template"]["metadata"]["labels"]
            reaches = any(selects(peer, other_labels) for peer in on_5432)
            assert reaches == (other.name == entry.name), (other.name, cluster)
        # and the service's own egress: NATS, its database, the collector; no other database
        (own,) = [p for p in policies
                  if p["spec"]["podSelector"].get("matchLabels") == {
                      "app.kubernetes.io/name": entry.name}]
        reached = [peer.get("podSelector", {}).get("matchLabels", {})
                   for rule in own["spec"]["egress"] for peer in rule["to"]]
        databases = {m["cnpg.io/cluster"] for m in reached if "cnpg.io/cluster" in m}
        assert databases == {cluster}
        assert pod_labels["app.kubernetes.io/component"] == "service"
    defaults = resources[("NetworkPolicy", "default-deny")]["spec"]
    assert defaults == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}


def test_databases_and_nats_are_replicated_and_nats_shares_the_shipped_users() -> None:
    resources = base()
    for entry in CATALOG:
        cluster = resources[("Cluster", f"chorus-{entry.name}-pg")]["spec"]
        assert cluster["instances"] >= 3 and cluster["minSyncReplicas"] >= 1
        assert cluster["bootstrap"]["initdb"]["owner"] == f"chorus_{entry.name}"
        roles = {r["name"] for r in cluster.get("managed", {}).get("roles", [])}
        assert roles == {f"chorus_{entry.name}_{store}" for store in entry.extra_stores}
    nats = resources[("StatefulSet", "nats")]["spec"]
    assert nats["replicas"] == 3
    assert resources[("ConfigMap", "chorus-common")]["data"]["CHORUS_NATS_REPLICAS"] == "3"
    conf = resources[("ConfigMap", "nats-config")]["data"]["nats.conf"]
    shipped = (ROOT / "infra/nats/nats.conf").read_text()
    users = shipped[shipped.index("authorization {"):].split()
    assert conf[conf.index("authorization {"):].split() == users
    assert "sync_interval: always" in conf
    generated = secrets_by_name()
    assert set(generated["nats-users"]["stringData"]) == {
        f"NATS_{e.name.upper()}_PASSWORD" for e in CATALOG}


def test_the_generated_secrets_are_valid() -> None:
    listed = json.loads(k8s_secrets("-----BEGIN PUBLIC KEY-----\n"))
    assert (listed["apiVersion"], listed["kind"]) == ("v1", "List")  # no schema of its own
    for doc in listed["items"]:
        validate(doc)
