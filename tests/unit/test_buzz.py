"""Bad-buzz detection on a synthetic week: steady mentions with a daily rhythm, then one
complaint whose likes grow from 10 to 12,000 in hours with a burst of negative replies."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from services.reputation.domain.buzz import AlertPolicy, Grew, Heard, backtest, robust_z

START = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday
BURST = START + timedelta(days=6, hours=10, minutes=5)


def steady_week(seed: int, days: int = 7) -> list[Heard | Grew]:
    """Around 3 mentions an hour at night and 25 in the afternoon, 10 % negative, each
    with a few likes."""
    rnd = random.Random(seed)
    out: list[Heard | Grew] = []
    for hour in range(days * 24):
        rate = 14 + 11 * math.sin((hour % 24 - 8) / 24 * 2 * math.pi)
        for n in range(int(rnd.gauss(rate, math.sqrt(rate)))):
            at = START + timedelta(hours=hour, seconds=rnd.uniform(0, 3599))
            out.append(Heard(at, f"s{hour}-{n}", rnd.random() < 0.1, rnd.randint(0, 30)))
    return out


def bad_buzz() -> list[Heard | Grew]:
    """The complaint, its likes growing every 10 minutes to 12,000 within 5 hours, and 200
    angry replies over the first 3 hours."""
    out: list[Heard | Grew] = [Heard(BURST, "the-complaint", True, 10)]
    for step in range(1, 31):
        out.append(Grew(BURST + timedelta(minutes=10 * step), "the-complaint",
                        int(10 + 11_990 * (step / 30) ** 1.5)))
    rnd = random.Random(7)
    out += [Heard(BURST + timedelta(minutes=rnd.uniform(5, 180)), f"reply-{i}", True, 2)
            for i in range(200)]
    return out


def test_one_alert_within_two_buckets_naming_the_post_and_none_on_steady_days() -> None:
    policy = AlertPolicy()
    history = steady_week(1) + bad_buzz()
    alarms = backtest(policy, history, START, START + timedelta(days=7))
    raised = [a for a in alarms if a.kind == "raised"]
    assert len(raised) == 1, alarms
    alert = raised[0]
    burst_bucket = BURST.replace(minute=0)
    assert alert.bucket_start - burst_bucket <= timedelta(hours=1), "within 2 buckets"
    assert alert.driving_posts[0] == "the-complaint"
    viral = [a for a in alarms if "viral negative post" in a.reasons]
    assert viral and viral[0].kind == "escalated" and viral[0].driving_posts[0] == \
        "the-complaint", "its likes take off after the replies: the incident escalates"
    assert all(a.bucket_start >= burst_bucket for a in alarms), "nothing on steady days"

    calm = backtest(policy, steady_week(1), START, START + timedelta(days=7))
    assert calm == []


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_no_false_alarm_on_any_steady_week(seed: int) -> None:
    assert backtest(AlertPolicy(), steady_week(seed), START, START + timedelta(days=7)) == []


def test_a_burst_of_negative_mentions_alone_alarms_once_and_escalates() -> None:
    rnd = random.Random(3)
    burst = [Heard(BURST + timedelta(minutes=rnd.uniform(0, 120)), f"angry-{i}", True, 1)
             for i in range(300)]
    alarms = backtest(AlertPolicy(), steady_week(2) + burst, START,
                      START + timedelta(days=7))
    assert [a.kind for a in alarms][:1] == ["raised"]
    assert sum(a.kind == "raised" for a in alarms) == 1
    assert alarms[0].reasons == ("negative burst",)
    assert alarms[0].negative_share > 0.5


def test_robust_z_ignores_one_past_incident() -> None:
    assert robust_z(30, [10, 11, 9, 10, 400, 10, 12]) > 4
    assert abs(robust_z(10, [10, 11, 9, 10, 400, 10, 12])) < 1


def test_policy_problems_name_the_fields() -> None:
    bad = AlertPolicy(bucket=timedelta(minutes=7), min_volume=0, min_negative_share=2,
                      baseline_days=2, min_baseline=3)
    assert set(bad.problems()) == {"bucket", "min_volume", "min_negative_share",
                                   "min_baseline"}
    assert AlertPolicy(bucket=timedelta(minutes=15)).problems() == {}


def test_one_viral_complaint_without_replies_alarms_and_a_viral_praise_does_not() -> None:
    complaint = [o for o in bad_buzz() if not o.mention_id.startswith("reply-")]
    alarms = backtest(AlertPolicy(), steady_week(4) + complaint, START,
                      START + timedelta(days=7))
    assert [(a.kind, a.reasons, a.driving_posts[0]) for a in alarms][:1] == [
        ("raised", ("viral negative post",), "the-complaint")]
    praise = [Heard(o.at, o.mention_id, False, o.engagement) if isinstance(o, Heard) else o
              for o in complaint]
    assert backtest(AlertPolicy(), steady_week(4) + praise, START,
                    START + timedelta(days=7)) == []
