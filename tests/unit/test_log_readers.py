"""What a process's readers share about their log: the records read last (served again only
as an unbroken run of positions), and word that the log grew."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from chorus.eventstore import news as news_module
from chorus.eventstore.news import LogNews
from chorus.eventstore.recent import RecentRecords
from chorus.messaging.relay import Pace


@dataclass(frozen=True)
class Record:
    position: int


def test_only_a_run_of_consecutive_positions_is_served_and_the_oldest_are_forgotten() -> None:
    recent: RecentRecords[Record] = RecentRecords(size=5)
    recent.keep([Record(p) for p in (1, 2, 3, 5)])
    assert [r.position for r in recent.after(0, 10)] == [1, 2, 3]  # a hole at 4: stop
    assert [r.position for r in recent.after(1, 1)] == [2]
    assert recent.after(3, 10) == []  # 4 was never read: the caller must read the log
    recent.keep([Record(p) for p in (6, 7, 8)])
    assert sorted(recent.by_position) == [3, 5, 6, 7, 8]  # at most 5, the oldest gone
    assert [r.position for r in recent.after(4, 10)] == [5, 6, 7, 8]


@dataclass(frozen=True)
class Stored:
    position: int
    state: bytes


def test_records_are_also_forgotten_beyond_a_budget_of_bytes() -> None:
    recent: RecentRecords[Stored] = RecentRecords(size=100, max_bytes=3 * (700 + 300))
    recent.keep([Stored(p, b"x" * 700) for p in range(1, 6)])
    assert sorted(recent.by_position) == [3, 4, 5]  # three fit in the budget
    recent.keep([Stored(5, b"x" * 700)])  # read again: counted once
    assert recent.bytes == 3000 and sorted(recent.by_position) == [3, 4, 5]
    recent.keep([Stored(6, b"x" * 2700)])  # one large record takes the room of three
    assert sorted(recent.by_position) == [6]


def test_records_leave_once_nobody_read_them_for_a_while() -> None:
    now = [0.0]
    recent: RecentRecords[Record] = RecentRecords(size=100, max_age_s=5.0,
                                                  clock=lambda: now[0])
    recent.keep([Record(p) for p in (1, 2, 3)])
    now[0] = 3.0
    recent.keep([Record(p) for p in (3, 4, 5)])  # 3 read again: still as old as its first
    now[0] = 4.9
    recent.forget_old()
    assert sorted(recent.by_position) == [1, 2, 3, 4, 5]
    now[0] = 5.0
    recent.forget_old()
    assert sorted(recent.by_position) == [4, 5] and recent.bytes == 2 * 300
    now[0] = 8.0
    recent.forget_old()
    assert recent.by_position == {} and recent.bytes == 0


def test_events_decoded_from_held_records_are_shared_and_leave_with_them() -> None:
    recent: RecentRecords[Record] = RecentRecords(size=3, max_decoded=2)
    held = recent.keep([Record(p) for p in (1, 2, 3)])
    recent.share_decoded(held[0], "one")
    recent.share_decoded(Record(2), "a copy")  # not the record held: nothing is kept
    assert recent.decoded_of(held[0]) == "one" and recent.decoded_of(held[1]) is None
    assert recent.decoded_of(Record(1)) is None  # only for the very record held
    recent.share_decoded(held[1], "two")
    recent.share_decoded(held[2], "three")  # at most two: the first shared leaves
    assert recent.decoded == {2: "two", 3: "three"}
    recent.keep([Record(4)])  # record 1 leaves, and then 2 with its event
    recent.keep([Record(5)])
    assert recent.decoded == {3: "three"}


async def test_a_quiet_process_lets_go_of_what_its_readers_read() -> None:
    recent: RecentRecords[Record] = RecentRecords(size=100, max_age_s=0.05)
    recent.keep([Record(p) for p in (1, 2, 3)])
    assert len(recent.after(0, 10)) == 3
    await asyncio.sleep(0.25)  # nobody reads any more: they leave on their own
    assert recent.by_position == {} and recent.bytes == 0


async def test_readers_wake_when_the_log_grows_and_never_miss_a_growth() -> None:
    news = LogNews()
    told = news.told
    waiting = asyncio.ensure_future(news.wait(5.0, told))
    await asyncio.sleep(0.01)
    assert not waiting.done()  # nothing new yet: the reader idles
    news.announce()
    assert await asyncio.wait_for(waiting, 1.0)  # woken, not timed out
    news.announce()  # grew while the reader was reading: it does not wait at all
    assert await asyncio.wait_for(news.wait(5.0, told), 0.1)
    assert not await news.wait(0.05, news.told)  # nothing new: time to poll


async def test_a_reader_gathers_a_busy_process_appends_and_never_a_quiet_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(news_module, "GATHER_S", 5.0)  # only appends or a hurry end it here
    news = LogNews()
    told = news.told
    quiet = asyncio.ensure_future(news.gather(told))
    await asyncio.sleep(0)
    assert quiet.done()  # nothing appended during the round: the next round starts now

    news.announce()  # appended while the reader's round ran: the process is busy
    busy = asyncio.ensure_future(news.gather(told))
    await asyncio.sleep(0)
    for _ in range(news_module.GATHER_APPENDS - 2):
        news.announce()
    await asyncio.sleep(0)
    assert not busy.done()  # one append short of a batch's worth since the round began
    news.announce()
    await asyncio.wait_for(busy, 1.0)
    await asyncio.wait_for(news.gather(told), 0.1)  # a batch's worth came during the round

    told = news.told
    news.announce()
    hurry: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    hurried = asyncio.ensure_future(news.gather(told, hurry))
    await asyncio.sleep(0)
    assert not hurried.done()
    hurry.set_result(None)  # a read waits for this reader's position
    await asyncio.wait_for(hurried, 1.0)

    monkeypatch.setattr(news_module, "GATHER_S", 0.01)
    await asyncio.wait_for(news.gather(told), 1.0)  # no more appends: time is up
    assert news._gathering == []  # nothing left behind to be woken


def test_the_relay_gathers_an_atomic_batch_only_when_messages_come_fast_enough() -> None:
    pace = Pace()
    assert not pace.fills_a_batch()  # a relay that has not run yet never waits
    t = 0.0
    for _ in range(20):  # 10 messages every 50 ms: 200/s, not a batch's worth in GATHER_S
        t += 0.05
        pace.round(10, t)
    assert pace.rate == pytest.approx(200, rel=0.01)
    assert not pace.fills_a_batch()
    for _ in range(20):  # 20 every 50 ms: 400/s
        t += 0.05
        pace.round(20, t)
    assert pace.rate == pytest.approx(400, rel=0.01)
    assert pace.fills_a_batch()
    for _ in range(2):  # the load stops: idle rounds every 200 ms
        t += 0.2
        pace.round(0, t)
    assert not pace.fills_a_batch()  # quiet again: integration events leave at once
