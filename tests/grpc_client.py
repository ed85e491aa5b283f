"""Helpers for calling the services over real gRPC in tests."""

from __future__ import annotations

from typing import Any

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status


def bearer(token: str) -> list[tuple[str, str]]:
    return [("authorization", f"Bearer {token}")]


def field_violations(err: grpc.aio.AioRpcError) -> dict[str, str]:
    status = rpc_status.from_call(err)  # type: ignore[arg-type]
    assert status is not None, "no rich status attached"
    found: dict[str, str] = {}
    for detail in status.details:
        bad = error_details_pb2.BadRequest()
        if detail.Unpack(bad):
            found.update({v.field: v.description for v in bad.field_violations})
    return found


async def call_error(coro: Any) -> grpc.aio.AioRpcError:
    try:
        await coro
    except grpc.aio.AioRpcError as e:
        return e
    raise AssertionError("the call succeeded")


async def drain(stream: Any) -> None:
    """Reads a server stream to its end (so that its error, if any, is raised)."""
    async for _ in stream:
        pass
