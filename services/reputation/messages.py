"""Between reputation's protos and its domain: mentions into reply messages (opening what the
author wrote with their key), and stored events into the integration events reputation
publishes (ids and decisions, never what anybody wrote)."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from chorus.eventstore.mapper import open_field
from chorus.eventstore.records import RecordedEvent
from chorus.grpc.messages import timestamp
from chorus.reputation.v1 import events_pb2 as events
from chorus.reputation.v1 import reputation_pb2 as pb
from services.reputation.domain.alerts import CrisisAlert
from services.reputation.domain.mention import Mention

Keys = dict[tuple[str, str], bytes | None]


def enum_value(enum_type: Any, name: str, prefix: str) -> int:
    return int(enum_type.Value(prefix + name.upper())) if name else 0


def mention_message(row: Any, keys: Keys, tenant: str) -> pb.Mention:
    subject = row["sealed_for"]

    def personal(field: str) -> str:
        if not subject:
            return str(row[field])
        return str(open_field(keys.get((tenant, subject)), row[field], tenant, subject,
                              field))

    return pb.Mention(
        mention_id=str(row["mention_id"]),
        network=enum_value(pb.Network, row["network"], "NETWORK_"), post_id=row["post_id"],
        author=pb.Author(external_id=row["author_external_id"],
                         handle=personal("author_handle"),
                         display_name=personal("author_display_name"),
                         followers=row["author_followers"]),
        author_profile_id=row["author_profile_id"], text=personal("text"),
        url=personal("url"), published_at=timestamp(row["published_at"]),
        reply_to=row["reply_to"], engagement=pb.Engagement(
            likes=row["likes"], shares=row["shares"], comments=row["comments"]),
        analysis=pb.Analysis(
            language=row["language"],
            sentiment=enum_value(pb.Sentiment, row["sentiment"], "SENTIMENT_"),
            sentiment_score=row["score"],
            intent=enum_value(pb.Intent, row["intent"], "INTENT_"), terms=row["terms"],
            analyser=row["analyser"]),
        answer_requested=row["answer_requested"],
        brand_replied_at=timestamp(row["brand_replied_at"]) if row["brand_replied_at"]
        else None)


def to_integration(event: Any, record: RecordedEvent) -> Message | None:
    """reputation's public events: ids and decisions only."""
    oid = str(event.originator_id)
    if isinstance(event, Mention.Recorded):
        if not event.author_external_id:
            return None  # its author objected to being tracked: nobody to count it for
        return events.MentionRecorded(mention_id=oid, network=event.network,
                                      author_external_id=event.author_external_id,
                                      published_at=timestamp(event.published_at))
    if isinstance(event, Mention.AnswerRequested):
        return events.ResponseRequested(
            mention_id=oid, network=event.network, post_id=event.post_id,
            author_external_id=event.author_external_id, customer_id=event.customer_id,
            intent=event.intent, sentiment=event.sentiment, language=event.language,
            author_followers=event.author_followers, engagement=event.engagement,
            published_at=timestamp(event.published_at), reason=event.reason)
    if isinstance(event, CrisisAlert.Raised):
        return events.CrisisAlertRaised(
            alert_id=oid, term=event.term, bucket_start=timestamp(event.bucket_start),
            raised_at=timestamp(event.raised_at), reasons=event.reasons, volume=event.volume,
            negative_share=event.negative_share,
            driving_mention_ids=event.driving_mention_ids)
    if isinstance(event, CrisisAlert.Escalated):
        return events.CrisisAlertEscalated(
            alert_id=oid, term=event.term, bucket_start=timestamp(event.bucket_start),
            reasons=event.reasons, volume=event.volume, negative_share=event.negative_share,
            driving_mention_ids=event.driving_mention_ids)
    if isinstance(event, CrisisAlert.Acknowledged):
        return events.CrisisAlertAcknowledged(alert_id=oid, acknowledged_by=event.by)
    if isinstance(event, CrisisAlert.Resolved):
        return events.CrisisAlertResolved(alert_id=oid, resolved_by=event.by)
    if isinstance(event, Mention.EngagementUpdated):
        return events.MentionEngagementChanged(mention_id=oid, network=event.network,
                                               likes=event.likes, shares=event.shares,
                                               comments=event.comments)
    return None
