"""What a tenant listens to besides pushed mentions (RSS/Atom feeds), and whom it must not
follow: authors who objected to being tracked (GDPR art. 21). Pure: the poller fetches, this
reads what it fetched."""

from __future__ import annotations

import calendar
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event
from feedparser.exceptions import CharacterEncodingOverride, NonXMLContentType

from services.reputation.domain.mention import MENTION_IDS, TEXT_MAX, Incoming

POLL_DEFAULT = timedelta(minutes=15)
POLL_MIN, POLL_MAX = timedelta(minutes=1), timedelta(days=1)
FEED_MAX_BYTES = 10_000_000


class Source(Protocol):
    """Where mentions come from. Built in: a gRPC stream (`RecordMentions`, for listening
    vendors, webhook relays, collectors and the `chorus reputation import` file importer) and
    RSS/Atom feeds polled on a schedule. A new network is a new Source, nothing else."""

    name: str

    def batches(self) -> AsyncIterator[list[Incoming]]:
        """The mentions heard, in batches recorded one transaction each."""
        ...


class FeedSources(Aggregate):
    """A tenant's feeds: source id -> {url, network, interval (seconds)}."""

    class Started(Aggregate.Created):
        tenant: str

    class Defined(Aggregate.Event):
        source_id: str
        url: str
        network: str
        interval: int

    class Removed(Aggregate.Event):
        source_id: str

    @staticmethod
    def create_id(tenant: str, **_: object) -> UUID:
        return uuid5(MENTION_IDS, f"feed-sources/{tenant}")

    @staticmethod
    def source_id(tenant: str, url: str) -> UUID:
        return uuid5(MENTION_IDS, f"feed/{tenant}/{url}")

    @event(Started)
    def __init__(self, tenant: str) -> None:
        self.tenant = tenant
        self.sources: dict[str, dict[str, Any]] = {}

    def define(self, url: str, network: str, interval: timedelta) -> str:
        source = str(self.source_id(self.tenant, url))
        wanted = {"url": url, "network": network, "interval": int(interval.total_seconds())}
        if self.sources.get(source) != wanted:
            self._defined(source, url, network, wanted["interval"])
        return source

    @event(Defined)
    def _defined(self, source_id: str, url: str, network: str, interval: int) -> None:
        self.sources[source_id] = {"url": url, "network": network, "interval": interval}

    def remove(self, source_id: str) -> None:
        if source_id not in self.sources:
            raise KeyError(source_id)
        self._removed(source_id)

    @event(Removed)
    def _removed(self, source_id: str) -> None:
        del self.sources[source_id]


class TrackingObjections(Aggregate):
    """The tenant's do-not-track list, by author profile id (a pseudonym of network and
    account id): those authors' future mentions are recorded without them."""

    # Every batch of mentions reads the list: kept in memory and read again only as changed
    # (loaded whole, every objection ever made was read back at every batch).
    cached_when_sealed = True

    class Started(Aggregate.Created):
        tenant: str

    class Objected(Aggregate.Event):
        author_profile_id: str
        reason: str

    class Withdrawn(Aggregate.Event):
        author_profile_id: str

    @staticmethod
    def create_id(tenant: str, **_: object) -> UUID:
        return uuid5(MENTION_IDS, f"tracking-objections/{tenant}")

    @event(Started)
    def __init__(self, tenant: str) -> None:
        self.tenant = tenant
        self.authors: set[str] = set()

    def object(self, author_profile_id: str, reason: str) -> None:
        if author_profile_id not in self.authors:
            self._objected(author_profile_id, reason)

    @event(Objected)
    def _objected(self, author_profile_id: str, reason: str) -> None:
        self.authors.add(author_profile_id)

    def withdraw(self, author_profile_id: str) -> None:
        if author_profile_id in self.authors:
            self._withdrawn(author_profile_id)

    @event(Withdrawn)
    def _withdrawn(self, author_profile_id: str) -> None:
        self.authors.discard(author_profile_id)


# What feedparser notes but reads whole: a wrong declared encoding or content type.
BENIGN = (CharacterEncodingOverride, NonXMLContentType)


class MalformedFeed(ValueError):
    """What was fetched is not an RSS or Atom feed."""


TAGS = re.compile(r"<[^>]*>")


def _text(value: Any, limit: int) -> str:
    """Plain text: a summary's markup and NUL bytes removed, spaces collapsed."""
    plain = TAGS.sub(" ", str(value or "")).replace("\x00", "")
    return " ".join(plain.split())[:limit]


def _published(entry: Any, now: datetime) -> datetime:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return min(now, datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC))
    return now


def entries_of(parsed: Any, network: str, now: datetime) -> list[Incoming]:
    """The mentions of a feed feedparser read. Entries without an id or link, or without
    any text, cannot be told apart or analysed and are left out; a document feedparser could
    not read as a feed at all is refused."""
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(problem, BENIGN):
        # Nothing half-read is recorded.
        raise MalformedFeed(f"not valid RSS or Atom: {type(problem).__name__}: {problem}")
    if not parsed.get("version"):
        raise MalformedFeed("not valid RSS or Atom: neither was found in the document")
    feed = parsed.get("feed", {})
    found = []
    for entry in parsed.get("entries", []):
        post = _text(entry.get("id") or entry.get("link"), 200)
        text = _text(" ".join(filter(None, (entry.get("title"), entry.get("summary")))),
                     TEXT_MAX)
        if not post or not text:
            continue
        author = _text(entry.get("author") or feed.get("title"), 200)
        link = _text(entry.get("link"), 2_000)
        found.append(Incoming(
            network=network, post_id=post, author_external_id=author or "unknown",
            author_handle=author[:100], author_display_name=author, author_followers=0,
            text=text, url=link if link.startswith(("http://", "https://")) else "",
            published_at=_published(entry, now), reply_to="", likes=0, shares=0, comments=0))
    return found
