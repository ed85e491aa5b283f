"""The SLA clocks of a case, as events in Zendesk's vocabulary where it fits: a policy applied,
a target applied, paused, resumed, fulfilled (met or not), warned, breached, cancelled. A
case's SLA history is this list of events; its deadlines derive from it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate

from services.cases.domain.business_hours import Calendar
from services.cases.domain.sla import (
    Clock,
    ClockState,
    SlaTerms,
    Target,
    calendar_from_data,
    calendar_to_data,
    schedule,
)


def _seconds(value: timedelta) -> float:
    return value.total_seconds()


class CaseClocks(Aggregate):
    """Mixed into Case. Its state (`clocks`, `terms`) is set when the case is opened."""

    if TYPE_CHECKING:  # not at run time, where the library would make it a dataclass field
        terms: SlaTerms  # the terms in force, made by SlaPolicyApplied

    class SlaPolicyApplied(Aggregate.Event):
        policy: str
        budgets_s: dict[str, float]
        calendar: dict[str, Any]
        warning_percent: int
        reopen_window_s: float
        community_timeout_s: float

        def apply(self, case: Any) -> None:
            # Made once here, not on each use: a command reads a case's terms several times.
            case.terms = SlaTerms(
                self.policy, {Target(t): timedelta(seconds=s) for t, s in self.budgets_s.items()},
                calendar_from_data(self.calendar), self.warning_percent,
                timedelta(seconds=self.reopen_window_s),
                timedelta(seconds=self.community_timeout_s))

    class SlaApplied(Aggregate.Event):
        target: str
        generation: int
        budget_s: float
        spent_s: float
        started_at: datetime
        running_since: datetime | None
        due_at: datetime | None
        warn_at: datetime | None

        def apply(self, case: Any) -> None:
            target = Target(self.target)
            clock = case.clocks.get(target)
            if clock is None or clock.generation != self.generation:
                clock = case.clocks[target] = Clock(
                    target, self.generation, timedelta(0), timedelta(0), self.started_at,
                    None, None, None)
            clock.budget, clock.spent = timedelta(seconds=self.budget_s), timedelta(
                seconds=self.spent_s)
            clock.running_since, clock.due_at, clock.warn_at = (
                self.running_since, self.due_at, self.warn_at)
            clock.state = ClockState.RUNNING if self.running_since else ClockState.PAUSED

    class SlaPaused(Aggregate.Event):
        target: str
        generation: int
        spent_s: float

        def apply(self, case: Any) -> None:
            clock = case.clocks[Target(self.target)]
            clock.spent, clock.running_since = timedelta(seconds=self.spent_s), None
            clock.due_at = clock.warn_at = None
            clock.state = ClockState.PAUSED

    class SlaResumed(Aggregate.Event):
        target: str
        generation: int
        at: datetime
        due_at: datetime
        warn_at: datetime | None

        def apply(self, case: Any) -> None:
            clock = case.clocks[Target(self.target)]
            clock.running_since, clock.due_at, clock.warn_at = self.at, self.due_at, self.warn_at
            clock.state = ClockState.RUNNING

    class SlaFulfilled(Aggregate.Event):
        target: str
        generation: int
        at: datetime
        spent_s: float
        met: bool

        def apply(self, case: Any) -> None:
            clock = case.clocks[Target(self.target)]
            clock.spent, clock.running_since = timedelta(seconds=self.spent_s), None
            clock.fulfilled_at = self.at
            clock.state = ClockState.MET if self.met else ClockState.BREACHED

    class SlaWarned(Aggregate.Event):
        target: str
        generation: int
        due_at: datetime
        customer_id: str
        public: bool

        def apply(self, case: Any) -> None:
            case.clocks[Target(self.target)].warned = True

    class SlaBreached(Aggregate.Event):
        target: str
        generation: int
        due_at: datetime
        customer_id: str
        public: bool

        def apply(self, case: Any) -> None:
            case.clocks[Target(self.target)].breached = True

    class SlaCancelled(Aggregate.Event):
        target: str
        generation: int
        reason: str

        def apply(self, case: Any) -> None:
            clock = case.clocks[Target(self.target)]
            clock.state, clock.running_since = ClockState.CANCELLED, None

    # -- the terms in force ----------------------------------------------------------------

    @property
    def calendar(self) -> Calendar:
        return self.terms.calendar

    def _record_terms(self, terms: SlaTerms) -> None:
        self.trigger_event(
            type(self).SlaPolicyApplied, policy=terms.policy,
            budgets_s={t.value: _seconds(b) for t, b in terms.budgets.items()},
            calendar=calendar_to_data(terms.calendar), warning_percent=terms.warning_percent,
            reopen_window_s=_seconds(terms.reopen_window),
            community_timeout_s=_seconds(terms.community_timeout))

    # -- clocks ---------------------------------------------------------------------------

    def _live(self, target: Target) -> Clock | None:
        clock: Clock | None = self.clocks.get(target)  # type: ignore[attr-defined]
        return clock if clock is not None and clock.live else None

    def _start_clock(self, target: Target, at: datetime, spent: timedelta = timedelta(0),
                     running: bool = True) -> None:
        terms = self.terms
        if target not in terms.budgets:
            return
        previous = self.clocks.get(target)  # type: ignore[attr-defined]
        generation = previous.generation + 1 if previous else 1
        due, warn = schedule(terms, target, spent, at, warned=False) if running else (None, None)
        self.trigger_event(type(self).SlaApplied, target=target.value, generation=generation,
                           budget_s=_seconds(terms.budgets[target]), spent_s=_seconds(spent),
                           started_at=at, running_since=at if running else None, due_at=due,
                           warn_at=warn)

    def _reschedule(self, old: Calendar, now: datetime) -> None:
        """New terms for the live clocks, keeping the business time already spent (counted
        in the calendar it was spent under)."""
        terms = self.terms
        for clock in list(self.clocks.values()):  # type: ignore[attr-defined]
            if not clock.live:
                continue
            if clock.target not in terms.budgets:
                self._cancel_clock(clock.target, "no such target in the new policy")
                continue
            spent = clock.spent_at(old, now)
            running = clock.running_since is not None
            due, warn = schedule(terms, clock.target, spent, now, clock.warned) if running \
                else (None, None)
            self.trigger_event(type(self).SlaApplied, target=clock.target.value,
                               generation=clock.generation,
                               budget_s=_seconds(terms.budgets[clock.target]),
                               spent_s=_seconds(spent), started_at=clock.started_at,
                               running_since=now if running else None, due_at=due,
                               warn_at=warn)

    def _pause_clock(self, target: Target, now: datetime) -> None:
        clock = self._live(target)
        if clock is not None and clock.running_since is not None:
            self.trigger_event(type(self).SlaPaused, target=target.value,
                               generation=clock.generation,
                               spent_s=_seconds(clock.spent_at(self.calendar, now)))

    def _resume_clock(self, target: Target, now: datetime) -> None:
        clock = self._live(target)
        if clock is not None and clock.running_since is None:
            due, warn = schedule(self.terms, target, clock.spent, now, clock.warned)
            self.trigger_event(type(self).SlaResumed, target=target.value,
                               generation=clock.generation, at=now, due_at=due, warn_at=warn)

    def _fulfil_clock(self, target: Target, now: datetime) -> None:
        clock = self._live(target)
        if clock is None:
            return
        spent = clock.spent_at(self.calendar, now)
        self.trigger_event(type(self).SlaFulfilled, target=target.value,
                           generation=clock.generation, at=now, spent_s=_seconds(spent),
                           met=not clock.breached and spent <= clock.budget)

    def _cancel_clock(self, target: Target, reason: str) -> None:
        clock = self._live(target)
        if clock is not None:
            self.trigger_event(type(self).SlaCancelled, target=target.value,
                               generation=clock.generation, reason=reason)

    def _clock_due(self, target: Target, generation: int, warning: bool,
                   now: datetime) -> bool:
        """Records a warning or a breach that has come, once; True if it recorded one."""
        clock = self._live(target)
        if clock is None or clock.generation != generation or clock.running_since is None:
            return False  # paused, fulfilled, cancelled or superseded meanwhile
        due = clock.warn_at if warning else clock.due_at
        if due is None or now < due or (clock.warned if warning else clock.breached):
            return False
        event = type(self).SlaWarned if warning else type(self).SlaBreached
        assert clock.due_at is not None
        case: Any = self
        self.trigger_event(event, target=target.value, generation=generation,
                           due_at=clock.due_at, customer_id=case.customer_id,
                           public=case.visibility == "public")
        return True
