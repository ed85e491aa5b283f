"""Live bad-buzz detection's state: a watch per tenant and term (the incident detection is
in, between buckets) and the crisis alerts it raises, which people acknowledge and resolve.
An alert names the posts driving it; escalations update it while the incident grows."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from chorus.errors import FailedPrecondition
from services.reputation.domain.buzz import Alarm, Incident

IDS = UUID("0c5d3a8e-7f21-4b69-a4e2-91d0b6f3c817")


class AlertStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class BuzzWatch(Aggregate):
    """Where detection stands for one tenant's term ("" = every mention)."""

    class Started(Aggregate.Created):
        tenant: str
        term: str

    class IncidentChanged(Aggregate.Event):
        alert_id: str
        level: float
        calm: int

    @staticmethod
    def create_id(tenant: str, term: str, **_: object) -> UUID:
        return uuid5(IDS, f"watch/{tenant}/{term}")

    @event(Started)
    def __init__(self, tenant: str, term: str) -> None:
        self.tenant, self.term = tenant, term
        self.alert_id = ""
        self.incident = Incident()

    def moved_to(self, incident: Incident, alert_id: str) -> None:
        if (incident, alert_id) != (self.incident, self.alert_id):
            self._changed(alert_id, incident.level, incident.calm)

    @event(IncidentChanged)
    def _changed(self, alert_id: str, level: float, calm: int) -> None:
        self.alert_id, self.incident = alert_id, Incident(level, calm)


class CrisisAlert(Aggregate):
    class Raised(Aggregate.Created):
        tenant: str
        term: str
        bucket_start: datetime
        raised_at: datetime
        reasons: list[str]
        volume: int
        negative_share: float
        z_score: float
        driving_mention_ids: list[str]

    class Escalated(Aggregate.Event):
        term: str
        bucket_start: datetime
        reasons: list[str]
        volume: int
        negative_share: float
        z_score: float
        driving_mention_ids: list[str]

    class Acknowledged(Aggregate.Event):
        by: str

    class Resolved(Aggregate.Event):
        by: str
        note: str

    @staticmethod
    def create_id(tenant: str, term: str, bucket_start: datetime, **_: object) -> UUID:
        return uuid5(IDS, f"alert/{tenant}/{term}/{bucket_start.isoformat()}")

    @event(Raised)
    def __init__(self, tenant: str, term: str, bucket_start: datetime, raised_at: datetime,
                 reasons: list[str], volume: int, negative_share: float, z_score: float,
                 driving_mention_ids: list[str]) -> None:
        self.tenant, self.term = tenant, term
        self.status = AlertStatus.OPEN

    @classmethod
    def raise_for(cls, tenant: str, term: str, alarm: Alarm) -> CrisisAlert:
        return cls(tenant=tenant, term=term, bucket_start=alarm.bucket_start,
                   raised_at=alarm.at, reasons=list(alarm.reasons), volume=alarm.volume,
                   negative_share=alarm.negative_share, z_score=alarm.z_score,
                   driving_mention_ids=list(alarm.driving_posts))

    def escalate(self, alarm: Alarm) -> None:
        self._escalated(self.term, alarm.bucket_start, list(alarm.reasons), alarm.volume,
                        alarm.negative_share, alarm.z_score, list(alarm.driving_posts))

    @event(Escalated)
    def _escalated(self, term: str, bucket_start: datetime, reasons: list[str], volume: int,
                   negative_share: float, z_score: float,
                   driving_mention_ids: list[str]) -> None:
        pass

    def acknowledge(self, by: str) -> None:
        if self.status is AlertStatus.RESOLVED:
            raise FailedPrecondition("the alert is resolved")
        if self.status is AlertStatus.OPEN:
            self._acknowledged(by)

    @event(Acknowledged)
    def _acknowledged(self, by: str) -> None:
        self.status = AlertStatus.ACKNOWLEDGED

    def resolve(self, by: str, note: str) -> None:
        if self.status is AlertStatus.RESOLVED:
            raise FailedPrecondition("the alert is resolved already")
        self._resolved(by, note)

    @event(Resolved)
    def _resolved(self, by: str, note: str) -> None:
        self.status = AlertStatus.RESOLVED
