"""Hostile and careless callers: requests generated from the proto descriptors for every RPC
of every service and of the kernel's AuditService (hostile strings — NUL bytes, 100 kB text,
right-to-left marks, non-characters —, out-of-range numbers, unknown enum values, absurd
timestamps and durations), sent by a caller holding every staff role. Each call answers or
is refused with a precise status: never an unhandled error (INTERNAL) and never a hang, and a
refused call stores nothing (no partial write)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from typing import Any

import pytest
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from chorus.auth.principal import Role
from services.cases.main import SPEC as CASES
from services.ideas.main import SPEC as IDEAS
from services.identity.main import SPEC as IDENTITY
from services.reputation.main import SPEC as REPUTATION
from tests.servers import Servers
from tests.service.harness import Harness, Refused

HOSTILE = ["", "\x00", "a\x00b", "x" * 100_001, "\u202eevil\u202c", "é" * 5000, "🙂" * 50,
           "' OR 1=1 --", "../../etc/passwd", "\ufffe\uffff",
           "00000000-0000-0000-0000-000000000000", "not-a-uuid", " ", "\n\t",
           "https://example.org/" + "a" * 3000]
NUMBERS = [0, -1, 1, 2**31 - 1, -(2**31), 2**62, 7]
ENDLESS = {"WatchAlerts"}  # streams until the caller leaves: taken once, then left
EVERY_ROLE = tuple(r.value for r in Role if r is not Role.CUSTOMER)


def fill(message: Message, rnd: random.Random, depth: int = 0) -> Message:
    """Sets most fields of the message to hostile or absurd values."""
    d: Descriptor = message.DESCRIPTOR
    for f in d.fields:
        if rnd.random() < 0.25 or (f.message_type is not None and depth > 2):
            continue
        repeated = f.is_repeated
        values = [value(message, f, rnd, depth) for _ in range(rnd.choice((1, 2, 3)))]
        if f.message_type is not None and f.message_type.GetOptions().map_entry:
            continue  # maps: left empty
        if repeated:
            container = getattr(message, f.name)
            for v in values:
                if f.message_type is not None:
                    container.add().CopyFrom(v)
                else:
                    container.append(v)
        elif f.message_type is not None:
            getattr(message, f.name).CopyFrom(values[0])
        else:
            setattr(message, f.name, values[0])
    return message


def value(message: Message, f: FieldDescriptor, rnd: random.Random, depth: int) -> Any:
    if f.message_type is not None:
        if f.message_type.full_name == "google.protobuf.Timestamp":
            from google.protobuf.timestamp_pb2 import Timestamp
            return Timestamp(seconds=rnd.choice([0, -62135596800, 253402300799, 1_800_000_000,
                                                 1_700_000_000]), nanos=rnd.choice([0, 999]))
        if f.message_type.full_name == "google.protobuf.Duration":
            from google.protobuf.duration_pb2 import Duration
            return Duration(seconds=rnd.choice([0, -5, 1, 59, 86_400 * 365 * 100]))
        from google.protobuf import message_factory
        cls = message_factory.GetMessageClass(f.message_type)
        return fill(cls(), rnd, depth + 1)
    if f.type == f.TYPE_STRING:
        return rnd.choice(HOSTILE)
    if f.type == f.TYPE_BYTES:
        return rnd.choice([b"", b"\x00" * 10, bytes(range(256))])
    if f.type == f.TYPE_BOOL:
        return rnd.random() < 0.5
    if f.type == f.TYPE_ENUM:
        return rnd.choice([0, 1, 2, 99, -3])
    if f.type in (f.TYPE_DOUBLE, f.TYPE_FLOAT):
        return rnd.choice([0.0, -1.0, 1e308, float("nan"), float("inf"), 0.5])
    number = rnd.choice(NUMBERS)
    if f.type in (f.TYPE_UINT32, f.TYPE_UINT64, f.TYPE_FIXED32, f.TYPE_FIXED64):
        return abs(number)
    if f.type in (f.TYPE_INT32, f.TYPE_SINT32, f.TYPE_SFIXED32):
        return max(-(2**31), min(2**31 - 1, number))
    return number


@pytest.fixture(scope="module", params=[IDENTITY, CASES, IDEAS, REPUTATION],
                ids=lambda spec: spec.name)
async def service(request: pytest.FixtureRequest, stack: Servers,
                  tier_nats: str) -> AsyncIterator[Harness]:
    async with Harness(request.param, stack.database_url, tier_nats) as harness:
        yield harness


async def test_no_rpc_fails_with_an_unhandled_error_or_hangs(service: Harness) -> None:
    rnd = random.Random(f"hostile-{service.spec.name}")
    apis = [*service.runtime.service.apis, service.runtime.audit]
    calls = refused = 0
    for api in apis:
        for method in sorted(api.roles):
            request_type = _request_type(api, method)
            streamed = _client_streams(api, method)
            for _ in range(4):
                request = fill(request_type(), rnd)
                call = [request, fill(request_type(), rnd)] if streamed else request
                tenant = f"fuzz{calls}"  # a tenant of its own: what it stored is its alone
                try:
                    await asyncio.wait_for(service.call(
                        method, call, *EVERY_ROLE, tenant=tenant,
                        take=1 if method in ENDLESS else None),
                        timeout=5 if method in ENDLESS else 30)
                except Refused as e:
                    refused += 1
                    assert e.code.name != "INTERNAL", (method, request, e)
                    assert await service.events_of(tenant) == 0, \
                        f"{method} was refused ({e.code.name}) but stored events"
                except TimeoutError:
                    if method not in ENDLESS:
                        raise AssertionError(f"{method} hung on {request}") from None
                calls += 1
    assert calls > 50 and refused > 0, (calls, refused)


def _method(api: Any, name: str) -> Any:
    from google.protobuf import descriptor_pool

    return descriptor_pool.Default().FindServiceByName(api.full_name).FindMethodByName(name)


def _request_type(api: Any, name: str) -> type[Message]:
    from google.protobuf import message_factory

    return message_factory.GetMessageClass(_method(api, name).input_type)


def _client_streams(api: Any, name: str) -> bool:
    return bool(_method(api, name).client_streaming)
