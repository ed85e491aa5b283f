"""Opaque page tokens for list RPCs (Google AIP-158).

A token carries the keyset cursor of the last item returned and a fingerprint of the request's
filter and ordering: a token reused with other filters, or altered, is INVALID_ARGUMENT."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chorus.grpc.errors import FieldViolation, InvalidArgument

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class Page:
    size: int
    after: list[Any] | None  # keyset cursor: the sort key of the last item already returned

    def cursor(self, *kinds: type) -> tuple[Any, ...] | None:
        """The keyset cursor as typed values (datetimes from ISO strings), or None on the
        first page; a token whose cursor does not fit is INVALID_ARGUMENT."""
        if self.after is None:
            return None
        try:
            if len(self.after) != len(kinds):
                raise ValueError
            return tuple(datetime.fromisoformat(v) if k is datetime else k(v)
                         for k, v in zip(kinds, self.after, strict=True))
        except (ValueError, TypeError):
            raise _bad("page_token", "is not a token this API issued") from None


def _fingerprint(query: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(query, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _bad(field: str, why: str) -> InvalidArgument:
    return InvalidArgument([FieldViolation(field, why)])


def read_page(page_size: int, page_token: str, query: dict[str, Any], *,
              default: int = DEFAULT_PAGE_SIZE, maximum: int = MAX_PAGE_SIZE) -> Page:
    """Validates page_size/page_token of a request whose filters and order are `query`."""
    if page_size < 0:
        raise _bad("page_size", "must not be negative")
    size = min(page_size or default, maximum)
    if not page_token:
        return Page(size, None)
    try:
        padded = page_token + "=" * (-len(page_token) % 4)
        body = json.loads(base64.urlsafe_b64decode(padded))
        after, fingerprint = body["a"], body["f"]
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise _bad("page_token", "is not a token this API issued") from None
    if fingerprint != _fingerprint(query) or not isinstance(after, list):
        raise _bad("page_token", "belongs to a request with other filters or ordering")
    return Page(size, after)


def next_page_token(page: Page, items_returned: int, last_key: list[Any] | None,
                    query: dict[str, Any]) -> str:
    """The token for the following page, or "" when this page was the last."""
    if items_returned < page.size or last_key is None:
        return ""
    raw = json.dumps({"a": last_key, "f": _fingerprint(query)}, default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
