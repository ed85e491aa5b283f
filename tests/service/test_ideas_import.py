"""ImportIdeas in-process against real PostgreSQL and NATS: a community brought in with its
original authors, times and statuses, idempotent per source id, each event about the person
it is about, refused whole when any of it is bad."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from chorus.audit.v1 import audit_pb2 as apb
from chorus.common.v1.consistency_pb2 import Consistency
from chorus.ideas.v1 import events_pb2 as ev
from chorus.ideas.v1 import ideas_pb2 as pb
from services.ideas.main import SPEC
from tests.servers import Servers
from tests.service.harness import Harness, field_names

ADMIN = "admin"
T0 = datetime(2019, 5, 6, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
async def ideas(stack: Servers, tier_nats: str) -> AsyncIterator[Harness]:
    async with Harness(SPEC, stack.database_url, tier_nats) as harness:
        yield harness


def at(days: float) -> Timestamp:
    ts = Timestamp()
    ts.FromDatetime(T0 + timedelta(days=days))
    return ts


def vote(voter: str, up: bool, days: float) -> pb.ImportedVote:
    return pb.ImportedVote(voter_id=voter, vote=ev.VOTE_UP if up else ev.VOTE_DOWN,
                           voted_at=at(days))


def comment(source_id: str, author: str, body: str, days: float, parent: str = "",
            official: bool = False) -> pb.ImportedComment:
    return pb.ImportedComment(source_id=source_id, parent_source_id=parent, author_id=author,
                              body=body, official=official, posted_at=at(days))


async def community(ideas: Harness, tenant: str) -> tuple[str, list[str]]:
    category = f"c-{uuid.uuid4().hex[:6]}"
    await ideas.call("DefineCategory", pb.DefineCategoryRequest(category=category), ADMIN,
                     tenant=tenant)
    return category, [str(uuid.uuid4()) for _ in range(4)]


async def test_a_community_comes_in_as_it_stood_and_again_adds_only_what_is_new(
        ideas: Harness) -> None:
    tenant = f"t-{uuid.uuid4().hex[:8]}"
    category, (author, bob, carol, dave) = await community(ideas, tenant)
    night_mode = pb.ImportedIdea(
        source_id="17", author_id=author, title="Night mode", body="Easier on the eyes.",
        category=category, submitted_at=at(0), status=pb.IDEA_STATUS_PLANNED,
        explanation="Coming this autumn.",
        votes=[vote(bob, True, 1), vote(carol, True, 40), vote(dave, False, 41),
               vote(bob, False, 42)],  # bob counts once: his first vote
        comments=[comment("c1", bob, "Yes please", 1),
                  comment("c2", carol, "Agreed", 2, parent="c1"),
                  comment("c3", dave, "Me too", 3, parent="c2"),  # deeper: joins c1's thread
                  comment("c4", "marie.staff", "On our roadmap", 4, official=True)])
    offline = pb.ImportedIdea(source_id="18", author_id=bob, title="Offline maps",
                              body="For the metro.", category=category, submitted_at=at(2))
    request = pb.ImportIdeasRequest(source="ideascale", ideas=[night_mode, offline])

    (first,) = await ideas.call("ImportIdeas", [request], ADMIN, tenant=tenant)
    assert [(r.source_id, r.already_imported, r.votes_added, r.comments_added)
            for r in first.ideas] == [("17", False, 3, 4), ("18", False, 0, 0)]
    recorded = await ideas.events_of(tenant)
    idea_id = first.ideas[0].idea_id
    read = Consistency(min_position=first.write.position)

    idea = (await ideas.call("GetIdea", pb.GetIdeaRequest(idea_id=idea_id, consistency=read),
                             ADMIN, tenant=tenant)).idea
    assert (idea.status, idea.explanation, idea.votes_up, idea.votes_down, idea.comments) == (
        pb.IDEA_STATUS_PLANNED, "Coming this autumn.", 2, 1, 4)
    assert idea.submitted_at.ToDatetime(tzinfo=UTC) == T0
    comments = (await ideas.call("ListComments", pb.ListCommentsRequest(
        idea_id=idea_id, consistency=read), ADMIN, tenant=tenant)).comments
    by_body = {c.body: c for c in comments}
    root = by_body["Yes please"].comment_id
    assert by_body["Agreed"].parent_comment_id == root
    assert by_body["Me too"].parent_comment_id == root  # one level deep
    assert by_body["On our roadmap"].official
    assert by_body["Me too"].posted_at.ToDatetime(tzinfo=UTC) == T0 + timedelta(days=3)

    # The ambassadors' club counts each contribution in the month it was made.
    may = (await ideas.call("GetLeaderboard", pb.GetLeaderboardRequest(month="2019-05"),
                            ADMIN, tenant=tenant)).contributors
    june = (await ideas.call("GetLeaderboard", pb.GetLeaderboardRequest(month="2019-06"),
                             ADMIN, tenant=tenant)).contributors
    assert {c.customer_id: (c.ideas_posted, c.votes_received) for c in may}[author] == (1, 1)
    assert {c.customer_id: c.votes_received for c in june}[author] == 1

    # Each event is about its person: the voter's history holds their vote.
    store = ideas.runtime.store
    about_carol = [type(e).__name__ for e, _ in await store.subject_history(tenant, carol)]
    assert sorted(about_carol) == ["Imported", "VoteImported"]  # her comment, her vote

    # Importing again changes nothing; a later export adds only what is new.
    (again,) = await ideas.call("ImportIdeas", [request], ADMIN, tenant=tenant)
    assert [(r.idea_id, r.already_imported, r.votes_added, r.comments_added)
            for r in again.ideas] == [(idea_id, True, 0, 0), (first.ideas[1].idea_id, True, 0, 0)]
    assert await ideas.events_of(tenant) == recorded
    erin = str(uuid.uuid4())
    night_mode.votes.append(vote(erin, True, 50))
    night_mode.comments.append(comment("c5", erin, "Still waiting", 51, parent="c1"))
    (later,) = await ideas.call("ImportIdeas", [pb.ImportIdeasRequest(
        source="ideascale", ideas=[night_mode])], ADMIN, tenant=tenant)
    assert [(r.already_imported, r.votes_added, r.comments_added) for r in later.ideas] == [
        (True, 1, 1)]
    assert await ideas.events_of(tenant) == recorded + 2
    idea = (await ideas.call("GetIdea", pb.GetIdeaRequest(
        idea_id=idea_id, consistency=Consistency(min_position=later.write.position)),
        ADMIN, tenant=tenant)).idea
    assert (idea.votes_up, idea.comments) == (3, 5)

    # Each imported stream chains its hashes like any other: the log verifies.
    verified = await ideas.call("VerifyLog", apb.VerifyLogRequest(), "compliance_officer",
                                tenant=tenant)
    assert verified.ok and verified.events >= recorded + 2

    # Nobody was told anything: the import notifies no one.
    notifications = await store.recorder.pool.fetchval(
        f"SELECT count(*) FROM {store.recorder.schema}.events WHERE tenant = $1"
        " AND topic LIKE '%Notification%'", tenant)
    assert notifications == 0


async def test_a_bad_import_is_refused_whole_and_stores_nothing(ideas: Harness) -> None:
    tenant = f"t-{uuid.uuid4().hex[:8]}"
    category, (author, bob, *_) = await community(ideas, tenant)
    good = pb.ImportedIdea(source_id="1", author_id=author, title="Fine", body="Fine.",
                           category=category, submitted_at=at(0))
    future = Timestamp()
    future.FromDatetime(datetime.now(UTC) + timedelta(days=2))
    bad = pb.ImportedIdea(
        source_id="2", author_id="not-a-customer", title="Bad", body="Nul\x00byte",
        category=category, submitted_at=future, status=pb.IDEA_STATUS_DUPLICATE,
        votes=[pb.ImportedVote(voter_id=bob, voted_at=at(1))],
        comments=[comment("c1", bob, "reply", 1, parent="c9")])
    before = await ideas.events_of(tenant)
    refused = await ideas.refused("ImportIdeas", [pb.ImportIdeasRequest(
        source="ideascale", ideas=[good, bad])], ADMIN, tenant=tenant)
    assert refused.code == grpc.StatusCode.INVALID_ARGUMENT
    assert field_names(refused) == {
        "ideas[1].author_id", "ideas[1].body", "ideas[1].submitted_at", "ideas[1].status",
        "ideas[1].votes[0].vote", "ideas[1].comments[0].parent_source_id"}
    twice = await ideas.refused("ImportIdeas", [pb.ImportIdeasRequest(
        source="Idea Scale", ideas=[good, good])], ADMIN, tenant=tenant)
    assert field_names(twice) == {"source", "ideas"}
    unknown = pb.ImportedIdea(source_id="3", author_id=author, title="x", body="y",
                              category="undefined", submitted_at=at(0))
    missing = await ideas.refused("ImportIdeas", [pb.ImportIdeasRequest(
        source="ideascale", ideas=[good, unknown])], ADMIN, tenant=tenant)
    assert missing.code == grpc.StatusCode.NOT_FOUND
    assert await ideas.events_of(tenant) == before
    # Writing as the community's authors is for admins only.
    for role in ("community_manager", "customer", "service"):
        denied = await ideas.refused("ImportIdeas", [pb.ImportIdeasRequest(
            source="ideascale", ideas=[good])], role, tenant=tenant)
        assert denied.code == grpc.StatusCode.PERMISSION_DENIED
