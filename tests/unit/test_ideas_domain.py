"""ideas' aggregates, pure: workflow, votes (with a property test), merge, authorship."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chorus.errors import FailedPrecondition
from services.ideas.domain.comment import Comment
from services.ideas.domain.idea import TRANSITIONS, Idea, Status
from services.ideas.domain.post import NotTheAuthor, Vote

AUTHOR = UUID("00000000-0000-0000-0000-00000000a001")


def idea(title: str = "Ship a keyboard with a Linux key") -> Idea:
    return Idea(tenant="acme", author_id=AUTHOR, title=title, body="Please.",
                category="hardware")


def replay(aggregate: Any) -> Any:
    """The aggregate rebuilt from every event it ever emitted (as loading it would)."""
    rebuilt = None
    for e in aggregate.collect_events():
        rebuilt = e.mutate(rebuilt)
    return rebuilt


def test_the_workflow_allows_only_its_transitions_and_declining_needs_a_reason() -> None:
    for start in (Status.NEW, Status.UNDER_REVIEW, Status.PLANNED, Status.IN_PROGRESS):
        for target in Status:
            i = idea()
            path = {Status.NEW: [], Status.UNDER_REVIEW: [Status.UNDER_REVIEW],
                    Status.PLANNED: [Status.UNDER_REVIEW, Status.PLANNED],
                    Status.IN_PROGRESS: [Status.UNDER_REVIEW, Status.PLANNED,
                                         Status.IN_PROGRESS]}[start]
            for step in path:
                i.change_status(step, "", "cm-1")
            if target in TRANSITIONS[start]:
                i.change_status(target, "not now, sorry", "cm-1")
                assert i.status is target
            else:
                with pytest.raises(FailedPrecondition):
                    i.change_status(target, "why not", "cm-1")
                assert i.status is start
    i = idea()
    with pytest.raises(FailedPrecondition, match="explanation"):
        i.change_status(Status.DECLINED, "  ", "cm-1")
    i.change_status(Status.DECLINED, "Out of scope for 2027", "cm-1")
    assert replay(i).status is Status.DECLINED


def test_only_the_author_edits_until_review_and_withdraws() -> None:
    i = idea()
    with pytest.raises(NotTheAuthor):
        i.edit(uuid4(), "Mine now", "x")
    i.edit(AUTHOR, "Ship a keyboard with a Tux key", "Please!")
    i.change_status(Status.UNDER_REVIEW, "", "cm-1")
    with pytest.raises(FailedPrecondition, match="until it is reviewed"):
        i.edit(AUTHOR, "Too late", "x")
    with pytest.raises(NotTheAuthor):
        i.withdraw(uuid4())
    i.withdraw(AUTHOR)
    with pytest.raises(FailedPrecondition):
        i.vote(uuid4(), Vote.UP)
    again = replay(i)
    assert (again.title, again.status) == ("Ship a keyboard with a Tux key", Status.WITHDRAWN)


def test_votes_are_one_per_customer_changeable_and_retractable() -> None:
    i, a, b = idea(), uuid4(), uuid4()
    i.vote(a, Vote.UP)
    i.vote(a, Vote.UP)  # no change, no event
    i.vote(b, Vote.DOWN)
    i.vote(b, Vote.UP)
    i.vote(a, None)
    assert (i.ballot.up, i.ballot.down) == (1, 0)
    events = i.collect_events()
    assert [type(e).__name__ for e in events] == [
        "Submitted", "VoteChanged", "VoteChanged", "VoteChanged", "VoteChanged"]
    i.hide("spam", "mod-1")
    with pytest.raises(FailedPrecondition, match="hidden"):
        i.vote(a, Vote.UP)


def test_merge_moves_votes_counting_each_customer_once() -> None:
    a, b = idea(), idea("Linux key on keyboards")
    both, only_b, only_a = uuid4(), uuid4(), uuid4()
    a.vote(both, Vote.UP)
    a.vote(only_a, Vote.DOWN)
    b.vote(both, Vote.DOWN)
    b.vote(only_b, Vote.UP)
    with pytest.raises(FailedPrecondition):
        a.merge_into(a, "cm-1")
    b.merge_into(a, "cm-1")
    assert (b.status, b.duplicate_of, b.ballot.votes) == (Status.DUPLICATE, a.id, {})
    assert a.ballot.votes == {both: Vote.UP, only_a: Vote.DOWN, only_b: Vote.UP}
    assert replay(a).ballot.votes == a.ballot.votes
    with pytest.raises(FailedPrecondition):
        b.vote(only_b, Vote.DOWN)


def test_comments_reply_one_level_deep_and_only_authors_edit_or_delete() -> None:
    i = idea()
    top = Comment(tenant="acme", idea_id=i.id, author_id="c-1", body="Yes!")
    reply = Comment.reply_to(top, "acme", "brand-agent", "Planned for Q3", official=True)
    assert (reply.parent_id, reply.idea_id, reply.official) == (top.id, i.id, True)
    with pytest.raises(FailedPrecondition, match="one level"):
        Comment.reply_to(reply, "acme", "c-2", "deeper")
    with pytest.raises(NotTheAuthor):
        top.edit("c-2", "hijack")
    top.edit("c-1", "Yes please!")
    top.delete("c-1")
    with pytest.raises(FailedPrecondition):
        top.vote(uuid4(), Vote.UP)
    again = replay(top)
    assert (again.body, again.deleted) == ("Yes please!", True)


# -- property: counts always equal the votes recorded ---------------------------------------

VOTERS = [UUID(int=n) for n in range(1, 6)]
steps = st.lists(st.one_of(
    st.tuples(st.just("vote"), st.integers(0, 2), st.sampled_from(VOTERS),
              st.sampled_from([Vote.UP, Vote.DOWN, None])),
    st.tuples(st.just("merge"), st.integers(0, 2), st.integers(0, 2), st.just(None)),
), max_size=40)


@settings(max_examples=300, deadline=None)
@given(steps)
def test_counts_always_match_the_votes_recorded(ops: list[tuple[Any, ...]]) -> None:
    ideas = [idea(f"idea {n}") for n in range(3)]
    # The model: who holds which vote on each idea, kept independently of the aggregate.
    model: list[dict[UUID, Vote]] = [{}, {}, {}]
    for op, x, y, vote in ops:
        if op == "vote":
            target = ideas[x]
            if target.status is Status.DUPLICATE:
                with pytest.raises(FailedPrecondition):
                    target.vote(y, vote)
                continue
            target.vote(y, vote)
            if vote is None:
                model[x].pop(y, None)
            else:
                model[x][y] = vote
        else:
            merged, survivor = ideas[x], ideas[y]
            if x == y or Status.DUPLICATE in (merged.status, survivor.status):
                with pytest.raises(FailedPrecondition):
                    merged.merge_into(survivor, "cm")
                continue
            merged.merge_into(survivor, "cm")
            for voter, v in model[x].items():
                model[y].setdefault(voter, v)  # a vote on the survivor wins
            model[x] = {}
    for n, i in enumerate(ideas):
        assert i.ballot.votes == model[n]
        ups = sum(v is Vote.UP for v in model[n].values())
        assert (i.ballot.up, i.ballot.down) == (ups, len(model[n]) - ups)
        again = replay(i)
        assert again.ballot.votes == i.ballot.votes, "the events alone give the same counts"


def test_integration_events_carry_ids_and_decisions_never_text() -> None:
    from services.ideas.messages import to_integration

    i = idea("A very personal title")
    voter = uuid4()
    i.vote(voter, Vote.UP)
    i.change_status(Status.UNDER_REVIEW, "", "cm-1")
    i.withdraw(AUTHOR)
    c = Comment(tenant="acme", idea_id=i.id, author_id=str(voter), body="My secret comment")
    c.delete(str(voter))
    published = [to_integration(e, None) for e in  # type: ignore[arg-type]
                 [*i.collect_events(), *c.collect_events()]]
    assert [type(m).__name__ for m in published] == [
        "IdeaSubmitted", "IdeaVoteChanged", "IdeaStatusChanged", "IdeaWithdrawn",
        "CommentPosted", "CommentDeleted"]
    assert published[3].author_id == str(AUTHOR)
    assert (published[5].author_id, published[5].idea_id) == (str(voter), str(i.id))
    for m in published:
        wire = m.SerializeToString()
        assert b"personal title" not in wire and b"secret comment" not in wire
