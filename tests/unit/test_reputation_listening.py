"""Pure parts of reputation's listening: feed entries as mentions, history rows, mentions
kept without their author, re-analysis deciding whether anything changed."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import feedparser
import pytest

from chorus.console.mention_rows import csv_rows, jsonl_rows
from services.reputation.domain.analysis import analyse
from services.reputation.domain.listening import MalformedFeed, entries_of
from services.reputation.domain.mention import Incoming, Mention

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Reviews</title>
<entry><id>tag:r,1</id><title>Broken on arrival</title><link href="https://r.example/1"/>
<summary type="html">&lt;b&gt;Screen&lt;/b&gt; cracked &amp; no refund</summary>
<updated>2026-11-29T10:00:00Z</updated><author><name>Reviewer One</name></author></entry>
<entry><title>No id nor link: cannot be told apart</title></entry>
<entry><id>tag:r,3</id><title>From the future</title><updated>2030-01-01T00:00:00Z</updated>
</entry></feed>"""


def test_feed_entries_become_mentions_of_plain_text() -> None:
    first, future = entries_of(feedparser.parse(ATOM), "web", NOW)
    assert (first.post_id, first.author_external_id, first.url) == (
        "tag:r,1", "Reviewer One", "https://r.example/1")
    assert first.text == "Broken on arrival Screen cracked & no refund"
    assert first.published_at == datetime(2026, 11, 29, 10, tzinfo=UTC)
    assert future.published_at == NOW, "a date in the future is when it was heard"


@pytest.mark.parametrize("body", [b"<rss><channel><item><title>unclosed", b"not xml",
                                  b"<html><body>a web page</body></html>"])
def test_what_is_not_a_feed_is_refused_whole(body: bytes) -> None:
    with pytest.raises(MalformedFeed, match="not valid RSS or Atom"):
        entries_of(feedparser.parse(body), "web", NOW)


def test_history_rows_are_read_or_reported_by_line() -> None:
    rows = list(jsonl_rows(io.StringIO(
        '{"network": "x", "post_id": "1", "author": {"external_id": "a", "followers": 3},'
        ' "text": "hi", "published_at": "2026-11-01T10:00:00Z",'
        ' "engagement": {"likes": 2}}\n\n'
        '{"network": "x", "post_id": "2", "text": "no author",'
        ' "published_at": "2026-11-01T10:00:00Z"}\n'
        '{"network": "x", "post_id": "3", "author": {"external_id": "a"}, "text": "t",'
        ' "published_at": "2026-11-01T10:00:00"}\n'
        '{"network": "x", "post_id": "4", "author": {"external_id": "a"}, "text": "t",'
        ' "published_at": "2026-11-01T10:00:00Z", "engagement": {"likes": -1}}\n')))
    assert [r.line for r in rows] == [1, 3, 4, 5]
    assert rows[0].mention is not None and rows[0].mention.engagement.likes == 2
    assert rows[0].mention.author.followers == 3
    assert rows[1].problem == "missing author_external_id"
    assert rows[2].problem == "published_at needs a UTC offset"
    assert rows[3].problem == "likes must not be negative"
    (bad,) = csv_rows(io.StringIO("network,post_id,author_external_id,text,published_at\n"
                                  "x,1,a,text\n"))
    assert (bad.line, bad.problem) == (2, "wrong number of columns")


def incoming(post: str) -> Incoming:
    return Incoming(network="x", post_id=post, author_external_id="zoe",
                    author_handle="@zoe", author_display_name="Zoe", author_followers=9,
                    text="I want a refund", url="https://x.example/1", published_at=NOW,
                    reply_to="", likes=1, shares=0, comments=0)


def test_a_mention_kept_without_its_author_keeps_its_id_and_nothing_of_them() -> None:
    mention_id = Mention.create_id("acme", "x", "p1")
    kept = incoming("p1").anonymous(mention_id)
    assert (kept.author_external_id, kept.author_handle, kept.text, kept.url) == ("",) * 4
    assert "p1" not in kept.post_id
    assert Mention.create_id("acme", "x", kept.post_id) == mention_id


def test_reanalysis_records_only_what_changed() -> None:
    m = incoming("p2")
    mention = Mention.record(analyse(m.text, []), "", tenant="acme", network=m.network,
                             post_id=m.post_id, author_external_id=m.author_external_id,
                             author_profile_id="p", author_handle=m.author_handle,
                             author_display_name=m.author_display_name,
                             author_followers=m.author_followers, text=m.text, url=m.url,
                             published_at=m.published_at, reply_to="", likes=1, shares=0,
                             comments=0)
    mention.collect_events()
    assert not mention.reanalyse(analyse(m.text, []))
    assert mention.reanalyse(analyse(m.text, ["refund"]))
    (event,) = mention.collect_events()
    assert isinstance(event, Mention.Reanalysed) and event.terms == ["refund"]
