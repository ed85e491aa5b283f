"""Every environment variable a service reads, in one place.

compose.yaml and the docs are checked against SETTINGS by the test suite, so adding a variable
here without setting it for the containers fails CI."""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass, field
from pathlib import Path

from chorus.catalog import CUSTOMER_OWNER, ERASURE_PARTICIPANTS, SERVICES
from chorus.quotas import Quotas


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    doc: str
    required: bool = False  # must be set explicitly in containers
    services: tuple[str, ...] | None = None  # the services that read it (None: all)


def extra_store_settings(service: str, store: str) -> list[Setting]:
    """A store a service keeps apart from its main one (chorus/catalog.py): its own URL (and
    so database role), schema and master key."""
    up, only = store.upper(), (service,)
    return [
        Setting(f"CHORUS_{up}_DATABASE_URL", None,
                f"{service}: URL (with the {store} store's own role) of its {store} store",
                True, only),
        Setting(f"CHORUS_{up}_DB_SCHEMA", None,
                f"{service}: schema of its {store} store (default {service}_{store})",
                services=only),
        Setting(f"CHORUS_{up}_MASTER_KEY", None, f"{service}: base64 of 32 bytes wrapping the"
                f" {store} store's per-subject keys", True, only),
    ]


SETTINGS: dict[str, Setting] = {s.name: s for s in [
    Setting("CHORUS_DATABASE_URL", None, "PostgreSQL URL of this service's own database", True),
    Setting("CHORUS_DB_SCHEMA", None, "schema of the event store (default: the service name)"),
    Setting("CHORUS_DB_POOL_SIZE", "20", "asyncpg pool size"),
    Setting("CHORUS_NATS_URL", "nats://127.0.0.1:4222", "NATS server(s), comma-separated", True),
    Setting("CHORUS_NATS_CREDS_FILE", None, "NATS credentials file of this service"),
    Setting("CHORUS_NATS_USER", None, "NATS user of this service"),
    Setting("CHORUS_NATS_PASSWORD", None, "NATS password of this service"),
    Setting("CHORUS_NATS_REPLICAS", "1", "replicas of the service's stream in a NATS cluster"),
    Setting("CHORUS_GRPC_LISTEN", "0.0.0.0:50051", "gRPC listen address", True),
    Setting("CHORUS_HEALTH_LISTEN", None, "plain-text gRPC health address for probes that"
            " cannot use TLS (e.g. 0.0.0.0:8081 in Kubernetes)"),
    Setting("CHORUS_GRPC_MAX_MESSAGE_BYTES", str(4 * 1024 * 1024), "max gRPC message size"),
    Setting("CHORUS_GRPC_TLS_CERT_FILE", None, "server certificate (PEM); enables TLS"),
    Setting("CHORUS_GRPC_TLS_KEY_FILE", None, "server private key (PEM)"),
    Setting("CHORUS_GRPC_TLS_CLIENT_CA_FILE", None, "CA of client certificates; enables mTLS"),
    Setting("CHORUS_TENANT_CALLS_PER_SECOND", "2000", "each tenant's quota of calls a second on"
            " one replica (0: none)"),
    Setting("CHORUS_TENANT_QUOTAS", None, "tenants' own quotas, `tenant=calls_per_second,...`"),
    Setting("CHORUS_CALLER_CALLS_PER_SECOND", "1000", "each caller's (token subject's) quota of"
            " calls a second on one replica (0: none)"),
    Setting("CHORUS_TENANT_CALLS_IN_FLIGHT", "200", "each tenant's calls in progress at once on"
            " one replica (0: no limit)"),
    Setting("CHORUS_SHUTDOWN_GRACE_SECONDS", "10", "time in-flight calls get to finish on stop"),
    Setting("CHORUS_JWT_SECRET", None, "HS256 secret of bearer tokens (development)"),
    Setting("CHORUS_JWT_PUBLIC_KEY_FILE", None, "issuer's public key (PEM) for EdDSA/RS256/ES256"),
    Setting("CHORUS_JWT_ISSUER", None, "expected `iss` claim"),
    Setting("CHORUS_MASTER_KEY", None, "base64 of 32 bytes wrapping per-subject keys", True),
    Setting("CHORUS_SEAL_KEY", None, "base64 Ed25519 private key signing checkpoints", True),
    Setting("CHORUS_SEAL_INTERVAL_SECONDS", "5", "how often new log ranges are sealed"),
    Setting("CHORUS_BACKUP_RETENTION_DAYS", "30", "how long the platform keeps WAL archives and"
            " backups (erasure receipts state when copies made before an erasure expire)"),
    Setting("CHORUS_ERASURE_PARTICIPANTS", ",".join(ERASURE_PARTICIPANTS),
            f"{CUSTOMER_OWNER}: services that must confirm an erasure",
            services=(CUSTOMER_OWNER,)),
    Setting("CHORUS_REPUTATION_ANALYSIS_WORKERS", "1", "reputation: processes analysing"
            " mentions (language, tone, intent) beside the service; 0 analyses in its own"
            " process (one core for everything)", services=("reputation",)),
    *(s for e in SERVICES for store in e.extra_stores for s in extra_store_settings(e.name, store)),
]}


