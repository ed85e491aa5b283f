"""How a reader's handlers are dispatched: one by one with `@on`, by runs with `@on_many`,
always in the log's order."""

from __future__ import annotations

from typing import Any

from chorus.handlers import Context, Handlers, on, on_many


class Voted:
    def __init__(self, n: int) -> None:
        self.n = n


class Commented(Voted):
    pass


class Other:
    pass


class Reader(Handlers):
    def __init__(self) -> None:
        self.calls: list[tuple[str, list[int]]] = []

    @on(Voted)
    async def voted(self, ctx: Any, event: Voted) -> None:
        self.calls.append(("one", [event.n]))

    @on_many(Commented)
    async def commented(self, items: list[tuple[Any, Commented]]) -> None:
        self.calls.append(("run", [e.n for _, e in items]))


def ctx() -> Context:
    return Context(conn=None, tenant="t", at=None, cause_id="")  # type: ignore[arg-type]


async def test_runs_of_a_type_with_a_run_handler_come_together_in_the_logs_order() -> None:
    reader = Reader()
    log = [Commented(1), Commented(2), Voted(3), Commented(4), Voted(5), Voted(6),
           Commented(7), Commented(8), Commented(9)]
    await reader.handle_run([(ctx(), e) for e in log])
    assert reader.calls == [("run", [1, 2]), ("one", [3]), ("run", [4]), ("one", [5]),
                            ("one", [6]), ("run", [7, 8, 9])]
    assert set(Reader.handled_types()) == {Voted, Commented}


async def test_one_event_goes_to_its_run_handler_and_unknown_ones_are_refused() -> None:
    reader = Reader()
    assert await reader.handle(ctx(), Commented(1))
    assert not await reader.handle(ctx(), Other())
    assert reader.calls == [("run", [1])]


class Shared:
    def __init__(self, n: int) -> None:
        self.n = n


class Mixed(Handlers):
    def __init__(self) -> None:
        self.calls: list[list[tuple[str, int]]] = []

    @on_many(Commented, Shared)
    async def either(self, items: list[tuple[Any, Any]]) -> None:
        self.calls.append([(type(e).__name__, e.n) for _, e in items])

    @on(Voted)
    async def voted(self, ctx: Any, event: Voted) -> None:
        self.calls.append([("Voted", event.n)])


async def test_a_run_handler_of_several_types_gets_them_mixed_in_the_logs_order() -> None:
    reader = Mixed()
    log = [Commented(1), Shared(2), Commented(3), Voted(4), Shared(5)]
    await reader.handle_run([(ctx(), e) for e in log])
    assert reader.calls == [[("Commented", 1), ("Shared", 2), ("Commented", 3)],
                            [("Voted", 4)], [("Shared", 5)]]
