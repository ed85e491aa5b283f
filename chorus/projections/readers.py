"""What reads a service's own log: read models (projections) and policies.

Both declare their handlers with `@on(EventType)` (chorus/handlers.py) and are run by a
`ProjectionRunner`, each event handled in the transaction that records the reader's tracking
position. A projection only writes its read-model tables; a policy reacts by recording new
events (`ctx.save`), e.g. ideas' feedback to contributors.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Protocol

from chorus.db import Conn
from chorus.eventstore.store import MAIN
from chorus.handlers import Handlers


class Progress(Protocol):
    """How far a running reader got (its runner)."""

    async def wait_for(self, min_position: int, timeout: float) -> None: ...  # noqa: ASYNC109

    @property
    def known(self) -> int:
        """A position the read model is known to have reached (without asking the database):
        what it reflects now is at least that."""

    @property
    def exact(self) -> int:
        """The position up to which this process made or saw every change to the read model
        (-1 before its first round)."""


class ReadModel(Handlers):
    """Tables a service keeps for its queries, in one of its stores."""

    store: ClassVar[str] = MAIN  # the store whose database holds the tables

    async def setup(self, conn: Conn) -> None:
        """Creates the tables if missing (run before the service serves)."""


class LogReader(ReadModel):
    """Follows the service's own log (the store named by `store`) from a tracked position."""

    name: ClassVar[str]
    # Personal fields arrive still encrypted under the data subject's key, and are kept so:
    # erasing the subject then erases them from the read model too (privacy/fields.py).
    sealed: ClassVar[bool] = False
    records_events: ClassVar[bool] = False
    tables: Sequence[str] = ()  # emptied by a rebuild (schema-qualified)
    _runner: Progress | None = None

    def bind(self, runner: Progress) -> None:
        self._runner = runner

    def committed(self, events: list[Any]) -> None:
        """Called in-process after a batch committed (e.g. to refresh a cache)."""

    def changed_elsewhere(self) -> None:
        """Called in-process when the runner finds that the read model changed without it
        (another replica handled batches, or it was rebuilt): caches of it must be dropped."""

    @property
    def exact_position(self) -> int:
        """A cache of this read model's rows that `committed` and `changed_elsewhere` keep up
        to date answers a `min_position` up to this exactly (-1 before its runner's first
        round: nothing)."""
        return self._runner.exact if self._runner is not None else -1

    @property
    def known_position(self) -> int:
        """A position this read model has reached for sure (0 before its runner started):
        a cache of its rows read now can answer a `min_position` up to it."""
        return self._runner.known if self._runner is not None else 0

    async def caught_up(self, min_position: int, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Read-your-writes: returns once this reader has handled the log up to
        `min_position`; a position beyond the log's head is refused at once."""
        if self._runner is None:
            raise RuntimeError(f"{self.name} is not running")
        await self._runner.wait_for(min_position, timeout)


class Projection(LogReader):
    """A read model fed by the service's own events."""


class Policy(LogReader):
    """A reaction to the service's own events that records new events, in the same
    transaction as its tracking: replica-safe (a batch another replica handled first is
    rolled back whole) and replay-safe when it derives its new aggregates' ids from their
    cause (`ctx.unused`)."""

    records_events = True
