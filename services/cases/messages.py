"""Between cases' protos and its domain: enums both ways, read-model rows into reply messages
(opening what people wrote with the data subject's key), and stored events into the
integration events cases publishes (ids and decisions, never text)."""

from __future__ import annotations

import functools
from datetime import timedelta
from typing import Any

from google.protobuf.duration_pb2 import Duration
from google.protobuf.message import Message

from chorus.cases.v1 import cases_pb2 as pb
from chorus.cases.v1 import events_pb2 as events
from chorus.eventstore.mapper import open_field
from chorus.eventstore.records import RecordedEvent
from chorus.grpc.messages import timestamp
from services.cases.domain.case import Case

Keys = dict[tuple[str, str], bytes | None]


@functools.lru_cache(maxsize=512)
def enum_value(enum_type: Any, name: str, prefix: str) -> int:
    """The proto enum's number for a stored name (cached: every listed case asks it)."""
    return int(enum_type.Value(prefix + name.upper())) if name else 0


def channel_value(name: str) -> int:
    return enum_value(pb.Channel, name, "CHANNEL_")


def duration(seconds: float | None) -> Duration | None:
    if seconds is None:
        return None
    d = Duration()
    d.FromTimedelta(timedelta(seconds=round(seconds)))
    return d


def opener(keys: Keys, tenant: str) -> Any:
    def personal(row: Any, column: str, sealed_for: str, field: str) -> str:
        subject = row[sealed_for]
        if not subject:
            return str(row[column])
        return str(open_field(keys.get((tenant, subject)), row[column], tenant, subject, field))
    return personal


def case_message(row: Any, keys: Keys, tenant: str) -> pb.Case:
    personal = opener(keys, tenant)
    return pb.Case(
        case_id=str(row["case_id"]), channel=channel_value(row["channel"]),
        visibility=enum_value(pb.Visibility, row["visibility"], "VISIBILITY_"),
        status=enum_value(pb.CaseStatus, row["status"], "CASE_STATUS_"),
        tier=enum_value(pb.SupportTier, row["tier"], "SUPPORT_TIER_"),
        priority=enum_value(pb.Priority, row["priority"], "PRIORITY_"),
        priority_overridden=row["priority_overridden"], customer_id=row["customer_id"],
        author_profile_id=row["author_profile_id"],
        author_handle=personal(row, "author_handle", "sealed_for", "author_handle"),
        author_followers=row["author_followers"], engagement=row["engagement"],
        subject=personal(row, "subject", "sealed_for", "subject"),
        received_at=timestamp(row["received_at"]), team=row["team"], agent_id=row["agent_id"],
        merged_into=str(row["merged_into"] or ""), sla_policy=row["sla_policy"],
        resolved_at=timestamp(row["resolved_at"]) if row["resolved_at"] else None,
        closed_at=timestamp(row["closed_at"]) if row["closed_at"] else None,
        satisfaction=row["satisfaction"],
        satisfaction_comment=personal(row, "satisfaction_comment", "comment_sealed_for",
                                      "comment"),
        testimony_consent=row["testimony_consent"],
        source_mention_id=row["source_mention_id"], language=row["language"],
        customer_tier=row["customer_tier"])


def summary_message(row: Any, keys: Keys, tenant: str) -> pb.CaseSummary:
    return pb.CaseSummary(case=case_message(row, keys, tenant),
                          next_due_at=timestamp(row["next_due_at"])
                          if row["next_due_at"] else None, breached=row["breached"])


def message_message(row: Any, keys: Keys, tenant: str) -> pb.Message:
    personal = opener(keys, tenant)
    return pb.Message(
        message_id=str(row["message_id"]),
        author_kind=enum_value(pb.AuthorKind, row["author_kind"], "AUTHOR_KIND_"),
        author_id=row["author_id"],
        visibility=enum_value(pb.Visibility, row["visibility"], "VISIBILITY_"),
        body=personal(row, "body", "sealed_for", "body"), at=timestamp(row["at"]),
        automated=row["automated"])


