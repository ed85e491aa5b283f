"""A mention of the brand on a network: what was said, by whom, how far it carries, and what
the analysis made of it. One per network post (its id derives from the post). The text, the
author's handle and name and the post's URL are the author's personal data, encrypted under
the key of the author's profile; ids, counts and the analysis are not."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.reputation.domain.analysis import Analysis, Intent, Sentiment

MENTION_IDS = UUID("3e7a9c51-0d24-4f86-b1a9-6c2e8f4d7b10")
TEXT_MAX = 100_000
# A voice that carries this far is answered whatever it says.
REACH_TO_ANSWER = 100_000
ANONYMOUS = "anonymous:"  # the post id of a mention kept without its author


class Network(StrEnum):
    X = "x"
    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    LINKEDIN = "linkedin"
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"
    FORUM = "forum"
    WEB = "web"


@dataclass(frozen=True)
class Incoming:
    """A mention as a source gives it (validated at the edge)."""

    network: str
    post_id: str
    author_external_id: str
    author_handle: str
    author_display_name: str
    author_followers: int
    text: str
    url: str
    published_at: datetime
    reply_to: str
    likes: int
    shares: int
    comments: int

    def anonymous(self, mention_id: UUID) -> Incoming:
        """What is kept of a post whose author objected to being tracked: when, where, how
        far it carried; not who, nor what they wrote (the analysis of the text is kept), nor
        the post's id (its mention id stands in: the same post is still recorded once)."""
        return replace(self, post_id=f"{ANONYMOUS}{mention_id}", author_external_id="",
                       author_handle="", author_display_name="", author_followers=0,
                       text="", url="")


def answer_reason(analysis: Analysis, customer_id: str, followers: int) -> str:
    """Why customer service should answer the mention ("" when it need not): a complaint or
    a question; a negative word from a known customer; a voice that carries far."""
    if analysis.intent in (Intent.COMPLAINT, Intent.QUESTION):
        return analysis.intent.value
    if analysis.sentiment is Sentiment.NEGATIVE and customer_id:
        return "negative from a customer"
    if followers >= REACH_TO_ANSWER:
        return "reach"
    return ""


