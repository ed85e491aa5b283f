"""The kernel's AuditService, as any service serves it (here reputation, in-process): a data
subject's history as the log stood at a time, an audit bundle verified offline and each kind
of tampering found, the log verified by the service, and the access log of officers' reads;
for compliance officers of the tenant only."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from chorus.audit.bundle import read_parts, verify_bundle, write_parts
from chorus.audit.bundle_events import events_of
from chorus.audit.sealer import seal
from chorus.audit.signing import SealKey
from chorus.audit.v1 import audit_pb2 as apb
from chorus.auth.principal import set_purpose
from chorus.identifiers import profile_id
from chorus.reputation.v1 import reputation_pb2 as pb
from services.reputation.main import SPEC
from tests.e2e.calls import ts
from tests.servers import Servers
from tests.service.harness import Harness, field_names


@pytest.fixture(scope="module")
async def reputation(stack: Servers, tier_nats: str) -> AsyncIterator[Harness]:
    async with Harness(SPEC, stack.database_url, tier_nats) as harness:
        yield harness


def post(post_id: str, text: str, author: str) -> pb.MentionInput:
    return pb.MentionInput(
        network=pb.NETWORK_X, post_id=post_id, text=text, url=f"https://x.example/{post_id}",
        author=pb.Author(external_id=author, handle=f"@{author}", followers=10),
        published_at=ts(datetime.now(UTC) - timedelta(hours=1)))


async def test_a_subject_history_as_of_a_time_and_who_read_it(reputation: Harness) -> None:
    tenant, other = f"aud-{uuid.uuid4().hex[:6]}", f"oth-{uuid.uuid4().hex[:6]}"
    await reputation.call("RecordMentions", [pb.RecordMentionsRequest(mentions=[
        post("h1", "Lovely day at the beach", "hana")])], "service", tenant=tenant)
    between = datetime.now(UTC)
    await reputation.call("UpdateEngagement", pb.UpdateEngagementRequest(
        network=pb.NETWORK_X, post_id="h1", engagement=pb.Engagement(likes=500)), "service",
        tenant=tenant)
    subject = str(profile_id(tenant, "x", "hana"))

    denied = await reputation.refused("GetSubjectHistory", apb.GetSubjectHistoryRequest(
        subjects=[subject]), "admin", tenant=tenant)
    assert denied.code == grpc.StatusCode.PERMISSION_DENIED
    set_purpose("regulator request R-77")
    now = await reputation.call("GetSubjectHistory", apb.GetSubjectHistoryRequest(
        subjects=[subject]), "compliance_officer", tenant=tenant, subject="officer-1")
    assert [e.event_type for e in now.events] == ["Mention.Recorded",
                                                 "Mention.EngagementUpdated"]
    recorded = now.events[0]
    assert json.loads(recorded.fields_json)["text"] == "Lovely day at the beach"
    assert (recorded.service, recorded.store, recorded.actor, recorded.erased) == (
        "reputation", "main", "tester", False)
    then = await reputation.call("GetSubjectHistory", apb.GetSubjectHistoryRequest(
        subjects=[subject], as_of=ts(between)), "compliance_officer", tenant=tenant)
    assert [e.event_type for e in then.events] == ["Mention.Recorded"], "later change absent"
    elsewhere = await reputation.call("GetSubjectHistory", apb.GetSubjectHistoryRequest(
        subjects=[subject]), "compliance_officer", tenant=other)
    assert list(elsewhere.events) == [], "tenants never mix"
    bad = await reputation.refused("GetSubjectHistory", apb.GetSubjectHistoryRequest(
        subjects=["a\x00b"], **{"from": ts(between)}, to=ts(between - timedelta(1))),
        "compliance_officer", tenant=tenant)
    assert field_names(bad) == {"subjects[0]", "to"}

    log = await reputation.call("GetAccessLog", apb.GetAccessLogRequest(subjects=[subject]),
                                "compliance_officer", tenant=tenant)
    reads = [(e.actor, e.operation, e.purpose) for e in log.entries]
    assert ("officer-1", "GetSubjectHistory", "regulator request R-77") in reads


async def bundle(reputation: Harness, tenant: str) -> list[apb.ExportAuditBundleResponse]:
    parts = await reputation.call("ExportAuditBundle", apb.ExportAuditBundleRequest(),
                                  "compliance_officer", tenant=tenant)
    f = io.BytesIO()
    write_parts(f, parts)
    f.seek(0)
    return list(read_parts(f))


async def test_a_bundle_verifies_offline_and_every_tampering_is_found(
        reputation: Harness) -> None:
    tenant, other = f"bun-{uuid.uuid4().hex[:6]}", f"oth-{uuid.uuid4().hex[:6]}"
    for who, where in (("ivo", tenant), ("jan", other), ("kim", tenant)):
        await reputation.call("RecordMentions", [pb.RecordMentionsRequest(mentions=[
            post(f"{who}-1", f"{who} says hello", who), post(f"{who}-2", "and again", who)])],
            "service", tenant=where)
    key = SealKey.from_b64(reputation.config.seal_key_b64)
    while await seal(reputation.runtime.store.recorder, key) is not None:
        pass
    parts = await bundle(reputation, tenant)
    assert parts[0].header.key_id == key.key_id and parts[0].header.tenant == tenant
    assert all(p.WhichOneof("part") in ("events", "checkpoint") for p in parts[1:])
    events = list(events_of(parts[1:], []))
    own = [e for e in events if not e.withheld]
    assert {e.tenant for e in own} == {tenant}
    assert any(e.withheld and not e.state for e in events), "another tenant's: hash only"
    report = verify_bundle(parts, key.public)
    assert report.ok, report.problems
    assert report.checkpoints >= 1 and report.events == len(events)
    # a bundle exported before events came in runs (one per message) still verifies
    checkpoints = [p for p in parts if p.HasField("checkpoint")]
    one_by_one = [parts[0], *(apb.ExportAuditBundleResponse(event=e) for e in events),
                  *checkpoints]
    assert verify_bundle(one_by_one, key.public).ok

    service_view = await reputation.call("VerifyLog", apb.VerifyLogRequest(),
                                         "compliance_officer", tenant=tenant)
    assert service_view.ok and service_view.events >= len(events)
    unknown = await reputation.refused("VerifyLog", apb.VerifyLogRequest(store="social"),
                                       "compliance_officer", tenant=tenant)
    assert field_names(unknown) == {"store"}

    def tampered(change: str) -> list[str]:
        copy = [apb.BundleEvent.FromString(e.SerializeToString()) for e in events]
        idx = [i for i, e in enumerate(copy) if not e.withheld]
        i = idx[len(idx) // 2]
        if change == "modified":
            copy[i].state = copy[i].state.replace(b"hello", b"HELLO") \
                if b"hello" in copy[i].state else copy[i].state + b" "
        elif change == "deleted":
            del copy[i]
        elif change == "reordered":
            copy[i], copy[i + 1] = copy[i + 1], copy[i]
        elif change == "inserted":
            copy.insert(i, apb.BundleEvent.FromString(copy[i].SerializeToString()))
        forged = [parts[0], apb.ExportAuditBundleResponse(events=apb.BundleEvents(
            events=copy)), *checkpoints]
        return verify_bundle(forged, key.public).problems

    for change in ("modified", "deleted", "reordered", "inserted"):
        assert tampered(change), f"a {change} event went unnoticed"
    assert "content does not match its hash" in " ".join(tampered("modified"))
    stranger = SealKey.generate().public
    assert any("bad signature" in p for p in verify_bundle(parts, stranger).problems)
