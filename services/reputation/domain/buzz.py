"""Bad-buzz detection, without I/O: mentions and engagement samples fall into time buckets;
when a bucket closes, its volume is compared with the same bucket of the day over the past
days (a robust z-score: median and MAD, so yesterday's incident does not become today's
normal), its negative share with the policy's floor, and each post's engagement velocity
with the single-viral-post threshold. One incident raises one alert (escalated while it
grows); the detector re-arms after a quiet spell. The live policy and the backtest run this
same code, so a backtest shows exactly what live detection would have done."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

MIN_BUCKET = timedelta(minutes=1)
MAX_BUCKET = timedelta(days=1)


@dataclass(frozen=True)
class AlertPolicy:
    """A tenant's thresholds (optionally for one tracked term)."""

    bucket: timedelta = timedelta(hours=1)
    min_volume: int = 20  # a bucket quieter than this never alarms on volume
    z_threshold: float = 4.0  # robust z-score of the volume against the same bucket of day
    min_negative_share: float = 0.4  # of the bucket's mentions
    viral_per_hour: int = 1_000  # engagement one negative post gains per hour
    baseline_days: int = 7  # how many past days make the baseline
    min_baseline: int = 3  # days of history before volume can alarm
    quiet_buckets: int = 3  # calm buckets that end an incident
    term: str = ""  # "" = every mention of the tenant

    def problems(self) -> dict[str, str]:
        """Field -> what is wrong (empty when the policy is usable)."""
        found = {}
        if not MIN_BUCKET <= self.bucket <= MAX_BUCKET or MAX_BUCKET % self.bucket:
            found["bucket"] = "must be between 1 minute and 1 day and divide a day"
        if self.min_volume < 1:
            found["min_volume"] = "must be at least 1"
        if not 0 < self.z_threshold <= 100:
            found["z_threshold"] = "must be above 0 and at most 100"
        if not 0 <= self.min_negative_share <= 1:
            found["min_negative_share"] = "must be between 0 and 1"
        if self.viral_per_hour < 1:
            found["viral_per_hour"] = "must be at least 1"
        if not 1 <= self.baseline_days <= 60:
            found["baseline_days"] = "must be between 1 and 60"
        if not 1 <= self.min_baseline <= self.baseline_days:
            found["min_baseline"] = "must be between 1 and baseline_days"
        if not 1 <= self.quiet_buckets <= 1_000:
            found["quiet_buckets"] = "must be between 1 and 1000"
        return found

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"bucket": int(self.bucket.total_seconds())}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AlertPolicy:
        return cls(**(d | {"bucket": timedelta(seconds=d["bucket"])}))


class AlertPolicies(Aggregate):
    """A tenant's alert policies: one for every mention ("") and one per tracked term."""

    class Started(Aggregate.Created):
        tenant: str

    class Defined(Aggregate.Event):
        term: str
        policy: dict[str, Any]

    @staticmethod
    def create_id(tenant: str, **_: object) -> UUID:
        return uuid5(UUID("6b1f0c2e-93a4-4d57-8e1b-2f7c9a0d5e31"), f"alert-policies/{tenant}")

    @event(Started)
    def __init__(self, tenant: str) -> None:
        self.tenant = tenant
        self.policies: dict[str, dict[str, Any]] = {}

    def define(self, policy: AlertPolicy) -> None:
        if self.policies.get(policy.term) != policy.as_dict():
            self._defined(policy.term, policy.as_dict())

    @event(Defined)
    def _defined(self, term: str, policy: dict[str, Any]) -> None:
        self.policies[term] = policy

    def policy_for(self, term: str) -> AlertPolicy:
        found = self.policies.get(term)
        return AlertPolicy.from_dict(found) if found else AlertPolicy(term=term)


@dataclass(frozen=True)
class Heard:
    """A mention, as detection sees it."""

    at: datetime
    mention_id: str
    negative: bool
    engagement: int


@dataclass(frozen=True)
class Grew:
    """A post's engagement observed at a time (likes + shares + comments)."""

    at: datetime
    mention_id: str
    engagement: int


@dataclass
class Bucket:
    start: datetime
    volume: int = 0
    negatives: int = 0
    gained: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def negative_share(self) -> float:
        return self.negatives / self.volume if self.volume else 0.0


@dataclass(frozen=True)
class Alarm:
    """What one closed bucket says: raised (a new incident) or escalated (it grows)."""

    kind: str  # "raised" | "escalated"
    bucket_start: datetime
    at: datetime  # the bucket's close
    reasons: tuple[str, ...]
    volume: int
    negative_share: float
    z_score: float
    driving_posts: tuple[str, ...]


def robust_z(value: float, history: Iterable[int]) -> float:
    past = sorted(history)
    median = statistics.median(past)
    mad = statistics.median(abs(v - median) for v in past)
    # Counts are Poisson-like: never trust a spread narrower than their own noise.
    scale = max(1.4826 * mad, math.sqrt(median), 1.0)
    return (value - median) / scale


@dataclass(frozen=True)
class Incident:
    """Detection's memory between buckets: how bad the open incident got (0: none open)
    and how many calm buckets followed its last alarm."""

    level: float = 0.0
    calm: int = 0


