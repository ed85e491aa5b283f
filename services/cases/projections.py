"""Read models of cases fed by its own events (none yet)."""

from __future__ import annotations

from chorus.projections.runner import Projection

PROJECTIONS: list[Projection] = []
