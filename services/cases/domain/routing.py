"""Who works a case, at which support tier, and how urgently (mixed into Case): assignment
to a team and an agent, escalation along the support path, the computed priority an agent may
override, and the facts it is computed from (the post's engagement, the customer's tier)."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate

from chorus.errors import FailedPrecondition
from services.cases.domain.priority import Priority, computed_priority
from services.cases.domain.vocabulary import TIERS, Status, Tier, Visibility


class CaseRouting(Aggregate):
    """Events are triggered as `type(self).X` so that their topics are the case's own."""

    def _active(self) -> None:  # the case's own rule (Case)
        raise NotImplementedError

    def _activated(self, by: str) -> None:
        raise NotImplementedError

    class Assigned(Aggregate.Event):
        customer_id: str
        team: str
        agent_id: str
        mode: str
        assigned_by: str
        reason: str

        def apply(self, case: Any) -> None:
            case.team, case.agent_id = self.team, self.agent_id

    def assign(self, team: str, agent_id: str, mode: str, by: str, reason: str) -> bool:
        """Assigns; True when the team changed (its SLA policy may change with it)."""
        self._active()
        team_changed = team != self.team  # type: ignore[attr-defined]
        self.trigger_event(type(self).Assigned, customer_id=self.customer_id,  # type: ignore[attr-defined]
                           team=team, agent_id=agent_id, mode=mode, assigned_by=by,
                           reason=reason)
        if self.status is Status.NEW:  # type: ignore[attr-defined]
            self._activated(by)
        return team_changed

    class Escalated(Aggregate.Event):
        customer_id: str
        from_tier: str
        to_tier: str
        reason: str
        escalated_by: str
        automatic: bool

        def apply(self, case: Any) -> None:
            case.tier = Tier(self.to_tier)

    def escalate(self, tier: Tier, reason: str, by: str, automatic: bool = False) -> None:
        self._active()
        current: Tier = self.tier  # type: ignore[attr-defined]
        if tier is current:
            raise FailedPrecondition(f"the case is already at the {tier.value} tier")
        self.trigger_event(type(self).Escalated, customer_id=self.customer_id,  # type: ignore[attr-defined]
                           from_tier=current.value, to_tier=tier.value, reason=reason,
                           escalated_by=by, automatic=automatic)

    def escalate_one_tier(self, reason: str) -> None:
        """An automatic escalation (a breach, an answer not accepted): one tier up."""
        current: Tier = self.tier  # type: ignore[attr-defined]
        if current is not Tier.BACK_OFFICE:
            self.escalate(TIERS[TIERS.index(current) + 1], reason, "rules", automatic=True)

    class PriorityChanged(Aggregate.Event):
        customer_id: str
        priority: str
        previous_priority: str
        overridden: bool
        reason: str
        changed_by: str

        def apply(self, case: Any) -> None:
            case.priority, case.priority_overridden = Priority(self.priority), self.overridden

    def computed_priority(self) -> Priority:
        case: Any = self
        return computed_priority(public=case.visibility == Visibility.PUBLIC,
                                 customer_tier=case.customer_tier,
                                 segments=frozenset(case.segments),
                                 followers=case.author_followers, engagement=case.engagement)

    def _change_priority(self, priority: Priority, overridden: bool, reason: str,
                         by: str) -> None:
        case: Any = self
        self.trigger_event(type(self).PriorityChanged, customer_id=case.customer_id,
                           priority=priority.value,
                           previous_priority=case.priority.value, overridden=overridden,
                           reason=reason, changed_by=by)

    def set_priority(self, priority: Priority | None, reason: str, by: str) -> bool:
        """An agent's override (None: back to the computed priority); True if it changed."""
        self._active()
        case: Any = self
        chosen = priority or self.computed_priority()
        if (chosen, priority is not None) == (case.priority, case.priority_overridden):
            return False
        self._change_priority(chosen, priority is not None, reason, by)
        return True

    def _recompute_priority(self, by: str) -> bool:
        case: Any = self
        if case.priority_overridden or self.computed_priority() is case.priority:
            return False
        self._change_priority(self.computed_priority(), False, "computed", by)
        return True

    class EngagementUpdated(Aggregate.Event):
        engagement: int
        author_followers: int

        def apply(self, case: Any) -> None:
            case.engagement, case.author_followers = self.engagement, self.author_followers

    def update_engagement(self, engagement: int, followers: int, by: str) -> bool:
        """The post's public engagement and its author's reach (they only grow); True if the
        priority changed."""
        self._active()
        case: Any = self
        engagement = max(engagement, case.engagement)
        followers = max(followers, case.author_followers)
        if (engagement, followers) != (case.engagement, case.author_followers):
            self.trigger_event(type(self).EngagementUpdated, engagement=engagement,
                               author_followers=followers)
        return self._recompute_priority(by)

    class CustomerClassified(Aggregate.Event):
        customer_tier: str
        segments: list[str]

        def apply(self, case: Any) -> None:
            case.customer_tier, case.segments = self.customer_tier, self.segments

    def classify_customer(self, tier: str, segments: list[str], by: str) -> bool:
        """identity reclassified the customer; True if something changed."""
        case: Any = self
        if case.merged_into is not None or case.status is Status.CLOSED or (
                tier, sorted(segments)) == (case.customer_tier, sorted(case.segments)):
            return False
        self.trigger_event(type(self).CustomerClassified, customer_tier=tier,
                           segments=sorted(segments))
        self._recompute_priority(by)
        return True
