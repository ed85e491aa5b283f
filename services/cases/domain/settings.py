"""A tenant's customer-service settings: business calendars, SLA policies, teams and canned
responses. One aggregate each per tenant and name; defining one again replaces its content
(the events keep every version)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from services.cases.domain.sla import (
    DEFAULT_COMMUNITY_TIMEOUT,
    DEFAULT_REOPEN_WINDOW,
    DEFAULT_WARNING_PERCENT,
    CaseFacts,
    Conditions,
    SlaTerms,
    Target,
    calendar_from_data,
)

SETTINGS_IDS = UUID("5c0e7f3a-91d2-4b68-a4e5-0f2b6d8c1e73")


def settings_id(kind: str, tenant: str, name: str) -> UUID:
    return uuid5(SETTINGS_IDS, f"{kind}/{tenant}/{name}")


class Setting(Aggregate):
    """A named setting of a tenant whose whole content is replaced when defined again."""

    kind = "setting"

    class Defined(Aggregate.Created):
        tenant: str
        name: str
        content: dict[str, Any]

    class Redefined(Aggregate.Event):
        content: dict[str, Any]

        def apply(self, setting: Any) -> None:
            setting.content = self.content

    @event(Defined)
    def __init__(self, tenant: str, name: str, content: dict[str, Any]) -> None:
        self.tenant, self.name, self.content = tenant, name, content

    def redefine(self, content: dict[str, Any]) -> None:
        # Triggered as the subclass's own event, so read models tell settings apart.
        if content != self.content:
            self.trigger_event(type(self).Redefined, content=content)


class BusinessCalendar(Setting):
    """content: {"zone", "week": [["09:00-12:00", ...] x 7], "holidays": [{"date", "name"}]}"""

    kind = "calendar"

    @staticmethod
    def create_id(tenant: str, name: str, **_: object) -> UUID:
        return settings_id("calendar", tenant, name)


class SlaPolicy(Setting):
    """content: {"precedence", "conditions": {...}, "budgets_s": {target: seconds},
    "calendar", "warning_percent", "reopen_window_s", "community_timeout_s"}"""

    kind = "sla_policy"

    @staticmethod
    def create_id(tenant: str, name: str, **_: object) -> UUID:
        return settings_id("sla_policy", tenant, name)


class Team(Setting):
    """content: {"agents": [...], "tier": "agent"}"""

    kind = "team"

    @staticmethod
    def create_id(tenant: str, name: str, **_: object) -> UUID:
        return settings_id("team", tenant, name)


class CannedResponse(Setting):
    """name: "<key>/<language>"; content: {"text"}"""

    kind = "canned_response"

    @staticmethod
    def create_id(tenant: str, name: str, **_: object) -> UUID:
        return settings_id("canned_response", tenant, name)


def calendar_content(content: dict[str, Any]) -> dict[str, Any]:
    """The calendar as sla.calendar_from_data reads it (holidays as dates only)."""
    return {"zone": content["zone"], "week": content["week"],
            "holidays": [h["date"] for h in content["holidays"]]}


def conditions_of(content: dict[str, Any]) -> Conditions:
    c = content["conditions"]
    return Conditions(frozenset(c["channels"]), frozenset(c["priorities"]),
                      frozenset(c["customer_tiers"]), frozenset(c["segments"]),
                      frozenset(c["teams"]), c["visibility"])


def choose_terms(policies: list[tuple[str, dict[str, Any]]],
                 calendars: dict[str, dict[str, Any]], facts: CaseFacts) -> SlaTerms:
    """The terms of the first policy (by precedence, then name) whose conditions match the
    case; the default 48-hour promise when none does."""
    for name, content in sorted(policies, key=lambda p: (p[1]["precedence"], p[0])):
        if not conditions_of(content).match(facts):
            continue
        calendar = calendars.get(content["calendar"]) if content["calendar"] else None
        return SlaTerms(
            name, {Target(t): timedelta(seconds=s) for t, s in content["budgets_s"].items()},
            calendar_from_data(calendar_content(calendar)) if calendar else
            SlaTerms.default().calendar,
            content.get("warning_percent") or DEFAULT_WARNING_PERCENT,
            timedelta(seconds=content.get("reopen_window_s") or
                      DEFAULT_REOPEN_WINDOW.total_seconds()),
            timedelta(seconds=content.get("community_timeout_s") or
                      DEFAULT_COMMUNITY_TIMEOUT.total_seconds()))
    return SlaTerms.default()


PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill(text: str, values: dict[str, str]) -> str:
    """A canned response with its placeholders filled; unknown ones are left as they are."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