class Mention(Aggregate):
    class Recorded(Aggregate.Created):
        personal_fields = ("text", "author_handle", "author_display_name", "url")
        tenant: str
        network: str
        post_id: str
        author_external_id: str
        author_profile_id: str
        author_handle: str
        author_display_name: str
        author_followers: int
        text: str
        url: str
        published_at: datetime
        reply_to: str
        likes: int
        shares: int
        comments: int
        language: str
        sentiment: str
        sentiment_score: float
        intent: str
        terms: list[str]
        analyser: str

    @staticmethod
    def create_id(tenant: str, network: str, post_id: str, **_: object) -> UUID:
        if post_id.startswith(ANONYMOUS):
            return UUID(post_id.removeprefix(ANONYMOUS))
        return uuid5(MENTION_IDS, f"{tenant}/{network}/{post_id}")

    @event(Recorded)
    def __init__(self, *, tenant: str, network: str, post_id: str, author_external_id: str,
                 author_profile_id: str, author_handle: str, author_display_name: str,
                 author_followers: int, text: str, url: str, published_at: datetime,
                 reply_to: str, likes: int, shares: int, comments: int, language: str,
                 sentiment: str, sentiment_score: float, intent: str, terms: list[str],
                 analyser: str) -> None:
        self.tenant, self.network, self.post_id = tenant, Network(network), post_id
        self.author_profile_id, self.published_at = author_profile_id, published_at
        self.likes, self.shares, self.comments = likes, shares, comments
        self.text = text  # decrypted only when loaded unsealed (re-analysis reads it)
        self._analysed(language, sentiment, sentiment_score, intent, terms, analyser)
        self.answer_requested = ""
        self.brand_replied_at: datetime | None = None

    @classmethod
    def record(cls, analysis: Analysis, customer_id: str, anonymous: bool = False,
               **details: Any) -> Mention:
        """Records a mention with its analysis, asking customer service to answer it when it
        needs an answer (never for an author who objected to being tracked: `anonymous`)."""
        mention = cls(language=analysis.language, sentiment=analysis.sentiment.value,
                      sentiment_score=analysis.score, intent=analysis.intent.value,
                      terms=list(analysis.terms), analyser=analysis.analyser, **details)
        reason = "" if anonymous else answer_reason(analysis, customer_id,
                                                    details["author_followers"])
        if reason:
            mention._answer_requested(
                reason=reason, customer_id=customer_id, network=details["network"],
                post_id=details["post_id"], author_external_id=details["author_external_id"],
                author_followers=details["author_followers"], intent=analysis.intent.value,
                sentiment=analysis.sentiment.value, language=analysis.language,
                engagement=mention.engagement, published_at=details["published_at"])
        return mention

    def _analysed(self, language: str, sentiment: str, score: float, intent: str,
                  terms: list[str], analyser: str) -> None:
        self.language, self.sentiment, self.sentiment_score = language, sentiment, score
        self.intent, self.terms, self.analyser = intent, list(terms), analyser

    class Reanalysed(Aggregate.Event):
        """The stored text scored again (a new analyser, or the tenant's terms redefined)."""

        language: str
        sentiment: str
        sentiment_score: float
        intent: str
        terms: list[str]
        analyser: str

    def reanalyse(self, analysis: Analysis) -> bool:
        """Records the new analysis when it says something else; True when it did. Whether
        the mention needs an answer is not asked again: history is re-scored, not re-routed."""
        new = (analysis.language, analysis.sentiment.value, analysis.score,
               analysis.intent.value, list(analysis.terms), analysis.analyser)
        if new == (self.language, self.sentiment, self.sentiment_score, self.intent,
                   self.terms, self.analyser):
            return False
        self._reanalysed(*new)
        return True

    @event(Reanalysed)
    def _reanalysed(self, language: str, sentiment: str, sentiment_score: float, intent: str,
                    terms: list[str], analyser: str) -> None:
        self._analysed(language, sentiment, sentiment_score, intent, terms, analyser)

    @property
    def engagement(self) -> int:
        return self.likes + self.shares + self.comments

    class AnswerRequested(Aggregate.Event):
        """What cases needs to open a public-channel case (ids and decisions, no text)."""

        reason: str
        customer_id: str
        network: str
        post_id: str
        author_external_id: str
        author_followers: int
        intent: str
        sentiment: str
        language: str
        engagement: int
        published_at: datetime

    @event(AnswerRequested)
    def _answer_requested(self, reason: str, customer_id: str, network: str, post_id: str,
                          author_external_id: str, author_followers: int, intent: str,
                          sentiment: str, language: str, engagement: int,
                          published_at: datetime) -> None:
        self.answer_requested = reason

    class EngagementUpdated(Aggregate.Event):
        network: str
        likes: int
        shares: int
        comments: int

    def update_engagement(self, likes: int, shares: int, comments: int) -> None:
        """Engagement only grows (a late, lower count from a source changes nothing)."""
        grown = (max(likes, self.likes), max(shares, self.shares), max(comments, self.comments))
        if grown != (self.likes, self.shares, self.comments):
            self._engagement_updated(self.network.value, *grown)

    @event(EngagementUpdated)
    def _engagement_updated(self, network: str, likes: int, shares: int, comments: int) -> None:
        self.likes, self.shares, self.comments = likes, shares, comments

    class BrandReplied(Aggregate.Event):
        case_id: str
        at: datetime

    def brand_replied(self, case_id: str, at: datetime) -> None:
        """Customer service answered on the thread (cases' PublicReplySent)."""
        if self.brand_replied_at is None:
            self._brand_replied(case_id, at)

    @event(BrandReplied)
    def _brand_replied(self, case_id: str, at: datetime) -> None:
        self.brand_replied_at = at


class TrackedTerms(Aggregate):
    """A tenant's tracked terms: its brand, products, campaigns and competitors."""

    # Every batch of mentions reads them: kept in memory, read again only as changed.
    cached_when_sealed = True

    class Defined(Aggregate.Created):
        tenant: str
        terms: dict[str, str]  # term -> kind

    class Redefined(Aggregate.Event):
        terms: dict[str, str]

    @staticmethod
    def create_id(tenant: str, **_: object) -> UUID:
        return uuid5(MENTION_IDS, f"tracked-terms/{tenant}")

    @event(Defined)
    def __init__(self, tenant: str, terms: dict[str, str]) -> None:
        self.tenant, self.terms = tenant, terms

    def redefine(self, terms: dict[str, str]) -> None:
        if terms != self.terms:
            self._redefined(terms)

    @event(Redefined)
    def _redefined(self, terms: dict[str, str]) -> None:
        self.terms = terms