def clock_message(row: Any) -> pb.SlaTargetStatus:
    state = "breached" if row["breached"] and row["state"] in ("running", "paused") \
        else row["state"]
    return pb.SlaTargetStatus(
        target=enum_value(pb.SlaTarget, row["target"], "SLA_TARGET_"),
        state=enum_value(pb.SlaState, state, "SLA_STATE_"),
        started_at=timestamp(row["started_at"]),
        due_at=timestamp(row["due_at"]) if row["due_at"] else None,
        warn_at=timestamp(row["warn_at"]) if row["warn_at"] else None,
        fulfilled_at=timestamp(row["fulfilled_at"]) if row["fulfilled_at"] else None,
        warned=row["warned"], budget=duration(row["budget_s"]), spent=duration(row["spent_s"]))


def _customer(event: Any) -> str:
    return str(getattr(event, "customer_id", ""))


def to_integration(event: Any, record: RecordedEvent) -> Message | None:
    """cases' public events: ids and decisions, never the text of cases or messages."""
    oid = str(event.originator_id)
    translate = _TRANSLATORS.get(type(event))
    return translate(oid, event) if translate is not None else None


_TRANSLATORS: dict[type, Any] = {
    Case.Opened: lambda oid, e: events.CaseOpened(
        case_id=oid, customer_id=e.customer_id, channel=e.channel, visibility=e.visibility,
        priority=e.priority, source_mention_id=e.source_mention_id,
        author_profile_id=e.author_profile_id),
    Case.Closed: lambda oid, e: events.CaseClosed(case_id=oid, customer_id=e.customer_id),
    Case.CustomerIdentified: lambda oid, e: events.CaseCustomerIdentified(
        case_id=oid, customer_id=e.customer_id),
    Case.Assigned: lambda oid, e: events.CaseAssigned(
        case_id=oid, customer_id=e.customer_id, team=e.team, agent_id=e.agent_id, mode=e.mode),
    Case.Escalated: lambda oid, e: events.CaseEscalated(
        case_id=oid, customer_id=e.customer_id, from_tier=e.from_tier, to_tier=e.to_tier,
        automatic=e.automatic),
    Case.PriorityChanged: lambda oid, e: events.CasePriorityChanged(
        case_id=oid, customer_id=e.customer_id, priority=e.priority,
        previous_priority=e.previous_priority, overridden=e.overridden),
    Case.MovedToPrivate: lambda oid, e: events.CaseMovedToPrivate(
        case_id=oid, customer_id=e.customer_id, channel=e.channel),
    Case.RepliedPublicly: lambda oid, e: events.PublicReplySent(
        case_id=oid, source_mention_id=e.source_mention_id, network=e.network,
        sent_at=timestamp(e.timestamp)),
    Case.SlaWarned: lambda oid, e: events.SlaWarned(
        case_id=oid, customer_id=e.customer_id, target=e.target, due_at=timestamp(e.due_at),
        public=e.public),
    Case.SlaBreached: lambda oid, e: events.SlaBreached(
        case_id=oid, customer_id=e.customer_id, target=e.target, due_at=timestamp(e.due_at),
        public=e.public),
    Case.Resolved: lambda oid, e: events.CaseResolved(case_id=oid, customer_id=e.customer_id),
    Case.Reopened: lambda oid, e: events.CaseReopened(case_id=oid, customer_id=e.customer_id),
    Case.MergedInto: lambda oid, e: events.CasesMerged(
        merged_case_id=oid, survivor_case_id=str(e.survivor_id), customer_id=_customer(e)),
    Case.SatisfactionRecorded: lambda oid, e: events.SatisfactionRecorded(
        case_id=oid, customer_id=e.customer_id, score=e.score,
        testimony_consent=e.testimony_consent),
}
