"""A tenant's community settings: categories of ideas, campaigns put to the community,
banned terms, and customers' abuse reports."""

from __future__ import annotations

import re
from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from chorus.errors import FailedPrecondition

IDS = UUID("a3c1f0de-6b2e-4f5a-9d7c-1e8b4a2f6c35")


class Category(Aggregate):
    """A category of ideas of a tenant (one aggregate per tenant and slug)."""

    class Defined(Aggregate.Created):
        tenant: str
        category: str
        description: str

    @staticmethod
    def create_id(tenant: str, category: str, **_: object) -> UUID:
        return uuid5(IDS, f"category/{tenant}/{category}")

    @event(Defined)
    def __init__(self, tenant: str, category: str, description: str) -> None:
        self.tenant, self.category, self.description = tenant, category, description

    class Redescribed(Aggregate.Event):
        description: str

    @event(Redescribed)
    def redescribe(self, description: str) -> None:
        self.description = description


class Campaign(Aggregate):
    """A challenge put to the community: a question, in a category, open for a while."""

    class Launched(Aggregate.Created):
        tenant: str
        title: str
        question: str
        category: str
        starts_at: datetime
        ends_at: datetime

    @event(Launched)
    def __init__(self, tenant: str, title: str, question: str, category: str,
                 starts_at: datetime, ends_at: datetime) -> None:
        if ends_at <= starts_at:
            raise FailedPrecondition("a campaign must end after it starts")
        self.tenant, self.title, self.question, self.category = tenant, title, question, category
        self.starts_at, self.ends_at = starts_at, ends_at

    def is_open(self, at: datetime) -> bool:
        return self.starts_at <= at < self.ends_at


class ModerationRules(Aggregate):
    """A tenant's banned terms: posts containing one are held for a moderator's review."""

    # Every idea and comment posted reads them: kept in memory, read again only as changed.
    cached_when_sealed = True

    class Set(Aggregate.Created):
        tenant: str
        terms: list[str]

    class Changed(Aggregate.Event):
        terms: list[str]

    @staticmethod
    def create_id(tenant: str, **_: object) -> UUID:
        return uuid5(IDS, f"moderation-rules/{tenant}")

    @event(Set)
    def __init__(self, tenant: str, terms: list[str]) -> None:
        self.tenant, self.terms = tenant, terms

    @event(Changed)
    def change(self, terms: list[str]) -> None:
        self.terms = terms


def banned_terms_in(text: str, terms: list[str]) -> list[str]:
    """The banned terms (whole words or phrases, any case) that `text` contains."""
    return [t for t in terms
            if re.search(r"(?<!\w)" + re.escape(t) + r"(?!\w)", text, re.IGNORECASE)]


class AbuseReport(Aggregate):
    """A customer's report of an idea or comment; one per reporter and post."""

    class Filed(Aggregate.Created):
        personal_fields = ("reason",)
        tenant: str
        target: str  # idea or comment
        target_id: UUID
        reporter_id: UUID
        reason: str

    @staticmethod
    def create_id(tenant: str, target_id: UUID, reporter_id: UUID, **_: object) -> UUID:
        return uuid5(IDS, f"report/{tenant}/{target_id}/{reporter_id}")

    @event(Filed)
    def __init__(self, tenant: str, target: str, target_id: UUID, reporter_id: UUID,
                 reason: str) -> None:
        self.tenant, self.target, self.target_id = tenant, target, target_id
        self.reporter_id, self.reason = reporter_id, reason