def judge(policy: AlertPolicy, b: Bucket, past: list[int],
          incident: Incident) -> tuple[Alarm | None, Incident]:
    """What a closed bucket says, given the same bucket's volumes on past days (oldest
    first) and the incident so far. `b.gained` holds negative posts' engagement gains."""
    p = policy
    z = robust_z(b.volume, past) if len(past) >= p.min_baseline else 0.0
    hours = p.bucket / timedelta(hours=1)
    viral = sorted(((gain, post) for post, gain in b.gained.items()
                    if gain / hours >= p.viral_per_hour), reverse=True)
    reasons = []
    if b.volume >= p.min_volume and z >= p.z_threshold \
            and b.negative_share >= p.min_negative_share:
        reasons.append("negative burst")
    if viral:
        reasons.append("viral negative post")
    if not reasons:
        if not incident.level:
            return None, incident
        calm = incident.calm + 1
        return None, Incident() if calm >= p.quiet_buckets else Incident(incident.level, calm)
    level = max(z, 0.0) + sum(g for g, _ in viral) / p.viral_per_hour / hours
    if incident.level and level <= incident.level:
        return None, Incident(incident.level, 0)  # it goes on, no worse than already said
    driving = tuple(post for post, _ in sorted(b.gained.items(), key=lambda kv: -kv[1]))
    alarm = Alarm("escalated" if incident.level else "raised", b.start, b.start + p.bucket,
                  tuple(reasons), b.volume, round(b.negative_share, 3), round(z, 2),
                  driving[:5])
    return alarm, Incident(level, 0)


class Detector:
    """Feeds on mentions and engagement samples in time order; `close` judges a bucket."""

    def __init__(self, policy: AlertPolicy) -> None:
        self.policy = policy
        self.history: dict[int, deque[int]] = defaultdict(
            lambda: deque(maxlen=policy.baseline_days))
        self.seen: dict[str, tuple[int, bool]] = {}  # engagement so far, negative
        self.current: Bucket | None = None
        self.incident = Incident()
        # When listening began (the first mention heard): days before it are no baseline.
        self.began: datetime | None = None

    def listened(self, at: datetime) -> None:
        if self.began is None or at < self.began:
            self.began = at

    def bucket_start(self, at: datetime) -> datetime:
        return bucket_start(at, self.policy.bucket)

    def _bucket(self, at: datetime) -> Bucket:
        start = self.bucket_start(at)
        if self.current is None or self.current.start != start:
            self.current = Bucket(start)
        return self.current

    def heard(self, m: Heard) -> None:
        self.listened(m.at)
        b = self._bucket(m.at)
        b.volume += 1
        b.negatives += m.negative
        if m.mention_id not in self.seen:
            self.seen[m.mention_id] = (m.engagement, m.negative)
            if m.negative:
                b.gained[m.mention_id] += m.engagement

    def grew(self, g: Grew) -> None:
        before, negative = self.seen.get(g.mention_id, (0, False))
        if g.engagement > before:
            if negative:
                self._bucket(g.at).gained[g.mention_id] += g.engagement - before
            self.seen[g.mention_id] = (g.engagement, negative)

    def close(self, start: datetime) -> Alarm | None:
        """Judges the bucket starting at `start` (empty if nothing fell in it)."""
        b = self.current if self.current and self.current.start == start else Bucket(start)
        past = self.history[slot_of(start, self.policy.bucket)]
        alarm, self.incident = judge(self.policy, b, list(past), self.incident)
        if self.began is not None and start >= self.bucket_start(self.began):
            past.append(b.volume)  # silence before the first mention says nothing
        return alarm


def bucket_start(at: datetime, bucket: timedelta) -> datetime:
    day = at.replace(hour=0, minute=0, second=0, microsecond=0)
    return day + ((at - day) // bucket) * bucket


def slot_of(start: datetime, bucket: timedelta) -> int:
    """Which bucket of its day `start` begins (the seasonality's key)."""
    return int((start - start.replace(hour=0, minute=0, second=0, microsecond=0)) / bucket)


def backtest(policy: AlertPolicy, observations: Iterable[Heard | Grew], start: datetime,
             end: datetime) -> list[Alarm]:
    """The alarms `policy` would have raised over [start, end), replaying observations in
    time order (those before `start` only build the baseline)."""
    detector = Detector(policy)
    ordered = sorted(observations, key=lambda o: o.at)
    bucket = detector.bucket_start(start) - policy.baseline_days * MAX_BUCKET
    alarms: list[Alarm] = []
    i = 0
    while i < len(ordered) and ordered[i].at < bucket:  # older: only what posts had gained
        if isinstance(o := ordered[i], Heard):
            detector.seen[o.mention_id] = (o.engagement, o.negative)
            detector.listened(o.at)
        else:
            detector.grew(o)
        i += 1
    detector.current = None
    while bucket < end:
        close = bucket + policy.bucket
        while i < len(ordered) and ordered[i].at < close:
            o = ordered[i]
            detector.heard(o) if isinstance(o, Heard) else detector.grew(o)
            i += 1
        alarm = detector.close(bucket)
        if alarm and bucket >= start:
            alarms.append(alarm)
        bucket = close
    return alarms
