"""Between identity's protos and its domain: request enums into domain values, customers,
profiles and consent decisions into reply messages, and stored events into the integration
events identity publishes (ids and decisions only, never personal data)."""

from __future__ import annotations

from typing import Any

from chorus.eventstore.mapper import open_field
from chorus.eventstore.records import RecordedEvent
from chorus.grpc.messages import timestamp
from chorus.grpc.validation import Check
from chorus.identity.v1 import events_pb2
from chorus.identity.v1 import identity_pb2 as pb
from services.identity.domain.customer import Channel, Customer, Purpose
from services.identity.domain.erasure import Erasure
from services.identity.domain.social_profile import (
    LinkEvidence,
    Network,
    ProducerTier,
    SocialProfile,
)
from services.identity.queries import consent_decisions


def network(check: Check, value: int, field: str = "network") -> Network:
    return Network(check.enum(field, value, pb.Network, "NETWORK_") or "x")


def evidence(check: Check, value: int, field: str = "evidence") -> LinkEvidence:
    return LinkEvidence(check.enum(field, value, pb.LinkEvidence, "LINK_EVIDENCE_")
                        or "agent_confirmed")


def purpose_and_channel(check: Check, purpose_value: int, channel_value: int,
                        prefix: str = "") -> tuple[Purpose, Channel]:
    purpose = check.enum(prefix + "purpose", purpose_value, pb.Purpose, "PURPOSE_")
    channel = check.enum(prefix + "channel", channel_value, pb.Channel, "CHANNEL_")
    return Purpose(purpose or "marketing"), Channel(channel or "email")


def customer_message(row: Any, key: bytes | None, tenant: str) -> pb.Customer:
    """The read model keeps personal fields encrypted under the customer's key."""
    subject = str(row["customer_id"])

    def personal(field: str) -> str:
        return str(open_field(key, row[field], tenant, subject, field))

    return pb.Customer(
        customer_id=subject, customer_code=row["customer_code"],
        legal_name=personal("legal_name"), email=personal("email"), phone=personal("phone"),
        country=row["country"], preferred_language=row["language"],
        verification_level=pb.VerificationLevel.Value(
            "VERIFICATION_LEVEL_" + row["verification"].upper()),
        segments=row["segments"], tier=row["tier"], tags=row["tags"], closed=row["closed"],
        merged_into=str(row["merged_into"]) if row["merged_into"] else "")


def customer_state_message(c: Customer) -> pb.Customer:
    """A customer rebuilt from its events (the read model's row is `customer_message`)."""
    return pb.Customer(
        customer_id=str(c.id), customer_code=c.customer_code, legal_name=c.legal_name,
        email=c.email, phone=c.phone, country=c.country, preferred_language=c.language,
        verification_level=pb.VerificationLevel.Value(
            "VERIFICATION_LEVEL_" + c.verification.upper()),
        segments=sorted(c.segments), tier=c.tier, tags=sorted(c.tags), closed=c.closed,
        merged_into=str(c.merged_into) if c.merged_into else "")


def profile_message(profile: SocialProfile) -> pb.LinkedProfile:
    return pb.LinkedProfile(
        profile_id=str(profile.id),
        network=pb.Network.Value("NETWORK_" + profile.network.value.upper()),
        external_id=profile.external_id, handle=profile.handle,
        display_name=profile.display_name, url=profile.url,
        follower_count=profile.follower_count)


def consent_messages(history: list[tuple[Any, Any]]) -> list[pb.ConsentDecision]:
    return decision_messages(consent_decisions(history))


def decision_messages(decisions: list[tuple[Any, str]]) -> list[pb.ConsentDecision]:
    messages = []
    for e, actor in decisions:
        given = isinstance(e, Customer.ConsentGiven)
        messages.append(pb.ConsentDecision(
            purpose=pb.Purpose.Value("PURPOSE_" + e.purpose.upper()),
            channel=pb.Channel.Value("CHANNEL_" + e.channel.upper()), given=given,
            legal_basis=pb.LegalBasis.Value("LEGAL_BASIS_" + e.legal_basis.upper())
            if given else pb.LEGAL_BASIS_UNSPECIFIED,
            source=e.source, decided_at=timestamp(e.at), recorded_by=actor))
    return messages


def producer_tier_message(tier: ProducerTier) -> int:
    return pb.ContentProducerTier.Value("CONTENT_PRODUCER_TIER_" + tier.value.upper())


def to_integration(event: Any, record: RecordedEvent) -> Any:
    """identity's public events: ids and decisions only, never personal data."""
    oid = str(event.originator_id)
    if isinstance(event, Customer.Registered):
        return events_pb2.CustomerRegistered(customer_id=oid, customer_code=event.customer_code)
    if isinstance(event, Customer.Closed):
        return events_pb2.CustomerClosed(customer_id=oid)
    if isinstance(event, Customer.Classified):
        return events_pb2.CustomerClassified(customer_id=oid, tier=event.tier,
                                             segments=event.segments)
    if isinstance(event, Customer.MergedInto):
        return events_pb2.CustomersMerged(merged_customer_id=oid,
                                          survivor_customer_id=str(event.survivor_id))
    if isinstance(event, Customer.Unmerged):
        return events_pb2.CustomerUnmerged(customer_id=oid,
                                           previous_survivor_id=str(event.survivor_id))
    if isinstance(event, Customer.ConsentGiven | Customer.ConsentWithdrawn):
        given = isinstance(event, Customer.ConsentGiven)
        return events_pb2.ConsentChanged(
            customer_id=oid, purpose=event.purpose, channel=event.channel, given=given,
            legal_basis=event.legal_basis if given else "")
    if isinstance(event, Erasure.Requested):
        return events_pb2.ErasureRequested(erasure_id=oid, customer_id=str(event.customer_id),
                                           request_ref=event.request_ref)
    if isinstance(event, SocialProfile.Linked):
        return events_pb2.SocialProfileLinkChanged(
            profile_id=oid, network=event.network, customer_id=str(event.customer_id))
    if isinstance(event, SocialProfile.Unlinked):
        return events_pb2.SocialProfileLinkChanged(
            profile_id=oid, network=event.network, previous_customer_id=str(event.customer_id))
    return None
