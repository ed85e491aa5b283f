"""ImportCustomers in-process against real PostgreSQL and NATS: a customer base brought in
with its linked profiles, idempotent per customer code and profile, each event about its
person, refused whole when any of it is bad or contradicts what is stored."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import grpc
import pytest

from chorus.audit.v1 import audit_pb2 as apb
from chorus.common.v1.consistency_pb2 import Consistency
from chorus.identity.v1 import identity_pb2 as pb
from services.identity.main import SPEC
from tests.servers import Servers
from tests.service.harness import Harness, field_names

ADMIN = "admin"


@pytest.fixture(scope="module")
async def identity(stack: Servers, tier_nats: str) -> AsyncIterator[Harness]:
    async with Harness(SPEC, stack.database_url, tier_nats) as harness:
        yield harness


def customer(code: str, name: str, *profiles: pb.ImportedProfile) -> pb.ImportedCustomer:
    return pb.ImportedCustomer(customer=pb.RegisterCustomerRequest(
        customer_code=code, legal_name=name, email=f"{code.lower()}@example.org",
        country="FR"), profiles=profiles)


def profile(network: int, external_id: str, handle: str) -> pb.ImportedProfile:
    return pb.ImportedProfile(
        profile=pb.RecordSocialProfileRequest(network=network, external_id=external_id,
                                              handle=handle, follower_count=120),
        evidence=pb.LINK_EVIDENCE_AGENT_CONFIRMED, evidence_ref="crm-export-2026-11")


async def test_a_customer_base_comes_in_with_its_profiles_and_again_adds_only_what_is_new(
        identity: Harness) -> None:
    tenant = f"t-{uuid.uuid4().hex[:8]}"
    ada = customer("C-1", "Ada Lovelace", profile(pb.NETWORK_X, "x-1", "@ada"),
                   profile(pb.NETWORK_INSTAGRAM, "i-1", "@ada.l"))
    bob = customer("C-2", "Bob Marley")
    (first,) = await identity.call("ImportCustomers", [pb.ImportCustomersRequest(
        customers=[ada, bob])], ADMIN, tenant=tenant)
    assert [(c.customer_code, c.already_registered, c.profiles_linked)
            for c in first.customers] == [("C-1", False, 2), ("C-2", False, 0)]
    ada_id = first.customers[0].customer_id
    got = await identity.call("GetCustomer", pb.GetCustomerRequest(
        customer_id=ada_id, consistency=Consistency(min_position=first.write.position)),
        ADMIN, tenant=tenant)
    assert (got.customer.legal_name, got.customer.customer_code) == ("Ada Lovelace", "C-1")
    resolved = await identity.call("Resolve", pb.ResolveRequest(
        network=pb.NETWORK_X, handle="@ada",
        consistency=Consistency(min_position=first.social_write.position)), ADMIN,
        tenant=tenant)
    assert resolved.known and resolved.customer_id == ada_id
    # The same id RegisterCustomer would give: a later registration of C-1 is refused.
    dup = await identity.refused("RegisterCustomer", ada.customer, ADMIN, tenant=tenant)
    assert dup.code == grpc.StatusCode.ALREADY_EXISTS

    # A later export, sent whole: only Bob's new profile is written.
    bob_later = customer("C-2", "Bob Marley", profile(pb.NETWORK_X, "x-2", "@bob"))
    before = await identity.events_of(tenant)
    (again,) = await identity.call("ImportCustomers", [pb.ImportCustomersRequest(
        customers=[ada, bob_later])], ADMIN, tenant=tenant)
    assert [(c.already_registered, c.profiles_linked) for c in again.customers] == [
        (True, 0), (True, 1)]
    assert again.write.position == 0, "no customer event"
    assert await identity.events_of(tenant) == before + 2, "bob's profile: recorded, linked"

    # Every event is about its person, marked as an import by the admin.
    history = await identity.call("GetSubjectHistory", apb.GetSubjectHistoryRequest(
        subjects=[ada_id]), "compliance_officer", tenant=tenant)
    assert [e.event_type for e in history.events] == ["Customer.Registered"]
    assert {(e.purpose, e.actor) for e in history.events} == {("import", "tester")}
    view = await identity.call("GetCustomer360", pb.GetCustomer360Request(
        customer_id=ada_id, consistency=Consistency(min_position=first.social_write.position)),
        ADMIN, tenant=tenant)
    assert sorted(p.handle for p in view.profiles) == ["@ada", "@ada.l"]
    report = await identity.call("VerifyLog", apb.VerifyLogRequest(store="social"),
                                 "compliance_officer", tenant=tenant)
    assert report.ok, report.problems


async def test_a_bad_import_is_refused_whole_and_stores_nothing(identity: Harness) -> None:
    tenant = f"t-{uuid.uuid4().hex[:8]}"
    good = customer("C-1", "Grace Hopper", profile(pb.NETWORK_X, "x-9", "@grace"))
    bad = pb.ImportedCustomer(
        customer=pb.RegisterCustomerRequest(customer_code="C-2", legal_name="Nul\x00",
                                            email="not-an-email"),
        profiles=[pb.ImportedProfile(profile=pb.RecordSocialProfileRequest(
            network=pb.NETWORK_X, external_id="x-9", handle="@grace", url="ftp://x"))])
    refused = await identity.refused("ImportCustomers", [pb.ImportCustomersRequest(
        customers=[good, bad])], ADMIN, tenant=tenant)
    assert refused.code == grpc.StatusCode.INVALID_ARGUMENT
    assert field_names(refused) == {
        "customers[1].customer.legal_name", "customers[1].customer.email",
        "customers[1].profiles[0].profile.url", "customers[1].profiles[0].evidence",
        "customers[1].profiles[0].evidence_ref",
        "customers[1].profiles[0].profile.external_id"}  # x-9 twice in the request
    twice = await identity.refused("ImportCustomers", [pb.ImportCustomersRequest(
        customers=[good, good])], ADMIN, tenant=tenant)
    assert "customers[1].customer.customer_code" in field_names(twice)
    assert await identity.events_of(tenant) == 0

    # A profile already linked to someone else refuses the request before any write.
    (done,) = await identity.call("ImportCustomers", [pb.ImportCustomersRequest(
        customers=[good])], ADMIN, tenant=tenant)
    stored = await identity.events_of(tenant)
    thief = customer("C-3", "Someone Else", profile(pb.NETWORK_X, "x-9", "@grace"))
    taken = await identity.refused("ImportCustomers", [pb.ImportCustomersRequest(
        customers=[customer("C-4", "Innocent"), thief])], ADMIN, tenant=tenant)
    assert taken.code == grpc.StatusCode.FAILED_PRECONDITION
    assert "linked to another customer" in taken.details
    assert await identity.events_of(tenant) == stored, "not even the innocent customer"
    assert done.customers[0].profiles_linked == 1
    # A customer closed since gains no profile from a later export.
    await identity.call("CloseCustomer", pb.CloseCustomerRequest(
        customer_id=done.customers[0].customer_id, reason="left"), ADMIN, tenant=tenant)
    stored = await identity.events_of(tenant)
    closed = await identity.refused("ImportCustomers", [pb.ImportCustomersRequest(
        customers=[customer("C-1", "Grace Hopper", profile(pb.NETWORK_X, "x-10", "@g2"))])],
        ADMIN, tenant=tenant)
    assert closed.code == grpc.StatusCode.FAILED_PRECONDITION and "closed" in closed.details
    assert await identity.events_of(tenant) == stored
    (whole,) = await identity.call("ImportCustomers", [pb.ImportCustomersRequest(
        customers=[good])], ADMIN, tenant=tenant)  # the same export again: nothing new
    assert (whole.customers[0].already_registered, whole.customers[0].profiles_linked) == (
        True, 0)
    # Writing as the brand's CRM is for admins only.
    for role in ("agent", "service", "customer", "compliance_officer"):
        denied = await identity.refused("ImportCustomers", [pb.ImportCustomersRequest(
            customers=[good])], role, tenant=tenant)
        assert denied.code == grpc.StatusCode.PERMISSION_DENIED
