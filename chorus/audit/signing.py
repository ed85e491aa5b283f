"""Ed25519 keys that sign checkpoints."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


@dataclass(frozen=True)
class SealKey:
    private: Ed25519PrivateKey

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    @property
    def key_id(self) -> str:
        return public_key_id(self.public)

    def sign(self, digest: bytes) -> bytes:
        return self.private.sign(digest)

    @classmethod
    def generate(cls) -> SealKey:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_b64(cls, raw: str) -> SealKey:
        return cls(Ed25519PrivateKey.from_private_bytes(base64.b64decode(raw)))

    def to_b64(self) -> str:
        raw = self.private.private_bytes(serialization.Encoding.Raw,
                                         serialization.PrivateFormat.Raw,
                                         serialization.NoEncryption())
        return base64.b64encode(raw).decode()

    @classmethod
    def load_or_create(cls, path: Path) -> SealKey:
        if path.exists():
            return cls.from_b64(path.read_text().strip())
        key = cls.generate()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(key.to_b64())
        path.chmod(0o600)
        return key


def public_key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]