def env(name: str) -> str | None:
    setting = SETTINGS[name]  # KeyError: an undeclared variable
    return os.environ.get(name) or setting.default


def require_env(name: str) -> str:
    value = env(name)
    if not value:
        raise RuntimeError(f"{name} must be set: {SETTINGS[name].doc}")
    return value


@dataclass(frozen=True)
class ServiceConfig:
    service: str
    database_url: str
    schema: str
    pool_size: int
    nats_servers: list[str]
    nats_creds_file: str | None
    nats_user: str | None
    nats_password: str | None
    nats_replicas: int
    grpc_listen: str
    grpc_max_message_bytes: int
    tls_cert: Path | None
    tls_key: Path | None
    tls_client_ca: Path | None
    shutdown_grace_s: float
    jwt_secret: str | None
    jwt_public_key: str | None
    jwt_issuer: str | None
    master_key: bytes
    seal_key_b64: str
    seal_interval_s: float
    quotas: Quotas = field(default_factory=Quotas)
    health_listen: str | None = None

    @classmethod
    def from_env(cls, service: str) -> ServiceConfig:
        def path(name: str) -> Path | None:
            value = env(name)
            return Path(value) if value else None

        public_key = path("CHORUS_JWT_PUBLIC_KEY_FILE")
        return cls(
            service=service,
            database_url=require_env("CHORUS_DATABASE_URL"),
            schema=env("CHORUS_DB_SCHEMA") or service,
            pool_size=int(env("CHORUS_DB_POOL_SIZE") or 20),
            nats_servers=require_env("CHORUS_NATS_URL").split(","),
            nats_creds_file=env("CHORUS_NATS_CREDS_FILE"),
            nats_user=env("CHORUS_NATS_USER"),
            nats_password=env("CHORUS_NATS_PASSWORD"),
            nats_replicas=int(env("CHORUS_NATS_REPLICAS") or 1),
            grpc_listen=require_env("CHORUS_GRPC_LISTEN"),
            grpc_max_message_bytes=int(env("CHORUS_GRPC_MAX_MESSAGE_BYTES") or 0),
            tls_cert=path("CHORUS_GRPC_TLS_CERT_FILE"),
            tls_key=path("CHORUS_GRPC_TLS_KEY_FILE"),
            tls_client_ca=path("CHORUS_GRPC_TLS_CLIENT_CA_FILE"),
            shutdown_grace_s=float(env("CHORUS_SHUTDOWN_GRACE_SECONDS") or 10),
            quotas=Quotas.parse(env("CHORUS_TENANT_CALLS_PER_SECOND") or "0",
                                env("CHORUS_CALLER_CALLS_PER_SECOND") or "0",
                                env("CHORUS_TENANT_CALLS_IN_FLIGHT") or "0",
                                env("CHORUS_TENANT_QUOTAS") or ""),
            health_listen=env("CHORUS_HEALTH_LISTEN"),
            jwt_secret=env("CHORUS_JWT_SECRET"),
            jwt_public_key=public_key.read_text() if public_key else None,
            jwt_issuer=env("CHORUS_JWT_ISSUER"),
            master_key=base64.b64decode(require_env("CHORUS_MASTER_KEY")),
            seal_key_b64=require_env("CHORUS_SEAL_KEY"),
            seal_interval_s=float(env("CHORUS_SEAL_INTERVAL_SECONDS") or 5),
        )
