"""reputation's voice and bad-buzz RPCs: share of voice, alert policies, backtests."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from google.protobuf.duration_pb2 import Duration

from chorus.auth.principal import caller
from chorus.eventstore.store import EventStore
from chorus.grpc.messages import timestamp, written
from chorus.grpc.validation import Check, read_your_writes
from chorus.reputation.v1 import reputation_pb2 as pb
from services.reputation import application
from services.reputation.api.parts import period
from services.reputation.domain.buzz import AlertPolicy, Grew, Heard, backtest
from services.reputation.projections import Mentions
from services.reputation.queries import MentionQueries

BACKTEST_SPAN = timedelta(days=92)
DEFAULT = AlertPolicy()


def policy_of(check: Check, field: str, m: pb.AlertPolicy) -> AlertPolicy:
    """The message's policy, zero fields taking the defaults; problems named by field."""
    policy = AlertPolicy(
        term=check.text(f"{field}.term", m.term, max_len=100, required=False),
        bucket=m.bucket.ToTimedelta() if m.HasField("bucket") else DEFAULT.bucket,
        min_volume=m.min_volume or DEFAULT.min_volume,
        z_threshold=m.z_threshold or DEFAULT.z_threshold,
        min_negative_share=m.min_negative_share or DEFAULT.min_negative_share,
        viral_per_hour=m.viral_per_hour or DEFAULT.viral_per_hour,
        baseline_days=m.baseline_days or DEFAULT.baseline_days,
        min_baseline=m.min_baseline or DEFAULT.min_baseline,
        quiet_buckets=m.quiet_buckets or DEFAULT.quiet_buckets)
    for name, problem in policy.problems().items():
        check.fail(f"{field}.{name}", problem)
    return policy


def policy_message(p: AlertPolicy) -> pb.AlertPolicy:
    bucket = Duration()
    bucket.FromTimedelta(p.bucket)
    return pb.AlertPolicy(
        term=p.term, bucket=bucket, min_volume=p.min_volume, z_threshold=p.z_threshold,
        min_negative_share=p.min_negative_share, viral_per_hour=p.viral_per_hour,
        baseline_days=p.baseline_days, min_baseline=p.min_baseline,
        quiet_buckets=p.quiet_buckets)


class BuzzApi:
    store: EventStore
    mentions: Mentions
    queries: MentionQueries

    async def GetShareOfVoice(self, request: pb.GetShareOfVoiceRequest,
                              context: Any) -> pb.GetShareOfVoiceResponse:
        p = caller()
        check = Check()
        start, end = period(check, request, required=True)
        if len(request.terms) > 100:
            check.fail("terms", "at most 100 terms")
        asked = [check.text(f"terms[{i}]", t, max_len=100) for i, t in enumerate(request.terms)]
        await read_your_writes(check, request.consistency, self.mentions)
        tracked = await application.tracked_terms(self.store, p.tenant)
        terms = asked or sorted(tracked)
        assert start is not None
        rows = await self.queries.share_of_voice(p.tenant, start, end, terms) if terms else []
        total = rows[0]["total"] if rows else 0
        return pb.GetShareOfVoiceResponse(mentions=total, shares=[pb.TermShare(
            term=r["term"], kind=pb.TermKind.Value("TERM_KIND_" + tracked[r["term"]].upper())
            if r["term"] in tracked else pb.TERM_KIND_UNSPECIFIED, mentions=r["mentions"],
            share=r["mentions"] / total if total else 0.0,
            negative_share=r["negative"] / r["mentions"] if r["mentions"] else 0.0,
            positive_share=r["positive"] / r["mentions"] if r["mentions"] else 0.0)
            for r in rows])

    async def DefineAlertPolicy(self, request: pb.DefineAlertPolicyRequest,
                                context: Any) -> pb.DefineAlertPolicyResponse:
        p = caller()
        check = Check()
        policy = policy_of(check, "policy", request.policy)
        check.done()
        position = await application.define_alert_policy(self.store, p, policy)
        return pb.DefineAlertPolicyResponse(policy=policy_message(policy),
                                            write=written(position))

    async def BacktestAlertPolicy(self, request: pb.BacktestAlertPolicyRequest,
                                  context: Any) -> pb.BacktestAlertPolicyResponse:
        p = caller()
        check = Check()
        start, end = period(check, request, required=True)
        if start is not None and end - start > BACKTEST_SPAN:
            check.fail("to", "at most 92 days after from")
        term = check.text("term", request.term, max_len=100, required=False)
        given = policy_of(check, "policy", request.policy) \
            if request.HasField("policy") else None
        incidents = []
        for i, known in enumerate(request.known_incidents):
            if not known.HasField("started_at") or not known.HasField("ended_at") or \
                    known.ended_at.ToDatetime() <= known.started_at.ToDatetime():
                check.fail(f"known_incidents[{i}]", "needs started_at before ended_at")
            incidents.append(known)
        await read_your_writes(check, request.consistency, self.mentions)
        assert start is not None
        policy = given or await application.alert_policy(self.store, p.tenant, term)
        warmup = start - policy.baseline_days * timedelta(days=1)
        heard, grown = await self.queries.heard_and_grown(p.tenant, warmup, end, policy.term)
        alarms = backtest(policy, [Heard(r["published_at"], str(r["mention_id"]),
                                         r["negative"], r["engagement"]) for r in heard]
                          + [Grew(r["at"], str(r["mention_id"]), r["engagement"])
                             for r in grown], start, end)
        raised = [a for a in alarms if a.kind == "raised"]
        results, matched = [], set()
        for known in incidents:
            began = known.started_at.ToDatetime(tzinfo=UTC)
            ended = known.ended_at.ToDatetime(tzinfo=UTC)
            hit = next((a for a in raised if began <= a.at and a.bucket_start < ended), None)
            delay = Duration()
            if hit is not None:
                matched.add(hit)
                delay.FromTimedelta(max(hit.at - began, timedelta(0)))
            results.append(pb.IncidentResult(incident=known, detected=hit is not None,
                                             detection_delay=delay if hit else None))
        return pb.BacktestAlertPolicyResponse(
            policy=policy_message(policy), incidents=results,
            missed=sum(not r.detected for r in results),
            false_alarms=len([a for a in raised if a not in matched]) if incidents else 0,
            alerts=[pb.SimulatedAlert(
                kind=a.kind, bucket_start=timestamp(a.bucket_start), raised_at=timestamp(a.at),
                reasons=list(a.reasons), volume=a.volume, negative_share=a.negative_share,
                z_score=a.z_score, driving_mention_ids=list(a.driving_posts)) for a in alarms])
