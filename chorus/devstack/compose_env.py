"""Secrets and certificates for running compose.yaml (`chorus compose-env`, `chorus dev-certs`)."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from chorus.catalog import NAMES, SERVICES
from chorus.devstack.fresh import new_key, new_password, new_seal_key


def compose_env() -> str:
    """Every variable compose.yaml requires, freshly generated, as a .env file."""
    lines = [f"POSTGRES_PASSWORD={new_password()}",
             f"CHORUS_JWT_SECRET={secrets.token_urlsafe(32)}"]
    for service in SERVICES:
        up = service.name.upper()
        for store in service.extra_stores:
            lines += [f"CHORUS_{up}_{store.upper()}_DB_PASSWORD={new_password()}",
                      f"CHORUS_{up}_{store.upper()}_MASTER_KEY={new_key()}"]
        lines += [
            f"CHORUS_{up}_DB_PASSWORD={new_password()}",
            f"NATS_{up}_PASSWORD={new_password()}",
            f"CHORUS_{up}_MASTER_KEY={new_key()}",
            f"CHORUS_{up}_SEAL_KEY={new_seal_key()}",
        ]
    return "\n".join(lines) + "\n"


def write_dev_certs(folder: Path, names: tuple[str, ...] = ("localhost", *NAMES)) -> None:
    """A self-signed server certificate valid for localhost and every service's host name."""
    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "chorus-dev")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=365))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    (folder / "server.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file = folder / "server-key.pem"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_file.chmod(0o644)  # read by the containers' unprivileged user through a ro mount
