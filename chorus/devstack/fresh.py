"""Fresh secrets of one kind each, for `chorus up`, `chorus compose-env` and
`chorus k8s-secrets` alike."""

from __future__ import annotations

import base64
import os
import secrets

from chorus.audit.signing import SealKey


def new_key() -> str:
    """A master key: base64 of 32 random bytes."""
    return base64.b64encode(os.urandom(32)).decode()


def new_password() -> str:
    return secrets.token_urlsafe(24)


def new_seal_key() -> str:
    """An Ed25519 private key signing checkpoints, base64."""
    return SealKey.generate().to_b64()
