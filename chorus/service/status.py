"""The OperationsService every service serves (mounted by the runtime): health, each
background part's state and backlog, dead letters waiting. For `chorus status`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from chorus.auth.principal import Role
from chorus.grpc.server import Api
from chorus.ops.v1 import ops_pb2 as pb
from chorus.ops.v1 import ops_pb2_grpc as pb_grpc
from chorus.supervision import Supervisor

ROLES = {"GetStatus": (Role.ADMIN,)}


class OperationsApi(pb_grpc.OperationsServiceServicer):  # type: ignore[misc]
    def __init__(self, service: str, supervisor: Supervisor,
                 lags: Callable[[], Awaitable[dict[str, int]]], pool: asyncpg.Pool,
                 schema: str) -> None:
        self.service, self.supervisor, self.lags = service, supervisor, lags
        self.pool, self.schema = pool, schema

    async def GetStatus(self, request: pb.GetStatusRequest, context: Any) -> pb.GetStatusResponse:
        try:
            lags = await self.lags()
        except Exception:  # NATS or the database away: the parts say so
            lags = {}
        waiting = await self.pool.fetchval(
            f"SELECT count(*) FROM {self.schema}.dead_letters WHERE replayed_at IS NULL")
        return pb.GetStatusResponse(
            service=self.service, serving=self.supervisor.healthy, dead_letters=waiting,
            parts=[pb.Part(name=c.name, up=c.up, lag=max(0, lags.get(c.name, 0)),
                           restarts=c.restarts, last_error=c.last_error[:500])
                   for c in sorted(self.supervisor.components.values(), key=lambda c: c.name)])


def operations_api(service: str, supervisor: Supervisor,
                   lags: Callable[[], Awaitable[dict[str, int]]], pool: asyncpg.Pool,
                   schema: str) -> Api:
    return Api(pb_grpc.add_OperationsServiceServicer_to_server,
               OperationsApi(service, supervisor, lags, pool, schema),
               "chorus.ops.v1.OperationsService", ROLES)
