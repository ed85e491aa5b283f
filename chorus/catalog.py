"""The one list of Chorus's services. The dev stack, compose's secrets, the configuration of
extra stores and the erasure saga's participants derive from it; compose.yaml, the NATS
permissions, the PostgreSQL init script and the import-linter contracts are checked against
it by the test suite."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceEntry:
    name: str
    grpc_service: str  # full name of its gRPC API
    # Stores kept apart from its main one (own role, schema and master key), e.g. identity
    # keeps social-network-derived data in a "social" store.
    extra_stores: tuple[str, ...] = ()


SERVICES: tuple[ServiceEntry, ...] = (
    ServiceEntry("identity", "chorus.identity.v1.IdentityService", extra_stores=("social",)),
    ServiceEntry("cases", "chorus.cases.v1.CasesService"),
    ServiceEntry("ideas", "chorus.ideas.v1.IdeasService"),
    ServiceEntry("reputation", "chorus.reputation.v1.ReputationService"),
)
NAMES: tuple[str, ...] = tuple(s.name for s in SERVICES)
# The service that owns customers and runs the erasure saga; the others take part in it.
CUSTOMER_OWNER = "identity"
ERASURE_PARTICIPANTS: tuple[str, ...] = tuple(n for n in NAMES if n != CUSTOMER_OWNER)


def entry(name: str) -> ServiceEntry:
    for s in SERVICES:
        if s.name == name:
            return s
    raise KeyError(f"no service named {name!r}")
