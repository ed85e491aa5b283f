"""cases' aggregate, pure: SLA clocks (business hours, pauses, re-chosen policies, warnings
and breaches once), what counts as a response, priority, lifecycle and merges."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from chorus.errors import FailedPrecondition
from services.cases.domain.business_hours import Calendar, Range
from services.cases.domain.case import Case
from services.cases.domain.priority import Priority, computed_priority
from services.cases.domain.settings import choose_terms, fill
from services.cases.domain.sla import CaseFacts, ClockState, SlaTerms, Target
from services.cases.domain.vocabulary import AuthorKind, Channel, Status, Tier, Visibility

# Monday 30 November 2026, 09:00 in Paris (CET, UTC+1).
MONDAY_9 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
OFFICE = Calendar("Europe/Paris", tuple(
    (Range(time(9), time(12)), Range(time(14), time(18))) if d < 5 else () for d in range(7)))
HOUR = timedelta(hours=1)


def terms(**budgets: float) -> SlaTerms:
    return SlaTerms("office", {Target(t): timedelta(hours=h) for t, h in budgets.items()},
                    OFFICE, reopen_window=timedelta(days=3),
                    community_timeout=timedelta(hours=4))


def open_case(sla: SlaTerms, at: datetime = MONDAY_9, **changes: Any) -> Case:
    details: dict[str, Any] = dict(
        tenant="acme", channel="email", visibility="private", received_at=at,
        subject="Cracked screen", body="My new laptop arrived broken.",
        first_message_id=uuid4(), customer_id=str(uuid4()), author_profile_id="",
        author_handle="", author_display_name="", author_followers=0, engagement=0,
        external_ref="", source_mention_id="", team="", language="en", customer_tier="",
        segments=[], priority="normal", opened_by="gateway")
    details.update(changes)
    return Case.open(sla, **details)


def reply(case: Case, at: datetime, *, kind: AuthorKind = AuthorKind.AGENT,
          visibility: Visibility = Visibility.PRIVATE, automated: bool = False,
          awaiting: bool = False) -> UUID:
    message_id = uuid4()
    case.add_message(message_id=message_id, author_kind=kind, author_id="agent-1",
                     visibility=visibility, body="On it.", automated=automated,
                     awaiting_customer=awaiting, now=at)
    return message_id


def replayed(case: Case) -> Case:
    rebuilt: Any = None
    for e in case.collect_events():
        rebuilt = e.mutate(rebuilt)
    return rebuilt


def test_targets_count_business_hours_and_a_case_opened_while_closed_waits_for_opening() -> None:
    saturday = datetime(2026, 11, 28, 20, 0, tzinfo=UTC)
    case = open_case(terms(first_response=4, resolution=16), at=saturday)
    first = case.clocks[Target.FIRST_RESPONSE]
    # Monday 09:00-12:00, then 14:00-15:00 (Paris): 14:00 UTC.
    assert first.due_at == datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
    # Warning at 80 %: 3h12 of business time, Monday 14:12 Paris.
    assert first.warn_at == datetime(2026, 11, 30, 13, 12, tzinfo=UTC)
    # 16 hours at 7 a day: Monday, Tuesday, then Wednesday 09:00-11:00 Paris.
    assert case.clocks[Target.RESOLUTION].due_at == datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def test_only_replies_to_the_customer_count_as_responses() -> None:
    case = open_case(terms(first_response=4, next_response=2))
    reply(case, MONDAY_9 + HOUR, visibility=Visibility.INTERNAL)
    reply(case, MONDAY_9 + HOUR, automated=True)
    assert case.clocks[Target.FIRST_RESPONSE].state is ClockState.RUNNING
    reply(case, MONDAY_9 + 2 * HOUR)
    first = case.clocks[Target.FIRST_RESPONSE]
    assert (first.state, first.spent) == (ClockState.MET, 2 * HOUR)
    assert Target.NEXT_RESPONSE not in case.clocks, "next response runs when the customer writes"
    reply(case, MONDAY_9 + 3 * HOUR, kind=AuthorKind.CUSTOMER)
    assert case.clocks[Target.NEXT_RESPONSE].state is ClockState.RUNNING
    reply(case, MONDAY_9 + 5 * HOUR)  # lunch break from 12:00 to 14:00 Paris does not count
    assert case.clocks[Target.NEXT_RESPONSE].state is ClockState.MET
    assert case.clocks[Target.FIRST_RESPONSE].state is ClockState.MET, "independent targets"


def test_waiting_on_the_customer_pauses_resolution_over_night_and_weekend() -> None:
    case = open_case(terms(resolution=8))
    reply(case, MONDAY_9 + 2 * HOUR, awaiting=True)  # 11:00 Paris, 2 hours spent
    assert case.status is Status.PENDING
    clock = case.clocks[Target.RESOLUTION]
    assert (clock.state, clock.spent, clock.due_at) == (ClockState.PAUSED, 2 * HOUR, None)
    friday_evening = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)  # 19:00 Paris: closed
    reply(case, friday_evening, kind=AuthorKind.CUSTOMER)
    clock = case.clocks[Target.RESOLUTION]
    assert case.status is Status.OPEN and clock.state is ClockState.RUNNING
    # 6 hours left from Monday 7 Dec 09:00 Paris: 09-12, 14-17 -> 17:00 Paris, 16:00 UTC.
    assert clock.due_at == datetime(2026, 12, 7, 16, 0, tzinfo=UTC)
    again = replayed(case)
    assert again.clocks[Target.RESOLUTION].due_at == clock.due_at, "events alone suffice"


def test_a_warning_and_a_breach_are_recorded_once_and_the_breach_escalates() -> None:
    case = open_case(terms(first_response=1))
    first = case.clocks[Target.FIRST_RESPONSE]
    assert first.warn_at is not None and first.due_at is not None
    case.sla_due(Target.FIRST_RESPONSE, 1, warning=True, now=first.warn_at - HOUR)
    assert not first.warned, "not due yet"
    for _ in range(2):
        case.sla_due(Target.FIRST_RESPONSE, 1, warning=True, now=first.warn_at)
        case.sla_due(Target.FIRST_RESPONSE, 1, warning=False, now=first.due_at)
    events = [type(e).__name__ for e in case.collect_events()]
    assert (events.count("SlaWarned"), events.count("SlaBreached")) == (1, 1)
    assert case.tier is Tier.BACK_OFFICE and events.count("Escalated") == 1
    assert case.clocks[Target.FIRST_RESPONSE].shown_state() is ClockState.BREACHED
    case.sla_due(Target.FIRST_RESPONSE, 7, warning=False, now=first.due_at + HOUR)
    assert not case.collect_events(), "a superseded deadline records nothing"


def test_a_new_policy_keeps_the_time_already_spent() -> None:
    case = open_case(terms(resolution=8))
    faster = SlaTerms("vip", {Target.RESOLUTION: timedelta(hours=4)}, OFFICE)
    case.apply_terms(faster, MONDAY_9 + 3 * HOUR)  # 12:00 Paris, 3 hours spent
    clock = case.clocks[Target.RESOLUTION]
    assert (clock.spent, clock.budget) == (3 * HOUR, 4 * HOUR)
    # One hour left from 12:00 Paris: 14:00-15:00 Paris -> 14:00 UTC.
    assert clock.due_at == datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
    case.apply_terms(faster, MONDAY_9 + 3 * HOUR)
    assert [type(e).__name__ for e in case.collect_events()][-1] == "SlaApplied"


def test_resolving_freezes_every_clock_and_a_reply_within_the_window_reopens() -> None:
    case = open_case(terms(first_response=4, resolution=8))
    case.resolve("replaced", None, "agent-1", MONDAY_9 + HOUR)
    states = {t: c.state for t, c in case.clocks.items()}
    assert states == {Target.FIRST_RESPONSE: ClockState.MET, Target.RESOLUTION: ClockState.MET}
    with pytest.raises(FailedPrecondition):
        reply(case, MONDAY_9 + 2 * HOUR)  # agents reopen before replying
    reply(case, MONDAY_9 + 2 * HOUR, kind=AuthorKind.CUSTOMER)
    assert case.status is Status.OPEN
    assert case.clocks[Target.RESOLUTION].generation == 2
    case.resolve("done", None, "agent-1", MONDAY_9 + 3 * HOUR)
    case.close_due(MONDAY_9 + 3 * HOUR)
    assert case.status is Status.CLOSED
    with pytest.raises(FailedPrecondition):
        case.reopen("again", "agent-1", MONDAY_9 + 4 * HOUR)


def test_a_merged_case_keeps_its_thread_and_no_longer_breaches() -> None:
    customer = str(uuid4())
    tweet = open_case(terms(first_response=2), customer_id=customer, channel="x",
                      visibility="public")
    email = open_case(terms(first_response=2), customer_id=customer)
    tweet.merge_into(email, "same laptop", "agent-1", MONDAY_9 + HOUR)
    assert tweet.status is Status.MERGED and tweet.merged_into == email.id
    assert tweet.clocks[Target.FIRST_RESPONSE].state is ClockState.CANCELLED
    due = email.clocks[Target.FIRST_RESPONSE].due_at
    assert due is not None
    tweet.sla_due(Target.FIRST_RESPONSE, 1, warning=False, now=due)
    assert "SlaBreached" not in [type(e).__name__ for e in tweet.collect_events()]
    with pytest.raises(FailedPrecondition):
        email.merge_into(email, "itself", "agent-1", MONDAY_9)
    other = open_case(terms(first_response=2))
    with pytest.raises(FailedPrecondition, match="one identified customer"):
        other.merge_into(email, "not theirs", "agent-1", MONDAY_9)


def test_public_to_private_answers_publicly_then_goes_on_privately() -> None:
    case = open_case(terms(first_response=4), channel="x", visibility="public")
    case.move_to_private(Channel.X, uuid4(), "Follow us and we'll talk in DM", "agent-1",
                         MONDAY_9 + HOUR)
    assert case.visibility == Visibility.PRIVATE
    assert case.clocks[Target.FIRST_RESPONSE].state is ClockState.MET, "the public answer"
    with pytest.raises(FailedPrecondition):
        reply(case, MONDAY_9 + 2 * HOUR, visibility=Visibility.PUBLIC)
    names = [type(e).__name__ for e in case.collect_events()]
    assert "RepliedPublicly" in names and names[-1] == "MovedToPrivate"


def test_a_community_answer_counts_only_at_the_community_tier_and_escalates_if_unaccepted() -> None:
    case = open_case(terms(first_response=4), channel="forum", visibility="public")
    assert case.tier is Tier.COMMUNITY
    answer = reply(case, MONDAY_9 + HOUR, kind=AuthorKind.COMMUNITY_MEMBER,
                   visibility=Visibility.PUBLIC)
    assert case.clocks[Target.FIRST_RESPONSE].state is ClockState.MET
    accept_by = [e for e in case.collect_events() if type(e).__name__ == "CommunityAnswered"]
    assert accept_by[0].accept_by == MONDAY_9 + 5 * HOUR
    case.community_answer_due(answer)
    assert case.tier is Tier.AGENT
    agent_case = open_case(terms(first_response=4))
    reply(agent_case, MONDAY_9 + HOUR, kind=AuthorKind.COMMUNITY_MEMBER)
    assert agent_case.clocks[Target.FIRST_RESPONSE].state is ClockState.RUNNING


def test_priority_follows_audience_and_the_customer_and_an_override_sticks() -> None:
    assert computed_priority(public=True, customer_tier="", segments=frozenset(),
                             followers=0, engagement=10) is Priority.NORMAL
    assert computed_priority(public=True, customer_tier="", segments=frozenset(),
                             followers=0, engagement=12_000) is Priority.URGENT
    assert computed_priority(public=False, customer_tier="vip", segments=frozenset(),
                             followers=0, engagement=0) is Priority.HIGH
    case = open_case(terms(first_response=4), channel="x", visibility="public",
                     engagement=10)
    assert case.priority is Priority.NORMAL
    assert case.update_engagement(12_000, 0, "gateway")
    assert case.priority is Priority.URGENT
    case.set_priority(Priority.LOW, "a bot farm", "agent-1")
    assert not case.update_engagement(20_000, 0, "gateway"), "the override sticks"
    assert case.set_priority(None, "back to computed", "agent-1")
    assert case.priority is Priority.URGENT


def test_satisfaction_only_after_resolution_and_within_one_to_five() -> None:
    case = open_case(terms(first_response=4))
    with pytest.raises(FailedPrecondition):
        case.record_satisfaction(5, "great", True, "c")
    case.resolve("ok", None, "agent-1", MONDAY_9 + HOUR)
    for bad in (0, 6):
        with pytest.raises(FailedPrecondition):
            case.record_satisfaction(bad, "", False, "c")
    case.record_satisfaction(5, "Heard and helped", True, "c")
    assert replayed(case).satisfaction == 5


def test_the_first_matching_policy_applies_and_the_48_hour_promise_otherwise() -> None:
    calendar = {"zone": "Europe/Paris", "week": [["09:00-18:00"]] * 5 + [[], []],
                "holidays": [{"date": "2026-12-25", "name": "Christmas"}]}
    vip = {"precedence": 1, "calendar": "paris", "warning_percent": 0,
           "budgets_s": {"first_response": 3600}, "reopen_window_s": None,
           "community_timeout_s": None, "conditions": {
               "channels": [], "priorities": [], "customer_tiers": ["vip"], "segments": [],
               "teams": [], "visibility": ""}}
    public = dict(vip, precedence=2, budgets_s={"first_response": 7200}, conditions=dict(
        vip["conditions"], customer_tiers=[], visibility="public"))
    policies = [("public", public), ("vip", vip)]
    chosen = choose_terms(policies, {"paris": calendar},
                          CaseFacts("x", "public", "high", "vip"))
    assert (chosen.policy, chosen.budgets[Target.FIRST_RESPONSE]) == ("vip", HOUR)
    assert chosen.calendar.holidays and chosen.warning_percent == 80
    assert choose_terms(policies, {"paris": calendar},
                        CaseFacts("x", "public", "normal")).policy == "public"
    default = choose_terms(policies, {}, CaseFacts("email", "private", "normal"))
    assert (default.policy, default.budgets[Target.FIRST_RESPONSE]) == ("", 48 * HOUR)


def test_canned_responses_fill_known_placeholders_only() -> None:
    assert fill("Case {case_id}: we answer by {first_response_due} {unknown}",
                {"case_id": "42", "first_response_due": "Monday"}) == \
        "Case 42: we answer by Monday {unknown}"


def test_what_people_write_after_the_opening_stays_out_of_the_case_state() -> None:
    """A case loaded sealed is cached between commands (cached_when_sealed): the events a
    command adds must not put message bodies or comments into its state in clear."""
    case = open_case(terms(first_response=4), channel="x", visibility="public")
    case.collect_events()
    before = repr(vars(case))
    secrets = ["Your order ships tomorrow, sorry!", "Let us continue in DM", "Heard, helped"]
    case.add_message(message_id=uuid4(), author_kind=AuthorKind.AGENT, author_id="agent-1",
                     visibility=Visibility.PUBLIC, body=secrets[0], automated=False,
                     awaiting_customer=False, now=MONDAY_9 + HOUR)
    case.move_to_private(Channel.CHAT, uuid4(), secrets[1], "agent-1",
                         MONDAY_9 + 2 * HOUR)
    case.resolve("ok", None, "agent-1", MONDAY_9 + 3 * HOUR)
    case.record_satisfaction(5, secrets[2], True, "c")
    assert len(case.collect_events()) > 4  # saved: the events leave the aggregate
    state = repr(vars(case))
    assert state != before
    assert not [s for s in secrets if s in state]
    assert Case.cached_when_sealed
