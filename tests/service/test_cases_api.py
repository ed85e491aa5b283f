"""cases in-process: a case's life from a public post to a testimony; identity's and
reputation's events; erasure, merges and team workloads; the read model batch by batch."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import nats

from chorus.cases.v1 import cases_pb2 as pb
from chorus.identifiers import profile_id
from chorus.identity.v1 import events_pb2 as identity
from chorus.projections.runner import ProjectionRunner
from chorus.reputation.v1 import events_pb2 as reputation
from services.cases.projections.cases import Cases
from tests.e2e.calls import eventually, publish_event, ts
from tests.servers import fresh_schema
from tests.service.cases_calls import open_email
from tests.service.harness import Harness

C = grpc.StatusCode


async def test_a_public_complaint_moves_private_is_resolved_and_becomes_a_testimony(
        cases: Harness, tier_nats: str) -> None:
    customer, run = str(uuid.uuid4()), uuid.uuid4().hex[:6]
    team = f"care-{run}"
    await cases.call("DefineTeam", pb.DefineTeamRequest(
        team=team, agents=["ann", "bob"], tier=pb.SUPPORT_TIER_AGENT), "admin")
    await cases.call("DefineCannedResponse", pb.DefineCannedResponseRequest(
        response=pb.CannedResponse(key="dm", language="en", text="Case {case_id}: DM us")),
        "admin")
    opened = await cases.call("OpenCase", pb.OpenCaseRequest(
        channel=pb.CHANNEL_X, visibility=pb.VISIBILITY_PUBLIC,
        subject=f"Cracked screen {run}", body="My laptop arrived with a cracked screen",
        author=pb.SocialAuthor(external_id=f"x-{run}", handle="@claire", followers=800),
        external_ref=f"tweet-{run}", engagement=12_000), "service")
    assert opened.created and opened.priority == pb.PRIORITY_URGENT
    again = await cases.call("OpenCase", pb.OpenCaseRequest(
        channel=pb.CHANNEL_X, visibility=pb.VISIBILITY_PUBLIC, subject="again", body="again",
        author=pb.SocialAuthor(external_id=f"x-{run}"), external_ref=f"tweet-{run}"),
        "service")
    assert (again.case_id, again.created) == (opened.case_id, False), "one post, one case"
    cid = opened.case_id
    await cases.call("AssignCase", pb.AssignCaseRequest(
        case_id=cid, team=team, mode=pb.ASSIGN_MODE_ROUND_ROBIN), "agent")
    taken = await cases.refused("AssignCase", pb.AssignCaseRequest(case_id=cid,
                                                                   agent_id="eve"), "agent")
    assert taken.code == C.PERMISSION_DENIED, "reassigning is for supervisors"
    await cases.call("MoveToPrivate", pb.MoveToPrivateRequest(
        case_id=cid, channel=pb.CHANNEL_X, public_acknowledgement="Sorry! DM us?"), "agent")
    note = await cases.call("AddMessage", pb.AddMessageRequest(
        case_id=cid, author_kind=pb.AUTHOR_KIND_AGENT, visibility=pb.VISIBILITY_INTERNAL,
        body="Courier damage, replace it"), "agent")
    canned = await cases.call("AddMessage", pb.AddMessageRequest(
        case_id=cid, author_kind=pb.AUTHOR_KIND_AGENT, visibility=pb.VISIBILITY_PRIVATE,
        canned_response="dm", awaiting_customer=True), "agent")
    got = await cases.call("GetCase", pb.GetCaseRequest(case_id=cid, consistency={
        "min_position": canned.write.position}), "agent")
    assert got.case.status == pb.CASE_STATUS_PENDING
    assert got.case.visibility == pb.VISIBILITY_PRIVATE and got.case.agent_id == "ann"
    assert [m.body for m in got.messages][-1] == f"Case {cid}: DM us"
    assert got.case.subject == f"Cracked screen {run}" and got.case.author_handle == "@claire"
    first = next(t for t in got.targets if t.target == pb.SLA_TARGET_FIRST_RESPONSE)
    assert first.state == pb.SLA_STATE_MET
    assert note.write.position < canned.write.position

    # identity links the author's profile to a customer: the case joins them.
    nc = await nats.connect(tier_nats)
    try:
        await publish_event(nc.jetstream(), "identity", identity.SocialProfileLinkChanged(
            profile_id=str(profile_id("acme", "x", f"x-{run}")), network="x",
            customer_id=customer))
    finally:
        await nc.close()
    listed = await eventually(lambda: cases.call("ListCases", pb.ListCasesRequest(
        customer_id=customer), "agent"), lambda r: len(r.cases) == 1)
    assert listed.cases[0].case.case_id == cid
    mine = await cases.call("GetCase", pb.GetCaseRequest(case_id=cid), "customer",
                            subject=customer)
    assert all(m.visibility != pb.VISIBILITY_INTERNAL for m in mine.messages)
    stranger = await cases.refused("GetCase", pb.GetCaseRequest(case_id=cid), "customer",
                                   subject=str(uuid.uuid4()))
    assert stranger.code == C.NOT_FOUND
    await cases.call("AddMessage", pb.AddMessageRequest(
        case_id=cid, author_kind=pb.AUTHOR_KIND_CUSTOMER, visibility=pb.VISIBILITY_PRIVATE,
        body=f"Thanks, it's the order {run}"), "customer", subject=customer)
    await cases.call("ResolveCase", pb.ResolveCaseRequest(case_id=cid, resolution="replaced"),
                     "agent")
    rated = await cases.call("RecordSatisfaction", pb.RecordSatisfactionRequest(
        case_id=cid, score=5, comment="They replaced it in two days", testimony_consent=True),
        "customer", subject=customer)
    got = await cases.call("GetCase", pb.GetCaseRequest(case_id=cid, consistency={
        "min_position": rated.write.position}), "agent")
    assert (got.case.status, got.case.satisfaction, got.case.testimony_consent) == (
        pb.CASE_STATUS_RESOLVED, 5, True)
    assert got.case.satisfaction_comment == "They replaced it in two days"
    found = await cases.call("SearchCases", pb.SearchCasesRequest(query="cracked screens"),
                             "agent")
    assert cid in [c.case.case_id for c in found.cases], "English stems: screens -> screen"
    found = await cases.call("SearchCases", pb.SearchCasesRequest(
        query=f"order {run}", consistency={"min_position": rated.write.position}), "agent")
    assert [c.case.case_id for c in found.cases] == [cid], "a later message's words"
    stats = await cases.call("GetCaseStats", pb.GetCaseStatsRequest(**{
        "from": ts(datetime.now(UTC) - timedelta(hours=1)),
        "to": ts(datetime.now(UTC) + timedelta(minutes=1))}, channel=pb.CHANNEL_X), "analyst")
    assert stats.opened >= 1 and stats.satisfaction_counts[4] >= 1
    history = await cases.call("GetCaseHistory", pb.GetCaseHistoryRequest(case_id=cid),
                               "agent")
    names = [c.event_type for c in history.changes]
    assert names[0] == "Case.Opened" and "Case.MovedToPrivate" in names


async def test_reputation_asks_for_an_answer_once_per_mention_and_queues_order_by_due(
        cases: Harness, tier_nats: str) -> None:
    mention = f"m-{uuid.uuid4().hex[:8]}"
    request = reputation.ResponseRequested(
        mention_id=mention, network="facebook", post_id="fb-1", author_external_id="fb-a",
        intent="complaint", author_followers=150_000, engagement=40,
        published_at=ts(datetime.now(UTC) - timedelta(minutes=5)), reason="complaint")
    nc = await nats.connect(tier_nats)
    try:
        js = nc.jetstream()
        for _ in range(2):
            await publish_event(js, "reputation", request)

        async def from_mention() -> list[Any]:
            rows = await cases.runtime.store.recorder.pool.fetch(
                f"SELECT case_id, priority FROM {cases.schema}.cases"
                " WHERE source_mention_id = $1", mention)
            return list(rows)

        # The consumer may first work through other tests' reputation events (shared NATS).
        (row,) = await eventually(from_mention, lambda rows: len(rows) == 1, seconds=45)
        assert row["priority"] == "high", "public, and a voice that carries"
        await publish_event(js, "reputation", reputation.MentionEngagementChanged(
            mention_id=mention, network="facebook", likes=12_000))
        await eventually(from_mention, lambda rows: rows and rows[0]["priority"] == "urgent")
    finally:
        await nc.close()
    team = f"q-{uuid.uuid4().hex[:6]}"
    due_first = await open_email(cases, str(uuid.uuid4()), team=team, received_at=ts(
        datetime.now(UTC) - timedelta(hours=40)))
    due_later = await open_email(cases, str(uuid.uuid4()), team=team)
    queue = await cases.call("GetQueue", pb.GetQueueRequest(team=team, consistency={
        "min_position": due_later.write.position}), "agent")
    assert [c.case.case_id for c in queue.cases] == [due_first.case_id, due_later.case_id]
    soon = await cases.call("ListSlaBreaches", pb.ListSlaBreachesRequest(
        before=ts(datetime.now(UTC) + timedelta(hours=9))), "agent")
    ids = [c.case.case_id for c in soon.cases]
    assert due_first.case_id in ids and due_later.case_id not in ids


async def test_erasing_a_customer_erases_their_cases_and_what_they_wrote_as_an_author(
        cases: Harness, tier_nats: str) -> None:
    run = uuid.uuid4().hex[:6]
    customer = str(uuid.uuid4())
    tweet = await cases.call("OpenCase", pb.OpenCaseRequest(
        channel=pb.CHANNEL_X, visibility=pb.VISIBILITY_PUBLIC, subject=f"Zorglub {run}",
        body="My zorglub is broken", author=pb.SocialAuthor(external_id=f"e-{run}",
                                                            handle=f"@zorg_{run}")),
        "service")
    mail = await open_email(cases, customer)
    nc = await nats.connect(tier_nats)
    try:
        js = nc.jetstream()
        await publish_event(js, "identity", identity.SocialProfileLinkChanged(
            profile_id=str(profile_id("acme", "x", f"e-{run}")), network="x",
            customer_id=customer))
        listed = await eventually(lambda: cases.call("ListCases", pb.ListCasesRequest(
            customer_id=customer), "agent"), lambda r: len(r.cases) == 2)
        assert f"Zorglub {run}" in {c.case.subject for c in listed.cases}
        found = await cases.call("SearchCases", pb.SearchCasesRequest(query=f"zorglub {run}"),
                                 "agent")
        assert [c.case.case_id for c in found.cases] == [tweet.case_id]
        assert found.cases[0].case.subject == f"Zorglub {run}"
        await publish_event(js, "identity", identity.ErasureRequested(
            erasure_id=str(uuid.uuid4()), customer_id=customer, request_ref="gdpr"))

        async def subject_of(case_id: str) -> str:
            got = await cases.call("GetCase", pb.GetCaseRequest(case_id=case_id), "agent")
            return str(got.case.subject)

        await eventually(lambda: subject_of(tweet.case_id), lambda s: s == "[erased]")
    finally:
        await nc.close()
    for case_id in (tweet.case_id, mail.case_id):
        got = await cases.call("GetCase", pb.GetCaseRequest(case_id=case_id), "agent")
        assert got.case.subject == "[erased]"
        assert {m.body for m in got.messages} == {"[erased]"}
    assert got.case.status == pb.CASE_STATUS_NEW, "the case itself (statistics) remains"
    listed = await cases.call("ListCases", pb.ListCasesRequest(customer_id=customer), "agent")
    assert [c.case.subject for c in listed.cases] == ["[erased]", "[erased]"]
    found = await cases.call("SearchCases", pb.SearchCasesRequest(query=f"zorglub {run}"),
                             "agent")
    assert found.cases == []


async def test_a_merged_customers_cases_follow_the_survivor_until_unmerged(
        cases: Harness, tier_nats: str) -> None:
    survivor, duplicate = str(uuid.uuid4()), str(uuid.uuid4())
    own = await open_email(cases, survivor)
    theirs = await open_email(cases, duplicate)
    nc = await nats.connect(tier_nats)

    async def listed() -> set[str]:
        reply = await cases.call("ListCases", pb.ListCasesRequest(customer_id=survivor),
                                 "agent")
        return {c.case.case_id for c in reply.cases}

    try:
        js = nc.jetstream()
        await publish_event(js, "identity", identity.CustomersMerged(
            merged_customer_id=duplicate, survivor_customer_id=survivor))
        assert await eventually(listed, lambda ids: len(ids) == 2) == {own.case_id,
                                                                        theirs.case_id}
        await publish_event(js, "identity", identity.CustomerUnmerged(
            customer_id=duplicate, previous_survivor_id=survivor))
        assert await eventually(listed, lambda ids: len(ids) == 1) == {own.case_id}
    finally:
        await nc.close()


async def test_a_team_workload_shows_each_agent_and_least_loaded_assignment_follows_it(
        cases: Harness) -> None:
    run = uuid.uuid4().hex[:6]
    team = f"load-{run}"
    await cases.call("DefineTeam", pb.DefineTeamRequest(
        team=team, agents=["kai", "lou", "max"], tier=pb.SUPPORT_TIER_AGENT), "admin")
    opened = [await cases.call("OpenCase", pb.OpenCaseRequest(
        channel=pb.CHANNEL_EMAIL, subject=f"Question {i}", body="Where is my parcel?",
        customer_id=str(uuid.uuid4()), external_ref=f"mail-{run}-{i}"), "service")
        for i in range(5)]
    for case in opened[:3]:
        await cases.call("AssignCase", pb.AssignCaseRequest(
            case_id=case.case_id, team=team, mode=pb.ASSIGN_MODE_LEAST_LOADED), "agent")
    # One each (the least loaded, ties by name), then a supervisor gives kai one more.
    await cases.call("AssignCase", pb.AssignCaseRequest(
        case_id=opened[3].case_id, team=team, agent_id="kai",
        mode=pb.ASSIGN_MODE_MANUAL), "admin")
    view = await eventually(lambda: cases.call("GetTeamWorkload", pb.GetTeamWorkloadRequest(
        team=team), "agent"), lambda v: sum(a.open for a in v.agents) == 4)
    assert [(a.agent_id, a.open) for a in view.agents] == [("kai", 2), ("lou", 1), ("max", 1)]
    assert all(a.HasField("next_due_at") and a.breached == 0 for a in view.agents)
    assert view.unassigned == 0, "the fifth case has no team yet"
    fifth = await cases.call("AssignCase", pb.AssignCaseRequest(
        case_id=opened[4].case_id, team=team, mode=pb.ASSIGN_MODE_LEAST_LOADED), "agent")
    assert fifth.agent_id == "lou", "the least loaded, ties by name"
    unknown = await cases.refused("GetTeamWorkload", pb.GetTeamWorkloadRequest(
        team=f"nobody-{run}"), "agent")
    assert unknown.code == C.NOT_FOUND
    denied = await cases.refused("GetTeamWorkload", pb.GetTeamWorkloadRequest(team=team),
                                 "customer")
    assert denied.code == C.PERMISSION_DENIED


async def test_the_cases_read_model_is_the_same_batch_by_batch_as_event_by_event(
        cases: Harness) -> None:
    """A batch writes each case's row once (its events' changes folded in log order) and the
    result is what handling the events one at a time gives, over this module's whole log
    (public complaints, assignments, SLA clocks, resolutions, merges, erasures)."""
    store = cases.runtime.store
    pool = store.recorder.pool
    built: dict[int, dict[str, list[dict[str, Any]]]] = {}
    for batch_size in (1, 1000):
        schema = fresh_schema()
        await pool.execute(f"CREATE SCHEMA {schema}")
        try:
            projection = Cases(schema)
            projection.name = f"cases_{schema}"  # tracked apart from the service's own
            runner = ProjectionRunner(store, projection, batch_size=batch_size)
            async with pool.acquire() as conn:
                await projection.setup(conn)
            while await runner.run_once():
                pass
            built[batch_size] = {
                table: [dict(r) for r in await pool.fetch(
                    f"SELECT * FROM {table} ORDER BY 1, 2, 3")]
                for table in projection.tables}
        finally:
            await pool.execute(f"DROP SCHEMA {schema} CASCADE")
            await pool.execute(f"DELETE FROM {store.recorder.schema}.tracking"
                               " WHERE application_name = $1", f"projection:cases_{schema}")
    one_by_one, batched = (
        {table.split(".")[1]: rows for table, rows in built[size].items()} for size in (1, 1000))
    assert len(one_by_one["cases"]) >= 10 and one_by_one["case_clocks"]
    assert batched == one_by_one
