"""SLA clocks, pure: a target (first response, next response, resolution) gets a budget of
business time; its clock runs, pauses while the case waits on the customer, and ends met or
breached. Due and warning instants are computed from the calendar when a clock (re)starts and
recorded in the events, so replaying a case never needs the calendar of the day."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from services.cases.domain.business_hours import Calendar, Range


class Target(StrEnum):
    FIRST_RESPONSE = "first_response"
    NEXT_RESPONSE = "next_response"
    RESOLUTION = "resolution"


class ClockState(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    BREACHED = "breached"
    CANCELLED = "cancelled"


DEFAULT_WARNING_PERCENT = 80
DEFAULT_REOPEN_WINDOW = timedelta(days=7)
DEFAULT_COMMUNITY_TIMEOUT = timedelta(hours=24)


@dataclass(frozen=True)
class SlaTerms:
    """What a policy promises a case: budgets of business time, counted in a calendar."""

    policy: str  # "" for the default promise
    budgets: dict[Target, timedelta]
    calendar: Calendar
    warning_percent: int = DEFAULT_WARNING_PERCENT
    reopen_window: timedelta = DEFAULT_REOPEN_WINDOW
    community_timeout: timedelta = DEFAULT_COMMUNITY_TIMEOUT

    @staticmethod
    def default() -> SlaTerms:
        """The brand's public promise when no policy matches: an answer within 48 hours."""
        hours48 = timedelta(hours=48)
        return SlaTerms("", {Target.FIRST_RESPONSE: hours48, Target.NEXT_RESPONSE: hours48},
                        Calendar.always())

    def warning_budget(self, target: Target) -> timedelta:
        return self.budgets[target] * self.warning_percent / 100


@dataclass
class Clock:
    target: Target
    generation: int
    budget: timedelta
    spent: timedelta  # business time spent before `running_since`
    started_at: datetime
    running_since: datetime | None
    due_at: datetime | None
    warn_at: datetime | None
    state: ClockState = ClockState.RUNNING
    warned: bool = False
    breached: bool = False
    fulfilled_at: datetime | None = None

    @property
    def live(self) -> bool:
        """Still counting (running or paused)."""
        return self.state in (ClockState.RUNNING, ClockState.PAUSED)

    def spent_at(self, calendar: Calendar, at: datetime) -> timedelta:
        if self.running_since is None:
            return self.spent
        return self.spent + calendar.between(self.running_since, at)

    def shown_state(self) -> ClockState:
        """What a reader sees: a live clock past its due time shows as breached."""
        if self.live and self.breached:
            return ClockState.BREACHED
        return self.state


def schedule(terms: SlaTerms, target: Target, spent: timedelta, at: datetime,
             warned: bool) -> tuple[datetime, datetime | None]:
    """(due, warning) instants of a clock resuming at `at` with `spent` already used."""
    calendar, budget = terms.calendar, terms.budgets[target]
    due = calendar.add(at, budget - spent)
    warn = None
    if not warned:
        share = terms.warning_budget(target)
        warn = calendar.add(at, share - spent) if share > spent else at
    return due, warn


# -- calendars as event data (a policy's terms are recorded with the clocks they start) -------

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def hhmm(t: time, closing: bool = False) -> str:
    return "24:00" if closing and t == time(0) else t.strftime("%H:%M")


def parse_hhmm(text: str, closing: bool) -> time:
    """A wall time "HH:MM" ("24:00" closes at midnight)."""
    if closing and text == "24:00":
        return time(0)
    parsed = datetime.strptime(text, "%H:%M").time()
    if closing and parsed == time(0):
        raise ValueError("a range closing at midnight closes at 24:00")
    return parsed


def calendar_to_data(calendar: Calendar) -> dict[str, Any]:
    return {"zone": calendar.zone,
            "week": [[f"{hhmm(r.opens)}-{hhmm(r.closes, closing=True)}" for r in day]
                     for day in calendar.week],
            "holidays": sorted(d.isoformat() for d in calendar.holidays)}


def calendar_from_data(data: dict[str, Any]) -> Calendar:
    return _calendar_from_json(json.dumps(data, sort_keys=True))


@functools.lru_cache(maxsize=1024)
def _calendar_from_json(text: str) -> Calendar:
    data = json.loads(text)
    week = tuple(tuple(Range(parse_hhmm(r.split("-")[0], False), parse_hhmm(r.split("-")[1], True))
                       for r in day) for day in data["week"])
    return Calendar(data["zone"], week, frozenset(date.fromisoformat(d)
                                                  for d in data["holidays"]))


@dataclass(frozen=True)
class Conditions:
    """Which cases a policy applies to (each empty set: any)."""

    channels: frozenset[str] = frozenset()
    priorities: frozenset[str] = frozenset()
    customer_tiers: frozenset[str] = frozenset()
    segments: frozenset[str] = frozenset()
    teams: frozenset[str] = frozenset()
    visibility: str = ""

    def match(self, facts: CaseFacts) -> bool:
        return ((not self.channels or facts.channel in self.channels)
                and (not self.priorities or facts.priority in self.priorities)
                and (not self.customer_tiers or facts.customer_tier in self.customer_tiers)
                and (not self.segments or bool(self.segments & facts.segments))
                and (not self.teams or facts.team in self.teams)
                and (not self.visibility or facts.visibility == self.visibility))


@dataclass(frozen=True)
class CaseFacts:
    """What policies select cases by."""

    channel: str
    visibility: str
    priority: str
    customer_tier: str = ""
    segments: frozenset[str] = field(default_factory=frozenset)
    team: str = ""
