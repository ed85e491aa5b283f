"""Business-hours arithmetic against an independent minute-by-minute reading of the local
clock, across daylight-saving changes in Europe/Paris and America/New_York, holidays, starts
while closed and long closures."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from services.cases.domain.business_hours import Calendar, CalendarError, Range

ZONES = ["Europe/Paris", "America/New_York", "UTC"]
# Windows holding both continents' clock changes (2026: US Mar 8 / Nov 1, EU Mar 29 / Oct 25).
WINDOWS = [(datetime(2026, 3, 4, tzinfo=UTC), 30), (datetime(2026, 10, 20, tzinfo=UTC), 16)]
MINUTE = timedelta(minutes=1)


def model_open(calendar: Calendar, at: datetime) -> bool:
    local = at.astimezone(ZoneInfo(calendar.zone))
    if local.date() in calendar.holidays:
        return False
    minutes = local.hour * 60 + local.minute
    return any(r.start_minutes <= minutes < r.end_minutes
               for r in calendar.week[local.weekday()])


def model_add(calendar: Calendar, start: datetime, minutes: int, cap: int) -> datetime | None:
    at, left = start, minutes
    for _ in range(cap):
        if left == 0:
            return at
        if model_open(calendar, at):
            left -= 1
            if left == 0:
                return at + MINUTE
        at += MINUTE
    return None


@st.composite
def ranges(draw: st.DrawFn) -> tuple[Range, ...]:
    # Half-hour boundaries, so ranges often cover the 01:00-04:00 hours clocks change in.
    points = sorted(draw(st.sets(st.integers(0, 48), max_size=4)))
    pairs = [(points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)]
    return tuple(Range(time(a // 2, a % 2 * 30) if a < 48 else time(0),
                       time(b // 2, b % 2 * 30) if b < 48 else time(0))
                 for a, b in pairs if a < b)


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    week = tuple(draw(ranges()) for _ in range(7))
    assume(sum(1 for day in week if day) >= 3)
    start, days = draw(st.sampled_from(WINDOWS))
    holidays = draw(st.sets(st.integers(0, days), max_size=3))
    return Calendar(draw(st.sampled_from(ZONES)), week,
                    frozenset((start + timedelta(days=d)).date() for d in holidays))


@st.composite
def starts(draw: st.DrawFn) -> datetime:
    first, days = draw(st.sampled_from(WINDOWS))
    return first + timedelta(minutes=draw(st.integers(0, days * 24 * 60)))


@settings(max_examples=120, deadline=None)
@given(calendars(), starts(), st.integers(0, 900))
def test_adding_business_time_matches_the_minute_model(calendar: Calendar, start: datetime,
                                                       minutes: int) -> None:
    expected = model_add(calendar, start, minutes, cap=40 * 24 * 60)
    assume(expected is not None)
    assert calendar.add(start, timedelta(minutes=minutes)) == expected


@settings(max_examples=120, deadline=None)
@given(calendars(), starts(), st.integers(0, 6 * 24 * 60))
def test_business_time_between_matches_the_minute_model(calendar: Calendar, start: datetime,
                                                        span: int) -> None:
    end = start + timedelta(minutes=span)
    expected = sum(model_open(calendar, start + i * MINUTE) for i in range(span))
    assert calendar.between(start, end) == timedelta(minutes=expected)
    assert calendar.is_open(start) == model_open(calendar, start)


@settings(max_examples=60, deadline=None)
@given(calendars(), starts(),
       st.lists(st.tuples(st.integers(1, 3000), st.integers(1, 3000)), min_size=1, max_size=3),
       st.integers(30, 600))
def test_a_clock_paused_over_nights_and_weekends_counts_only_its_running_open_time(
        calendar: Calendar, start: datetime, runs_and_pauses: list[tuple[int, int]],
        budget: int) -> None:
    """Run, pause, run, ...: the due time computed at the last resume from the business time
    left is when the open minutes of the running spans add up to the budget."""
    spent, at, running, spans = timedelta(0), start, True, []
    gaps = [minutes for pair in runs_and_pauses for minutes in pair]  # ends resumed
    for gap in gaps:
        nxt = at + timedelta(minutes=gap)
        if running:
            spans.append((at, nxt))
            spent += calendar.between(at, nxt)
        at, running = nxt, not running
    assume(running and spent < timedelta(minutes=budget))
    due = calendar.add(at, timedelta(minutes=budget) - spent)
    spans.append((at, due))
    counted = sum(model_open(calendar, a + i * MINUTE)
                  for a, b in spans for i in range((b - a) // MINUTE))
    assert counted == budget


def test_a_lunch_break_and_an_explicit_holiday() -> None:
    week = tuple((Range(time(9), time(12)), Range(time(14), time(18))) if d < 5 else ()
                 for d in range(7))
    calendar = Calendar("Europe/Paris", week, frozenset({date(2026, 12, 25)}))
    thursday_noon = datetime(2026, 12, 24, 11, 0, tzinfo=UTC)  # 12:00 in Paris
    # Thursday 14:00-18:00, Friday is Christmas, then Monday 09:00-10:00.
    assert calendar.add(thursday_noon, timedelta(hours=5)) == datetime(
        2026, 12, 28, 9, 0, tzinfo=UTC)
    assert not calendar.is_open(datetime(2026, 12, 24, 12, 0, tzinfo=UTC))  # lunch


def test_a_case_opened_while_closed_starts_counting_at_opening() -> None:
    week = tuple((Range(time(9), time(17)),) if d < 5 else () for d in range(7))
    calendar = Calendar("America/New_York", week)
    saturday = datetime(2026, 3, 7, 15, 0, tzinfo=UTC)
    # Monday 9:00 is EDT (clocks changed on Sunday): 13:00 UTC, then two hours.
    assert calendar.add(saturday, timedelta(hours=2)) == datetime(2026, 3, 9, 15, 0, tzinfo=UTC)


def test_calendars_that_cannot_be_are_refused() -> None:
    with pytest.raises(CalendarError, match="close after"):
        Calendar("UTC", ((Range(time(10), time(9)),), (), (), (), (), (), ()))
    with pytest.raises(CalendarError, match="overlap"):
        Calendar("UTC", ((Range(time(9), time(12)), Range(time(11), time(13))),
                         (), (), (), (), (), ()))
    with pytest.raises(CalendarError, match="never open"):
        Calendar("UTC", ((), (), (), (), (), (), ()))
    with pytest.raises(Exception):  # noqa: B017 - zoneinfo's own error for an unknown zone
        Calendar("Mars/Olympus_Mons", tuple((Range(time(9), time(17)),) for _ in range(7)))
