"""Rows of a mention history file (JSON Lines or CSV) as RecordMentions inputs. A row that
cannot be read is returned as a problem with its line number, never dropped silently.

JSON Lines: one object a line: network, post_id, author {external_id, handle, display_name,
followers}, text, url, published_at (ISO 8601 with offset), reply_to, engagement {likes,
shares, comments}. CSV: a header with network, post_id, author_external_id, author_handle,
author_display_name, author_followers, text, url, published_at, reply_to, likes, shares,
comments. network, post_id, author_external_id, text and published_at are required in
both."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from google.protobuf.timestamp_pb2 import Timestamp

from chorus.reputation.v1 import reputation_pb2 as pb

REQUIRED = ("network", "post_id", "author_external_id", "text", "published_at")


@dataclass(frozen=True)
class Row:
    line: int
    mention: pb.MentionInput | None = None
    problem: str = ""


def _count(value: Any, field: str) -> int:
    if value in (None, ""):
        return 0
    number = int(value)
    if number < 0:
        raise ValueError(f"{field} must not be negative")
    return number


def mention_of(flat: dict[str, Any]) -> pb.MentionInput:
    """A flat row (CSV's columns; JSON's nested objects flattened) as a MentionInput."""
    missing = [f for f in REQUIRED if not str(flat.get(f) or "").strip()]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    name = "NETWORK_" + str(flat["network"]).strip().upper()
    if name not in pb.Network.keys() or name == "NETWORK_UNSPECIFIED":  # noqa: SIM118
        raise ValueError(f"unknown network {flat['network']!r}")
    published = datetime.fromisoformat(str(flat["published_at"]).replace("Z", "+00:00"))
    if published.tzinfo is None:
        raise ValueError("published_at needs a UTC offset")
    stamp = Timestamp()
    stamp.FromDatetime(published)
    return pb.MentionInput(
        network=name, post_id=str(flat["post_id"]), text=str(flat["text"]),
        url=str(flat.get("url") or ""), reply_to=str(flat.get("reply_to") or ""),
        published_at=stamp, author=pb.Author(
            external_id=str(flat["author_external_id"]),
            handle=str(flat.get("author_handle") or ""),
            display_name=str(flat.get("author_display_name") or ""),
            followers=_count(flat.get("author_followers"), "author_followers")),
        engagement=pb.Engagement(likes=_count(flat.get("likes"), "likes"),
                                 shares=_count(flat.get("shares"), "shares"),
                                 comments=_count(flat.get("comments"), "comments")))


def _flatten(obj: dict[str, Any]) -> dict[str, Any]:
    flat = {k: v for k, v in obj.items() if not isinstance(v, dict)}
    for k, v in (obj.get("author") or {}).items():
        flat["author_external_id" if k == "external_id" else f"author_{k}"] = v
    flat.update(obj.get("engagement") or {})
    return flat


def _row(line: int, read: Any) -> Row:
    try:
        return Row(line, mention=mention_of(read()))
    except (ValueError, TypeError, AttributeError) as e:
        return Row(line, problem=str(e) or type(e).__name__)


def jsonl_rows(f: TextIO) -> Iterator[Row]:
    for line, text in enumerate(f, start=1):
        if text.strip():
            yield _row(line, lambda text=text: _flatten(json.loads(text)))


def csv_rows(f: TextIO) -> Iterator[Row]:
    reader = csv.DictReader(f)
    for record in reader:
        line = reader.line_num

        def read(record: dict[str, Any] = record) -> dict[str, Any]:
            if None in record or any(v is None for v in record.values()):
                raise ValueError("wrong number of columns")
            return record
        yield _row(line, read)


def rows(path: Path, f: TextIO) -> Iterator[Row]:
    """By the file's suffix: .csv, else JSON Lines."""
    return csv_rows(f) if path.suffix.lower() == ".csv" else jsonl_rows(f)
