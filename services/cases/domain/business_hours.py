"""Business hours: when a brand's customer service is open, and durations counted only while
it is. Pure (no I/O, no wall clock).

A calendar is an IANA time zone, weekly opening ranges (several per day: a lunch break is two
ranges) and holidays (whole local days, closed). A range is wall-clock time: on a day when
clocks change, 09:00-17:00 lasts 7 or 9 real hours if the change falls inside it, and wall
times that do not exist (spring forward) or exist twice (fall back) are counted as they occur,
exactly as a minute-by-minute reading of the local clock would (the property tests check it).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY = timedelta(days=1)
HORIZON_DAYS = 3 * 366  # a calendar must open at least once in this many days


class CalendarError(ValueError):
    """A calendar that cannot be (overlapping ranges, end before start, never open)."""


@dataclass(frozen=True)
class Range:
    opens: time
    closes: time  # time(0) means midnight at the end of the day

    @property
    def end_minutes(self) -> int:
        return 24 * 60 if self.closes == time(0) else self.closes.hour * 60 + self.closes.minute

    @property
    def start_minutes(self) -> int:
        return self.opens.hour * 60 + self.opens.minute


@dataclass(frozen=True)
class Calendar:
    zone: str
    week: tuple[tuple[Range, ...], ...]  # 7 entries, Monday first
    holidays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        ZoneInfo(self.zone)  # raises for an unknown zone
        if len(self.week) != 7:
            raise CalendarError("a week has seven days")
        for day, ranges in enumerate(self.week):
            ordered = sorted(ranges, key=lambda r: r.start_minutes)
            for r in ordered:
                if r.end_minutes <= r.start_minutes:
                    raise CalendarError(f"day {day}: a range must close after it opens")
            for a, b in itertools.pairwise(ordered):
                if b.start_minutes < a.end_minutes:
                    raise CalendarError(f"day {day}: opening ranges overlap")
        if not any(self.week):
            raise CalendarError("the calendar is never open")

    @staticmethod
    def always(zone: str = "UTC") -> Calendar:
        """Open around the clock (targets in plain elapsed time)."""
        return Calendar(zone, tuple((Range(time(0), time(0)),) for _ in range(7)))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def open_on(self, day: date) -> list[tuple[datetime, datetime]]:
        """The UTC intervals the service is open during local day `day`, in order."""
        return _open_on(self, day)

    def intervals(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Open intervals (UTC) from `start` on, the first clipped to begin at `start`."""
        day = start.astimezone(self.tz).date() - DAY  # a local day may begin the UTC day before
        for _ in range(HORIZON_DAYS):
            for a, b in self.open_on(day):
                if b > start:
                    yield max(a, start), b
            day += DAY
        raise CalendarError(f"the calendar is not open within {HORIZON_DAYS} days of {start}")

    def is_open(self, at: datetime) -> bool:
        day = at.astimezone(self.tz).date()
        return any(a <= at < b for d in (day - DAY, day) for a, b in self.open_on(d))

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The instant at which `duration` of open time has passed since `start`."""
        if duration <= timedelta(0):
            return start
        left = duration
        for a, b in self.intervals(start):
            if b - a >= left:
                return a + left
            left -= b - a
        raise AssertionError("unreachable")

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Open time between two instants (zero if `end` is not after `start`)."""
        total = timedelta(0)
        if end <= start:
            return total
        for a, b in self.intervals(start):
            if a >= end:
                break
            total += min(b, end) - a
        return total


@functools.lru_cache(maxsize=4096)
def _open_on(calendar: Calendar, day: date) -> list[tuple[datetime, datetime]]:
    if day in calendar.holidays:
        return []
    ranges = calendar.week[day.weekday()]
    if not ranges:
        return []
    zone = calendar.tz
    day_start = _first_at_or_after(datetime.combine(day, time(0)), zone)
    day_end = _first_at_or_after(datetime.combine(day + DAY, time(0)), zone)
    found = []
    # Within one piece of the day the UTC offset is constant: a local range maps to UTC by
    # subtracting it. Clock changes split the day into pieces.
    for piece_start, piece_end, offset in _pieces(day_start, day_end, zone):
        for r in ranges:
            local_open = datetime.combine(day, time(0)) + timedelta(minutes=r.start_minutes)
            local_close = datetime.combine(day, time(0)) + timedelta(minutes=r.end_minutes)
            a = max((local_open - offset).replace(tzinfo=UTC), piece_start)
            b = min((local_close - offset).replace(tzinfo=UTC), piece_end)
            if a < b:
                found.append((a, b))
    return sorted(found)


def _offset(at: datetime, zone: ZoneInfo) -> timedelta:
    offset = at.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def _pieces(start: datetime, end: datetime,
            zone: ZoneInfo) -> list[tuple[datetime, datetime, timedelta]]:
    """[start, end) cut where the zone's UTC offset changes. The offset is sampled every 15
    minutes (zones change on whole minutes, hours apart); each change found between two
    samples is located to the minute."""
    step = timedelta(minutes=15)
    pieces, piece_start, offset = [], start, _offset(start, zone)
    at = start
    while at + step < end:
        nxt = at + step
        if _offset(nxt, zone) != offset:
            lo, hi = 0, 15  # minutes after `at`: lo still has the old offset, hi the new
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if _offset(at + timedelta(minutes=mid), zone) == offset:
                    lo = mid
                else:
                    hi = mid
            change = at + timedelta(minutes=hi)
            pieces.append((piece_start, change, offset))
            piece_start, offset = change, _offset(change, zone)
        at = nxt
    pieces.append((piece_start, end, offset))
    return pieces


def _first_at_or_after(local: datetime, zone: ZoneInfo) -> datetime:
    """The first UTC instant whose local wall time is `local` or later (a wall time that
    does not exist, in a spring-forward gap, begins when the clocks jump)."""
    for fold in (0, 1):
        candidate = local.replace(tzinfo=zone, fold=fold).astimezone(UTC)
        if candidate.astimezone(zone).replace(tzinfo=None) == local:
            return candidate
    # In a gap: the jump happens between the two readings of the wall time.
    before = local.replace(tzinfo=zone, fold=1).astimezone(UTC)
    after = local.replace(tzinfo=zone, fold=0).astimezone(UTC)
    lo, hi = min(before, after), max(before, after)
    while hi - lo > timedelta(minutes=1):
        mid = (lo + (hi - lo) / 2).replace(second=0, microsecond=0)
        if mid <= lo:
            break
        if mid.astimezone(zone).replace(tzinfo=None) >= local:
            hi = mid
        else:
            lo = mid
    return hi
