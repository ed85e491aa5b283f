"""A small aggregate the kernel's reader tests record and project."""

from __future__ import annotations

from eventsourcing.domain import Aggregate, event


class Idea(Aggregate):
    @event("Submitted")
    def __init__(self, title: str) -> None:
        self.title = title

    @event("Retitled")
    def retitle(self, title: str) -> None:
        self.title = title
