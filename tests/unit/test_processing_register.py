"""The register of processing stays true: every event that declares personal fields is
listed by its service's register, every listed event and RPC exists, and an event added with
personal fields but left out of the register is caught."""

from __future__ import annotations

import importlib
import sys
import types

import pytest

from chorus.catalog import NAMES
from chorus.processing import Processing, personal_events, register, unregistered

PARCEL = """
from eventsourcing.domain import Aggregate


class Parcel(Aggregate):
    class Shipped(Aggregate.Created):
        personal_fields = ("address",)
        address: str
"""


@pytest.mark.parametrize("service", NAMES)
def test_every_personal_field_of_every_event_is_in_the_register(service: str) -> None:
    importlib.import_module(f"services.{service}.main")  # imports its whole domain
    declared = importlib.import_module(f"services.{service}.processing").REGISTER
    roles = importlib.import_module(f"services.{service}.api").ROLES
    events = personal_events(f"services.{service}.domain")
    assert events, "the service holds personal data"
    assert unregistered(declared, events) == []
    records = register(declared, events, roles)
    assert {r.event for r in records} == set(events)
    assert all(r.readers and r.purpose and r.legal_basis for r in records)


def test_an_event_left_out_of_the_register_is_caught() -> None:
    module = types.ModuleType("fake_service.domain.parcel")
    sys.modules[module.__name__] = module
    try:
        exec(PARCEL, module.__dict__)
        events = personal_events("fake_service.domain")
        assert events == {"Parcel.Shipped": ("address",)}
        assert unregistered((), events) == ["Parcel.Shipped"]
        with pytest.raises(ValueError, match="no RPC named GetParcel"):
            register((Processing(("Parcel.Shipped",), "delivery", "contract",
                                  ("GetParcel",)),), events, {})
    finally:
        del sys.modules[module.__name__]
