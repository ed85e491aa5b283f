"""The register of processing (GDPR art. 30), from the code's own declarations: each service
lists why it holds the personal fields its events declare (purpose, legal basis, retention)
and which of its RPCs show them; the kernel adds the fields (from the events'
`personal_fields`) and who may call those RPCs (from the role tables). A test fails when an
event declares personal fields the register does not list."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from chorus.auth.principal import Role
from chorus.eventstore.mapper import personal_fields


@dataclass(frozen=True)
class Processing:
    """One line of a service's register: these events' personal fields are held for this
    purpose, on this legal basis, and shown by these RPCs."""

    events: tuple[str, ...]  # event classes by qualified name, e.g. "Customer.Registered"
    purpose: str
    legal_basis: str
    read_by: tuple[str, ...]  # RPC names of the service's APIs
    retention: str = "until the data subject is erased (their key is shredded)"


def _classes(owner: Any, module: str) -> Iterator[type[Any]]:
    for value in vars(owner).values():
        if inspect.isclass(value) and value.__module__ == module:
            yield value
            yield from _classes(value, module)


def personal_events(domain_package: str) -> dict[str, tuple[str, ...]]:
    """Every event class of the (imported) domain package that declares personal fields:
    qualified name -> fields."""
    found: dict[str, tuple[str, ...]] = {}
    for name, module in list(sys.modules.items()):
        if name == domain_package or name.startswith(domain_package + "."):
            for cls in _classes(module, name):
                fields = personal_fields(cls)  # as the mapper reads them: inherited too
                if fields:
                    found[cls.__qualname__] = fields
    return found


@dataclass(frozen=True)
class Record:
    event: str
    fields: tuple[str, ...]
    purpose: str
    legal_basis: str
    retention: str
    read_by: tuple[str, ...]
    readers: tuple[str, ...]  # roles that may call those RPCs


def register(declared: Sequence[Processing], events: Mapping[str, tuple[str, ...]],
             roles: Mapping[str, Sequence[Role]]) -> list[Record]:
    """The register's lines, one per event; raises ValueError when the declaration names an
    event that declares no personal field or an RPC the service does not have."""
    records = []
    for line in declared:
        for event in line.events:
            if event not in events:
                raise ValueError(f"register: {event} declares no personal field")
            unknown = [rpc for rpc in line.read_by if rpc not in roles]
            if unknown:
                raise ValueError(f"register: no RPC named {', '.join(unknown)}")
            readers = sorted({r.value for rpc in line.read_by for r in roles[rpc]})
            records.append(Record(event, events[event], line.purpose, line.legal_basis,
                                  line.retention, line.read_by, tuple(readers)))
    return records


def unregistered(declared: Sequence[Processing],
                 events: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Events with personal fields that no line of the register covers."""
    covered = {e for line in declared for e in line.events}
    return sorted(set(events) - covered)
