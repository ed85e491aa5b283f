"""Who is calling, and what they may do."""

from __future__ import annotations

import contextvars
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"
    COMMUNITY_MANAGER = "community_manager"
    MODERATOR = "moderator"
    ANALYST = "analyst"
    COMPLIANCE_OFFICER = "compliance_officer"
    ADMIN = "admin"
    SERVICE = "service"


@dataclass(frozen=True)
class Principal:
    subject: str
    tenant: str
    roles: frozenset[Role]

    def has_any(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))


class PermissionDenied(Exception):
    pass


class Unauthenticated(Exception):
    pass


_current: contextvars.ContextVar[Principal | None] = contextvars.ContextVar(
    "chorus_principal", default=None)


_purpose: contextvars.ContextVar[str] = contextvars.ContextVar("chorus_purpose",
                                                              default="unspecified")


def current_purpose() -> str:
    """Why the caller processes personal data (the `x-chorus-purpose` request metadata)."""
    return _purpose.get()


def set_purpose(purpose: str) -> None:
    _purpose.set(purpose)


def current_principal() -> Principal:
    p = _current.get()
    if p is None:
        raise Unauthenticated("no authenticated caller")
    return p


def set_principal(p: Principal | None) -> contextvars.Token[Principal | None]:
    return _current.set(p)


def reset_principal(token: contextvars.Token[Principal | None]) -> None:
    _current.reset(token)


def allow(p: Principal, roles: Sequence[Role]) -> Principal:
    """`p` if they hold one of `roles` (the roles a service's role table gives an RPC)."""
    if not p.has_any(*roles):
        wanted = ", ".join(sorted(r.value for r in roles)) or "none"
        raise PermissionDenied(f"this call needs one of the roles: {wanted}")
    return p


def caller() -> Principal:
    """The authenticated caller of the current call (the kernel already checked that they
    hold one of the roles the service's role table gives the RPC)."""
    return current_principal()


def require(*roles: Role) -> Principal:
    """The caller, if they hold one of `roles`; every query and command is scoped to their
    tenant, so a caller can never reach another tenant's data."""
    return allow(current_principal(), roles)
