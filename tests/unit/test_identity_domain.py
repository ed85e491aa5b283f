"""identity's aggregates, without I/O."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chorus.errors import FailedPrecondition
from chorus.eventstore.mapper import PersonalDataMapper
from services.identity.domain.customer import (
    Channel,
    Customer,
    CustomerClosed,
    Purpose,
    VerificationLevel,
)
from services.identity.domain.erasure import Erasure
from services.identity.domain.social_profile import (
    LinkEvidence,
    ProducerTier,
    ProfileAlreadyLinked,
    SocialProfile,
    producer_tier,
    producer_tier_bounds,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def customer() -> Customer:
    return Customer(tenant="acme", customer_code="C-1", legal_name="Claire Martin",
                    email="claire@example.org", phone="+33600000000", country="FR",
                    language="fr")


def replay(aggregate: Customer | SocialProfile) -> object:
    """Round-trips the pending events through the mapper and rebuilds the aggregate."""
    mapper = PersonalDataMapper()
    key = b"k" * 32
    rebuilt = None
    for e in aggregate.collect_events():
        stored = mapper.seal(e, "acme", "s1", key)
        rebuilt = mapper.open(stored, "acme", "s1", key).mutate(rebuilt)
    return rebuilt


def test_customer_ids_derive_from_tenant_and_code() -> None:
    assert customer().id == Customer.create_id("acme", "C-1")
    assert Customer.create_id("acme", "C-1") != Customer.create_id("globex", "C-1")


def test_details_verification_classification_survive_a_replay() -> None:
    c = customer()
    c.change_details(email="claire.m@example.org", language="en")
    c.change_details(email="claire.m@example.org")  # no change, no event
    c.verify_identity(VerificationLevel.DOCUMENT, "passport-scan-77", "agent-3")
    c.classify(add_segments={"vip", "early-adopter"}, tier="gold", tags={"press"})
    c.classify(remove_segments={"early-adopter"})
    assert len(c.pending_events) == 5
    again = replay(c)
    assert isinstance(again, Customer)
    assert (again.email, again.language, again.country) == ("claire.m@example.org", "en", "FR")
    assert again.verification is VerificationLevel.DOCUMENT
    assert again.verification_evidence == "passport-scan-77"
    assert (again.segments, again.tier, again.tags) == ({"vip"}, "gold", {"press"})


def test_verification_needs_evidence_and_closed_customers_refuse_changes() -> None:
    c = customer()
    with pytest.raises(FailedPrecondition):
        c.verify_identity(VerificationLevel.EMAIL, "", "agent-3")
    c.close("duplicate account")
    with pytest.raises(CustomerClosed):
        c.change_details(email="x@example.org")
    with pytest.raises(CustomerClosed):
        c.close("again")
    c.withdraw_consent(Purpose.MARKETING, Channel.EMAIL, "unsubscribe-link", NOW)


@given(st.lists(st.tuples(st.sampled_from(Purpose), st.sampled_from(Channel), st.booleans()),
                max_size=30))
def test_current_consent_is_the_last_decision_per_purpose_and_channel(
        decisions: list[tuple[Purpose, Channel, bool]]) -> None:
    c = customer()
    expected: dict[tuple[Purpose, Channel], bool] = {}
    for purpose, channel, give in decisions:
        if give:
            c.give_consent(purpose, channel, "consent", "preference-centre", NOW)
        else:
            c.withdraw_consent(purpose, channel, "preference-centre", NOW)
        expected[(purpose, channel)] = give
    again = replay(c)
    assert isinstance(again, Customer)
    for purpose in Purpose:
        for channel in Channel:
            assert again.consents_to(purpose, channel) == expected.get((purpose, channel), False)


def test_profile_links_to_one_customer_only_with_evidence() -> None:
    p = SocialProfile(tenant="acme", network="x", external_id="123", handle="@claire_m")
    assert p.id == SocialProfile.create_id("acme", "x", "123")
    first, second = uuid.uuid4(), uuid.uuid4()
    with pytest.raises(FailedPrecondition):
        p.link(first, LinkEvidence.AGENT_CONFIRMED, "", "agent-3")
    p.link(first, LinkEvidence.SIGNED_IN_WITH_NETWORK, "oauth-session-9", "customer")
    with pytest.raises(ProfileAlreadyLinked):
        p.link(second, LinkEvidence.AGENT_CONFIRMED, "ticket-4", "agent-3")
    p.unlink("customer asked", "agent-3")
    with pytest.raises(FailedPrecondition):
        p.unlink("again", "agent-3")
    p.link(second, LinkEvidence.CONFIRMED_BY_CODE, "sms-code-1", "customer")
    p.observe("@claire_martin", "Claire", "https://x.example/claire_martin", 1200)
    again = replay(p)
    assert isinstance(again, SocialProfile)
    assert again.customer_id == second and again.handle == "@claire_martin"
    assert again.follower_count == 1200


def test_unknown_network_is_refused() -> None:
    with pytest.raises(ValueError):
        SocialProfile(tenant="acme", network="myspace", external_id="1", handle="@x")


def test_personal_fields_of_every_identity_event_are_sealed() -> None:
    mapper = PersonalDataMapper()
    c = customer()
    c.change_details(phone="+33611111111")
    for e in c.collect_events():
        state = mapper.seal(e, "acme", "s1", b"k" * 32).state
        assert b"Claire" not in state and b"+336" not in state and b"claire@" not in state
    p = SocialProfile(tenant="acme", network="x", external_id="9", handle="@claire_m",
                      display_name="Claire M", url="https://x.example/claire_m")
    p.observe("@claire_martin", "Claire Martin", "https://x.example/claire_martin", 3)
    for e in p.collect_events():
        state = mapper.seal(e, "acme", "s1", b"k" * 32).state
        assert b"claire" not in state.lower(), type(e).__name__


def test_version_1_registrations_are_upcast() -> None:
    from eventsourcing.persistence import StoredEvent

    mapper = PersonalDataMapper()
    cid = Customer.create_id("acme", "OLD-1")
    state = (b'{"timestamp":{"_type_":"datetime_iso","_data_":"2026-11-01T00:00:00+00:00"},'
             b'"originator_topic":"services.identity.domain:Customer","tenant":"acme",'
             b'"customer_code":"OLD-1","legal_name":"A","email":"a@example.org"}')
    topic = "services.identity.domain:Customer.Registered"
    event = mapper.to_domain_event(StoredEvent(cid, 1, topic, state))
    old = event.mutate(None)  # type: ignore[attr-defined]
    assert isinstance(old, Customer)
    assert (old.customer_code, old.phone, old.country, old.language) == ("OLD-1", "", "", "")


def test_merge_and_unmerge_restore_both_customers() -> None:
    a, b = customer(), Customer(tenant="acme", customer_code="C-2", legal_name="Claire M.",
                                email="cm@example.org")
    b.give_consent(Purpose.RESEARCH, Channel.SMS, "consent", "survey", NOW)
    with pytest.raises(FailedPrecondition):
        a.merge_into(a, "oops", "agent-1")
    b.merge_into(a, "same person", "agent-1")
    assert (b.merged_into, a.absorbed) == (a.id, {b.id})
    with pytest.raises(FailedPrecondition):
        b.change_details(email="x@example.org")
    with pytest.raises(FailedPrecondition):
        a.merge_into(b, "loop", "agent-1")
    c = Customer(tenant="acme", customer_code="C-3", legal_name="C", email="c@example.org")
    with pytest.raises(FailedPrecondition):
        b.unmerge_from(c, "wrong survivor", "agent-1")
    b.unmerge_from(a, "not the same person", "agent-2")
    again_b, again_a = replay(b), replay(a)
    assert isinstance(again_b, Customer) and isinstance(again_a, Customer)
    assert again_b.merged_into is None and again_a.absorbed == set()
    assert again_b.consents_to(Purpose.RESEARCH, Channel.SMS), "its consents are untouched"
    assert again_b.email == "cm@example.org"
    with pytest.raises(FailedPrecondition):
        b.unmerge_from(a, "twice", "agent-2")


def test_producer_tiers_cover_every_count_and_match_their_bounds() -> None:
    assert [producer_tier(n) for n in (0, 1, 2, 3, 11, 12, 500)] == [
        ProducerTier.SILENT, ProducerTier.RARE, ProducerTier.RARE, ProducerTier.OCCASIONAL,
        ProducerTier.OCCASIONAL, ProducerTier.REGULAR, ProducerTier.REGULAR]
    for tier in ProducerTier:
        low, high = producer_tier_bounds(tier)
        assert producer_tier(low) == tier
        if high is not None:
            assert producer_tier(high - 1) == tier and producer_tier(high) != tier



def test_an_erasure_is_overdue_a_month_after_the_request_until_every_service_confirmed() -> None:
    e = Erasure(customer_id=uuid.uuid4(), request_ref="gdpr-9", requested_by="officer",
                participants=["identity", "cases", "ideas"])
    e.confirm("identity", ["identity/verified/customer/x"], NOW)
    assert e.pending == ["cases", "ideas"]
    assert not e.overdue(e.created_on + timedelta(days=29))
    assert e.overdue(e.created_on + timedelta(days=31))
    e.confirm("cases", [], NOW)
    e.confirm("ideas", [], NOW)
    assert e.pending == [] and e.receipt_hash
    assert not e.overdue(e.created_on + timedelta(days=31)), "completed: never overdue"
