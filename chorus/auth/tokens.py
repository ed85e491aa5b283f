"""JWT bearer tokens (PyJWT): HS256 with a shared secret for development, or EdDSA/RS256/ES256
verified with the issuer's public key in production."""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import jwt

from chorus.auth.principal import Principal, Role, Unauthenticated

AUDIENCE = "chorus"
TENANT = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


@dataclass(frozen=True)
class TokenVerifier:
    key: str | bytes
    algorithms: tuple[str, ...]
    issuer: str | None = None
    leeway_s: float = 30.0
    clock: Callable[[], float] = time.time  # injected by tests: no test waits for expiry

    @classmethod
    def from_config(cls, secret: str | None, public_key_pem: str | None,
                    issuer: str | None) -> TokenVerifier:
        if public_key_pem:
            return cls(public_key_pem, ("EdDSA", "RS256", "ES256"), issuer)
        if secret:
            return cls(secret, ("HS256",), issuer)
        raise ValueError("set CHORUS_JWT_SECRET or CHORUS_JWT_PUBLIC_KEY_FILE")

    def verify(self, token: str) -> Principal:
        """The principal of a valid token. A token's signature and claims are checked once
        and remembered (every call of a client carries the same token); its expiry is checked
        on every call."""
        principal, expires_at = _verified(self, token)
        if self.clock() > expires_at + self.leeway_s:
            raise Unauthenticated("token expired")
        return principal

    def _verify(self, token: str) -> tuple[Principal, float]:
        try:
            claims = jwt.decode(
                token, self.key, algorithms=list(self.algorithms), audience=AUDIENCE,
                issuer=self.issuer, leeway=self.leeway_s,
                options={"require": ["sub", "exp", "tenant", "roles"]})
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("token expired") from None
        except jwt.InvalidTokenError as e:
            raise Unauthenticated(f"invalid token: {e}") from None
        tenant, roles = claims["tenant"], claims["roles"]
        if not isinstance(tenant, str) or not TENANT.match(tenant):
            raise Unauthenticated("invalid token: bad tenant claim")
        if not isinstance(roles, list):
            raise Unauthenticated("invalid token: roles must be a list")
        try:
            parsed = frozenset(Role(r) for r in roles)
        except ValueError as e:
            raise Unauthenticated(f"invalid token: {e}") from None
        return Principal(subject=str(claims["sub"]), tenant=tenant, roles=parsed), float(
            claims["exp"])


@functools.lru_cache(maxsize=4096)
def _verified(verifier: TokenVerifier, token: str) -> tuple[Principal, float]:
    # Invalid tokens raise, and lru_cache remembers only results: they are checked each time.
    return verifier._verify(token)


def mint(secret: str, *, subject: str, tenant: str, roles: list[str], ttl_s: int = 3600,
         issuer: str | None = None) -> str:
    """A development token signed with the shared secret (`chorus token`)."""
    if not TENANT.match(tenant):
        raise ValueError(f"invalid tenant {tenant!r}: lower-case letters, digits, - and _")
    for r in roles:
        Role(r)
    now = int(time.time())
    claims: dict[str, object] = {"sub": subject, "tenant": tenant, "roles": roles,
                                 "aud": AUDIENCE, "iat": now, "exp": now + ttl_s}
    if issuer:
        claims["iss"] = issuer
    return jwt.encode(claims, secret, algorithm="HS256")
