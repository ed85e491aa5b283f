"""Keeps a service's background work running through outages of any length.

Each component (the relay, a projection, a consumer, the sealer, deadlines) is a coroutine
that runs until it fails. The supervisor restarts a failed component with exponential backoff
(with jitter, capped), and the component resumes from what it last committed (its position
or its tracking rows), so nothing is skipped and nothing is done twice. A component proves it
works by calling `beat()` after each successful round; between a failure and the next beat it
counts as down, and while any component is down the service reports NOT_SERVING: its gRPC
calls may still answer, but what it promises in the background (events published, read
models fresh) is not happening.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from opentelemetry import metrics
from opentelemetry.metrics import CallbackOptions, Observation

from chorus.outage import is_outage

log = logging.getLogger(__name__)
meter = metrics.get_meter("chorus")
restarts = meter.create_counter(
    "chorus.component.restarts", unit="{restart}",
    description="background components restarted after a failure, by service and component")

Work = Callable[["Heartbeat"], Awaitable[None]]
Listener = Callable[[bool], Coroutine[Any, Any, None]]


@dataclass
class ComponentState:
    name: str
    up: bool = True
    failures: int = 0  # consecutive, reset by a beat
    restarts: int = 0  # in all
    last_error: str = ""
    down_since: float | None = None


class Heartbeat:
    """Handed to a component: `beat()` after each round that worked."""

    def __init__(self, supervisor: Supervisor, name: str) -> None:
        self._supervisor, self._name = supervisor, name
        self.beats = 0

    def beat(self) -> None:
        self.beats += 1
        self._supervisor._up(self._name)


@dataclass
class Supervisor:
    service: str
    initial_backoff: float = 0.5
    max_backoff: float = 30.0
    clock: Callable[[], float] = time.monotonic
    components: dict[str, ComponentState] = field(default_factory=dict)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _listeners: list[Listener] = field(default_factory=list)
    _announcing: set[asyncio.Task[None]] = field(default_factory=set)
    _healthy: bool = True

    def __post_init__(self) -> None:
        meter.create_observable_gauge(
            "chorus.component.up", callbacks=[self._observe], unit="1",
            description="1 while a background component works, 0 while it is down")

    @property
    def healthy(self) -> bool:
        return all(c.up for c in self.components.values())

    def down(self) -> list[ComponentState]:
        return [c for c in self.components.values() if not c.up]

    def on_change(self, listener: Listener) -> None:
        """`listener(healthy)` is awaited each time the service's overall health flips."""
        self._listeners.append(listener)

    def spawn(self, name: str, work: Work) -> None:
        if name in self.components:
            raise ValueError(f"component {name} is already supervised")
        self.components[name] = ComponentState(name)
        task = asyncio.create_task(self._keep(name, work), name=f"{self.service}:{name}")
        self._tasks.append(task)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=5)

    async def _keep(self, name: str, work: Work) -> None:
        state = self.components[name]
        delay = self.initial_backoff
        while True:
            heartbeat = Heartbeat(self, name)
            try:
                await work(heartbeat)
                log.info("%s of %s finished", name, self.service)
                return
            except asyncio.CancelledError:
                raise
            except Exception as e:  # any failure: record it, back off, start again
                if heartbeat.beats:
                    delay = self.initial_backoff  # it had worked since the last failure
                self._failed(state, e, delay)
            await asyncio.sleep(delay * random.uniform(0.8, 1.2))
            delay = min(delay * 2, self.max_backoff)
            state.restarts += 1
            restarts.add(1, {"service": self.service, "component": name})

    def _failed(self, state: ComponentState, error: Exception, delay: float) -> None:
        state.failures += 1
        state.last_error = f"{type(error).__name__}: {error}"[:500]
        kind = "outage" if is_outage(error) else "failure"
        if state.up:
            state.up, state.down_since = False, self.clock()
            log.error("%s of %s is down (%s), retrying in %.1fs", state.name, self.service,
                      kind, delay, exc_info=error)
            self._flip()
        else:
            # The traceback was logged when it went down; keep later lines short.
            log.warning("%s of %s still down after %s attempts (%s: %s), retrying in %.1fs",
                        state.name, self.service, state.failures, kind, state.last_error,
                        delay)

    def _up(self, name: str) -> None:
        state = self.components[name]
        if state.up:
            return
        down_for = self.clock() - (state.down_since or self.clock())
        log.warning("%s of %s recovered after %.1fs and %s attempts", name, self.service,
                    down_for, state.failures)
        state.up, state.failures, state.down_since = True, 0, None
        self._flip()

    def _flip(self) -> None:
        healthy = self.healthy
        if healthy == self._healthy:
            return
        self._healthy = healthy
        for listener in self._listeners:
            task = asyncio.create_task(listener(healthy))
            self._announcing.add(task)  # a strong reference until it is done
            task.add_done_callback(self._announcing.discard)

    def _observe(self, options: CallbackOptions) -> list[Observation]:
        return [Observation(1 if c.up else 0, {"service": self.service, "component": c.name})
                for c in self.components.values()]
