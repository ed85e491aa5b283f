"""Reactions of identity to other services' integration events (none yet)."""

from __future__ import annotations

from chorus.runtime import ConsumerSpec

CONSUMERS: list[ConsumerSpec] = []
