"""A profile seen on a social network (social side, kept in its own store), linked to a
customer only by an explicit, evidenced decision; and how much a customer publishes about the
brand (content-producer tiers)."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from chorus.errors import FailedPrecondition
from chorus.identifiers import profile_id


class Network(StrEnum):
    X = "x"
    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    LINKEDIN = "linkedin"
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"
    FORUM = "forum"


class LinkEvidence(StrEnum):
    SIGNED_IN_WITH_NETWORK = "signed_in_with_network"
    CONFIRMED_BY_CODE = "confirmed_by_code"
    AGENT_CONFIRMED = "agent_confirmed"


class ProfileAlreadyLinked(FailedPrecondition):
    pass


class SocialProfile(Aggregate):
    """A profile seen on a social network. It belongs to no customer until an explicit,
    evidenced link; it can belong to at most one customer at a time."""

    class Recorded(Aggregate.Created):
        personal_fields = ("handle", "display_name", "url")
        tenant: str
        network: str
        external_id: str
        handle: str
        display_name: str
        url: str
        follower_count: int

    @staticmethod
    def create_id(tenant: str, network: str, external_id: str, **_: object) -> UUID:
        return profile_id(tenant, network, external_id)

    @event(Recorded)
    def __init__(self, tenant: str, network: str, external_id: str, handle: str,
                 display_name: str = "", url: str = "", follower_count: int = 0) -> None:
        self.tenant = tenant
        self.network = Network(network)
        self.external_id = external_id
        self.handle = handle
        self.display_name = display_name
        self.url = url
        self.follower_count = follower_count
        self.customer_id: UUID | None = None

    def link(self, customer_id: UUID, evidence: LinkEvidence, evidence_ref: str,
             linked_by: str) -> None:
        if self.customer_id is not None:
            raise ProfileAlreadyLinked(
                f"profile {self.id} is already linked to customer {self.customer_id}")
        if not evidence_ref:
            raise FailedPrecondition("a link needs an evidence reference")
        self._linked(customer_id, self.network.value, evidence.value, evidence_ref, linked_by)

    class Linked(Aggregate.Event):
        customer_id: UUID
        network: str
        evidence: str
        evidence_ref: str
        linked_by: str

    class Unlinked(Aggregate.Event):
        customer_id: UUID
        network: str
        reason: str
        unlinked_by: str

    class Observed(Aggregate.Event):
        personal_fields = ("handle", "display_name", "url")
        handle: str
        display_name: str
        url: str
        follower_count: int

    @event(Linked)
    def _linked(self, customer_id: UUID, network: str, evidence: str, evidence_ref: str,
                linked_by: str) -> None:
        self.customer_id = customer_id

    def unlink(self, reason: str, unlinked_by: str) -> None:
        if self.customer_id is None:
            raise FailedPrecondition(f"profile {self.id} is not linked")
        self._unlinked(self.customer_id, self.network.value, reason, unlinked_by)

    @event(Unlinked)
    def _unlinked(self, customer_id: UUID, network: str, reason: str, unlinked_by: str) -> None:
        self.customer_id = None

    @event(Observed)
    def observe(self, handle: str, display_name: str, url: str, follower_count: int) -> None:
        """The network shows new public details (a renamed handle, more followers)."""
        self.handle, self.display_name, self.url = handle, display_name, url
        self.follower_count = follower_count


class ProducerTier(StrEnum):
    """How much a customer publishes about the brand (ambassador programmes)."""

    REGULAR = "regular"
    OCCASIONAL = "occasional"
    RARE = "rare"
    SILENT = "silent"


# Mentions counted for the tier: those published in this window before the view's time.
PRODUCER_WINDOW = timedelta(days=90)
# Lower bounds of each tier, in mentions per window: about weekly, about monthly, any.
PRODUCER_TIERS = ((12, ProducerTier.REGULAR), (3, ProducerTier.OCCASIONAL), (1, ProducerTier.RARE),
                  (0, ProducerTier.SILENT))


def producer_tier(mentions_in_window: int) -> ProducerTier:
    return next(tier for least, tier in PRODUCER_TIERS if mentions_in_window >= least)


def producer_tier_bounds(tier: ProducerTier) -> tuple[int, int | None]:
    """The mention counts (inclusive lower, exclusive upper or None) of a tier."""
    bounds = [least for least, _ in PRODUCER_TIERS]
    i = [t for _, t in PRODUCER_TIERS].index(tier)
    return bounds[i], bounds[i - 1] if i > 0 else None
