"""How urgent a case is, from what is known of it: a public complaint with a growing audience
is urgent, one from a VIP customer too. Pure."""

from __future__ import annotations

from enum import StrEnum


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


ORDER = [Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT]
VIP_TIERS = frozenset({"vip", "gold", "platinum", "premium"})


def computed_priority(*, public: bool, customer_tier: str, segments: frozenset[str],
                      followers: int, engagement: int) -> Priority:
    """Points: public +1; VIP customer +2; author reach 10k +1, 100k +2; engagement of the post
    (likes + shares + comments) 100 +1, 1,000 +2, 10,000 +3. 0 -> normal, 2 -> high, 4 ->
    urgent. A public post nobody reacts to stays normal; 12,000 likes make it urgent."""
    points = int(public)
    if customer_tier.lower() in VIP_TIERS or "vip" in {s.lower() for s in segments}:
        points += 2
    points += 2 if followers >= 100_000 else 1 if followers >= 10_000 else 0
    points += 3 if engagement >= 10_000 else 2 if engagement >= 1_000 else \
        1 if engagement >= 100 else 0
    if points >= 4:
        return Priority.URGENT
    if points >= 2:
        return Priority.HIGH
    return Priority.NORMAL
