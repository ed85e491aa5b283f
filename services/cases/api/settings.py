"""A tenant's customer-service settings over gRPC: business calendars (hours and holidays),
SLA policies, teams and canned responses."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from google.protobuf.duration_pb2 import Duration

from chorus.auth.principal import caller
from chorus.cases.v1 import cases_pb2 as pb
from chorus.errors import NotFound
from chorus.grpc.messages import written
from chorus.grpc.validation import Check, read_your_writes
from services.cases import application
from services.cases.api.parts import ApiParts
from services.cases.domain.business_hours import CalendarError
from services.cases.domain.settings import (
    BusinessCalendar,
    CannedResponse,
    SlaPolicy,
    Team,
    calendar_content,
)
from services.cases.domain.sla import calendar_from_data, hhmm, parse_hhmm
from services.cases.messages import channel_value, enum_value

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
TARGETS = ("first_response", "next_response", "resolution")
MAX_BUDGET = timedelta(days=365)


def _seconds(check: Check, field: str, value: Duration, present: bool,
             limit: timedelta = MAX_BUDGET) -> float | None:
    if not present:
        return None
    seconds = value.ToTimedelta().total_seconds()
    if not 60 <= seconds <= limit.total_seconds():
        check.fail(field, f"must be between 1 minute and {limit.days} days")
    return seconds


def _duration(seconds: float) -> Duration:
    d = Duration()
    d.FromTimedelta(timedelta(seconds=seconds))
    return d


class SettingsApi(ApiParts):
    async def DefineBusinessCalendar(self, request: pb.DefineBusinessCalendarRequest,
                                     context: Any) -> pb.DefineBusinessCalendarResponse:
        p = caller()
        check = Check()
        c = request.calendar
        name = check.optional_pattern("calendar.calendar", c.calendar, SLUG, "a slug")
        if not name:
            check.fail("calendar.calendar", "is required")
        zone = check.text("calendar.time_zone", c.time_zone, max_len=64)
        week: list[list[str]] = [[] for _ in range(7)]
        for i, hours in enumerate(c.hours):
            field = f"calendar.hours[{i}]"
            day = check.enum(f"{field}.day", hours.day, pb.Weekday, "WEEKDAY_")
            try:
                opens = parse_hhmm(hours.opens, closing=False)
                closes = parse_hhmm(hours.closes, closing=True)
            except ValueError:
                check.fail(field, "opens and closes are HH:MM (closes may be 24:00)")
                continue
            if day:
                week[list(pb.Weekday.keys()).index(f"WEEKDAY_{day.upper()}") - 1].append(
                    f"{hhmm(opens)}-{hhmm(closes, closing=True)}")
        holidays = []
        for i, h in enumerate(c.holidays):
            try:
                holidays.append({"date": date.fromisoformat(h.date).isoformat(),
                                 "name": check.text(f"calendar.holidays[{i}].name", h.name,
                                                    max_len=100, required=False)})
            except ValueError:
                check.fail(f"calendar.holidays[{i}].date", "must be a date YYYY-MM-DD")
        content = {"zone": zone, "week": [sorted(d) for d in week],
                   "holidays": sorted(holidays, key=lambda h: h["date"])}
        if not check.violations:
            try:
                calendar_from_data(calendar_content(content))
            except CalendarError as e:
                check.fail("calendar.hours", str(e))
            except Exception:  # zoneinfo's errors for unknown or malformed zones
                check.fail("calendar.time_zone", "must be an IANA time zone, e.g. Europe/Paris")
        check.done()
        return pb.DefineBusinessCalendarResponse(write=written(
            await application.define_setting(self.store, p, BusinessCalendar, name, content)))

    async def ListBusinessCalendars(self, request: pb.ListBusinessCalendarsRequest,
                                    context: Any) -> pb.ListBusinessCalendarsResponse:
        p = caller()
        await self._settings_caught_up(request.consistency)
        found = []
        for name, content in await self.queries.settings_of(p.tenant, "calendar"):
            hours = [pb.OpeningHours(day=i + 1, opens=r.split("-")[0], closes=r.split("-")[1])
                     for i, day in enumerate(content["week"]) for r in day]
            found.append(pb.BusinessCalendar(
                calendar=name, time_zone=content["zone"], hours=hours,
                holidays=[pb.Holiday(date=h["date"], name=h["name"])
                          for h in content["holidays"]]))
        return pb.ListBusinessCalendarsResponse(calendars=found)

    async def _settings_caught_up(self, consistency: Any) -> None:
        await read_your_writes(Check(), consistency, self.settings)

    async def DefineSlaPolicy(self, request: pb.DefineSlaPolicyRequest,
                              context: Any) -> pb.DefineSlaPolicyResponse:
        p = caller()
        check = Check()
        policy = request.policy
        name = check.optional_pattern("policy.policy", policy.policy, SLUG, "a slug")
        if not name:
            check.fail("policy.policy", "is required")
        budgets = {t: _seconds(check, f"policy.{t}", getattr(policy, t),
                               policy.HasField(t)) for t in TARGETS}
        if not any(budgets.values()):
            check.fail("policy", "set at least one target")
        if not 0 <= policy.warning_percent <= 99:
            check.fail("policy.warning_percent", "must be 1 to 99 (0: 80)")
        cond = policy.conditions
        conditions = {
            "channels": sorted({check.enum("policy.conditions.channels", v, pb.Channel,
                                           "CHANNEL_") for v in cond.channels}),
            "priorities": sorted({check.enum("policy.conditions.priorities", v, pb.Priority,
                                             "PRIORITY_") for v in cond.priorities}),
            "customer_tiers": sorted({check.text("policy.conditions.customer_tiers", v,
                                                 max_len=64) for v in cond.customer_tiers}),
            "segments": sorted({check.text("policy.conditions.segments", v, max_len=64)
                                for v in cond.segments}),
            "teams": sorted({check.text("policy.conditions.teams", v, max_len=64)
                             for v in cond.teams}),
            "visibility": check.enum("policy.conditions.visibility", cond.visibility,
                                     pb.Visibility, "VISIBILITY_") if cond.visibility else ""}
        if conditions["visibility"] == "internal":
            check.fail("policy.conditions.visibility", "must be public or private")
        calendar = check.optional_pattern("policy.calendar", policy.calendar, SLUG, "a slug")
        content = {"precedence": policy.precedence, "conditions": conditions,
                   "budgets_s": {t: s for t, s in budgets.items() if s},
                   "calendar": calendar, "warning_percent": policy.warning_percent,
                   "reopen_window_s": _seconds(check, "policy.reopen_window",
                                               policy.reopen_window,
                                               policy.HasField("reopen_window")),
                   "community_timeout_s": _seconds(check, "policy.community_timeout",
                                                   policy.community_timeout,
                                                   policy.HasField("community_timeout"))}
        check.done()
        if calendar and await application.setting(self.store, p.tenant, BusinessCalendar,
                                                  calendar) is None:
            raise NotFound(f"calendar {calendar!r} is not defined")
        return pb.DefineSlaPolicyResponse(write=written(
            await application.define_setting(self.store, p, SlaPolicy, name, content)))

    async def ListSlaPolicies(self, request: pb.ListSlaPoliciesRequest,
                              context: Any) -> pb.ListSlaPoliciesResponse:
        p = caller()
        await self._settings_caught_up(request.consistency)
        found = []
        for name, c in await self.queries.settings_of(p.tenant, "sla_policy"):
            k = c["conditions"]
            found.append(pb.SlaPolicy(
                policy=name, precedence=c["precedence"], calendar=c["calendar"],
                warning_percent=c["warning_percent"] or 80,
                conditions=pb.SlaConditions(
                    channels=[channel_value(v) for v in k["channels"]],
                    priorities=[enum_value(pb.Priority, v, "PRIORITY_")
                                for v in k["priorities"]],
                    customer_tiers=k["customer_tiers"], segments=k["segments"],
                    teams=k["teams"],
                    visibility=enum_value(pb.Visibility, k["visibility"], "VISIBILITY_")),
                **{t: _duration(s) for t, s in c["budgets_s"].items()},
                **{f: _duration(c[f"{f}_s"]) for f in ("reopen_window", "community_timeout")
                   if c[f"{f}_s"]}))
        return pb.ListSlaPoliciesResponse(policies=found)

    async def DefineTeam(self, request: pb.DefineTeamRequest,
                         context: Any) -> pb.DefineTeamResponse:
        p = caller()
        check = Check()
        name = check.optional_pattern("team", request.team, SLUG, "a slug")
        if not name:
            check.fail("team", "is required")
        agents = sorted({check.text(f"agents[{i}]", a, max_len=128)
                         for i, a in enumerate(request.agents)})
        if len(agents) > 500:
            check.fail("agents", "at most 500 agents")
        tier = check.enum("tier", request.tier, pb.SupportTier, "SUPPORT_TIER_") \
            if request.tier else "agent"
        check.done()
        return pb.DefineTeamResponse(write=written(await application.define_setting(
            self.store, p, Team, name, {"agents": agents, "tier": tier})))

    async def DefineCannedResponse(self, request: pb.DefineCannedResponseRequest,
                                   context: Any) -> pb.DefineCannedResponseResponse:
        p = caller()
        check = Check()
        r = request.response
        key = check.optional_pattern("response.key", r.key, SLUG, "a slug")
        if not key:
            check.fail("response.key", "is required")
        if r.language not in ("en", "fr"):
            check.fail("response.language", "must be en or fr")
        text = check.text("response.text", r.text, max_len=5_000)
        check.done()
        return pb.DefineCannedResponseResponse(write=written(await application.define_setting(
            self.store, p, CannedResponse, f"{key}/{r.language}", {"text": text})))

    async def ListCannedResponses(self, request: pb.ListCannedResponsesRequest,
                                  context: Any) -> pb.ListCannedResponsesResponse:
        p = caller()
        found = []
        for name, content in await self.queries.settings_of(p.tenant, "canned_response"):
            key, language = name.rsplit("/", 1)
            if not request.language or request.language == language:
                found.append(pb.CannedResponse(key=key, language=language,
                                               text=content["text"]))
        return pb.ListCannedResponsesResponse(responses=found)


