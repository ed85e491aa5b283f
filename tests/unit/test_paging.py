from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chorus.grpc.errors import InvalidArgument
from chorus.grpc.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, next_page_token, read_page

QUERY = {"filter": "segment=vip", "order_by": "created desc"}


def test_sizes_default_and_cap() -> None:
    assert read_page(0, "", QUERY).size == DEFAULT_PAGE_SIZE
    assert read_page(10_000, "", QUERY).size == MAX_PAGE_SIZE
    with pytest.raises(InvalidArgument) as e:
        read_page(-1, "", QUERY)
    assert e.value.violations[0].field == "page_size"


@given(st.lists(st.one_of(st.integers(), st.text(max_size=20)), min_size=1, max_size=3))
def test_token_round_trips_the_cursor(key: list[object]) -> None:
    page = read_page(2, "", QUERY)
    token = next_page_token(page, 2, key, QUERY)
    assert read_page(2, token, QUERY).after == key


def test_last_page_has_no_token_and_foreign_or_forged_tokens_are_refused() -> None:
    page = read_page(2, "", QUERY)
    assert next_page_token(page, 1, ["x"], QUERY) == ""
    token = next_page_token(page, 2, ["x"], QUERY)
    for bad_token, query in [(token, {**QUERY, "filter": "segment=gold"}),
                             ("not-a-token", QUERY), (token[:-3], QUERY)]:
        with pytest.raises(InvalidArgument) as e:
            read_page(2, bad_token, query)
        assert e.value.violations[0].field == "page_token"


def test_a_page_cursor_is_typed_and_a_cursor_that_does_not_fit_is_invalid_argument() -> None:
    from datetime import UTC, datetime
    from uuid import UUID

    import pytest

    from chorus.grpc.errors import InvalidArgument
    from chorus.grpc.paging import Page

    at = datetime(2026, 11, 23, tzinfo=UTC)
    uid = "6f1c7d0e-2b1a-4c55-9a57-1d3c5b0e8a11"
    assert Page(20, None).cursor(int, UUID) is None
    assert Page(20, [at.isoformat(), uid]).cursor(datetime, UUID) == (at, UUID(uid))
    for bad in ([1], ["x", uid], [1, "not-a-uuid"], [None, uid]):
        with pytest.raises(InvalidArgument):
            Page(20, bad).cursor(int, UUID)
