"""Field-level encryption of personal data inside an event's state."""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "enc:v1:"
REDACTED = "[erased]"


def encrypt_value(key: bytes, value: Any, aad: bytes) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, json.dumps(value).encode(), aad)
    return PREFIX + base64.b64encode(nonce + sealed).decode()


def decrypt_value(key: bytes | None, token: Any, aad: bytes) -> Any:
    if not (isinstance(token, str) and token.startswith(PREFIX)):
        return token
    if key is None:
        return REDACTED
    raw = base64.b64decode(token[len(PREFIX):])
    try:
        plain = AESGCM(key).decrypt(raw[:12], raw[12:], aad)
    except InvalidTag:
        return REDACTED
    return _value(plain)


def _value(plain: bytes) -> Any:
    """The JSON value encrypted. Most are plain strings (names, subjects, bodies): those are
    read without the JSON parser, which costs more than the decryption (lists read many)."""
    if len(plain) >= 2 and plain[:1] == b'"' == plain[-1:] and b"\\" not in plain:
        return plain[1:-1].decode()
    return json.loads(plain.decode())
