"""The service test tier: one service's runtime in-process, on the test PostgreSQL and a NATS
of this tier's own, its servicer called directly (no gRPC transport, no process) with the
same role table and error mapping the kernel applies to real calls."""

from __future__ import annotations

import dataclasses
import inspect
import os
from collections.abc import Iterable
from typing import Any

import grpc
from google.protobuf.message import Message

from chorus.audit.signing import SealKey
from chorus.auth.principal import Principal, Role, allow, reset_principal, set_principal
from chorus.config import ServiceConfig
from chorus.devstack.ports import free_port
from chorus.grpc.errors import status_for
from chorus.grpc.server import Api
from chorus.quotas import Quotas
from chorus.service.runtime import Runtime
from chorus.service.spec import ServiceSpec, StoreConfig
from tests.servers import fresh_schema


class Refused(Exception):
    """A call the service answered with an error status."""

    def __init__(self, code: grpc.StatusCode, details: str) -> None:
        super().__init__(f"{code.name}: {details}")
        self.code, self.details = code, details


def config(service: str, database_url: str, nats_url: str, schema: str) -> ServiceConfig:
    return ServiceConfig(
        service=service, database_url=database_url, schema=schema, pool_size=10,
        nats_servers=[nats_url], nats_creds_file=None, nats_user=None, nats_password=None,
        nats_replicas=1, grpc_listen=f"127.0.0.1:{free_port()}",
        grpc_max_message_bytes=4 << 20, tls_cert=None, tls_key=None, tls_client_ca=None,
        shutdown_grace_s=1, jwt_secret="service-tier-secret-of-32-bytes-at-least",
        jwt_public_key=None, jwt_issuer=None, master_key=os.urandom(32),
        seal_key_b64=SealKey.generate().to_b64(), seal_interval_s=60)


class Harness:
    def __init__(self, spec: ServiceSpec, database_url: str, nats_url: str,
                 quotas: Quotas | None = None) -> None:
        self.spec, self.schema = spec, fresh_schema()
        self.extra = {store: StoreConfig(database_url, f"{self.schema}_{store}", os.urandom(32))
                      for store in spec.entry.extra_stores}
        self.config = dataclasses.replace(config(spec.name, database_url, nats_url, self.schema),
                                          quotas=quotas or Quotas())
        self.runtime = Runtime(spec, self.config, self.extra)

    def replica(self) -> Runtime:
        """Another runtime of the same service on the same stores (another replica, or the
        same service restarted): same keys, its own gRPC port."""
        return Runtime(self.spec, dataclasses.replace(
            self.config, grpc_listen=f"127.0.0.1:{free_port()}"), self.extra)

    async def __aenter__(self) -> Harness:
        await self.runtime.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.runtime.stop()

    async def events_of(self, tenant: str) -> int:
        """Events recorded for the tenant in every store of the service."""
        total = 0
        for store in self.runtime.stores.values():
            total += await store.recorder.pool.fetchval(
                f"SELECT count(*) FROM {store.recorder.schema}.events WHERE tenant = $1",
                tenant)
        return int(total)

    @property
    def api(self) -> Api:
        (api,) = self.runtime.service.apis
        return api

    async def call(self, method: str, request: Message, *roles: str, tenant: str = "acme",
                   subject: str = "tester", runtime: Runtime | None = None,
                   take: int | None = None) -> Any:
        """Calls an RPC as a caller with these roles (on `runtime`, another replica, if given);
        a stream's replies come as a list (its first `take` ones, for an endless stream)."""
        principal = Principal(subject, tenant, frozenset(Role(r) for r in roles))
        running = runtime or self.runtime
        # The service's own API, or the AuditService the kernel mounts beside it.
        (api,) = [a for a in [*running.service.apis, running.audit] if method in a.roles]
        token = set_principal(principal)
        try:
            allow(principal, api.roles[method])
            if isinstance(request, list):  # a client stream
                reply = getattr(api.servicer, method)(_stream(request), None)
            else:
                reply = getattr(api.servicer, method)(request, None)
            if inspect.isasyncgen(reply):
                items = []
                async for item in reply:
                    items.append(item)
                    if len(items) == take:
                        await reply.aclose()
                        break
                return items
            return await reply
        except Exception as e:
            status = status_for(e)
            if status is None:
                raise  # a bug: the test fails with the real traceback, not INTERNAL
            raise Refused(status.code, str(e)) from e
        finally:
            reset_principal(token)

    async def refused(self, method: str, request: Message, *roles: str,
                      **caller: str) -> Refused:
        try:
            await self.call(method, request, *roles, **caller)
        except Refused as e:
            return e
        raise AssertionError(f"{method} succeeded")


async def _stream(requests: list[Message]) -> Any:
    for request in requests:
        yield request


def field_names(refused: Refused) -> set[str]:
    """The fields named by an INVALID_ARGUMENT."""
    cause = refused.__cause__
    violations: Iterable[Any] = getattr(cause, "violations", ())
    return {v.field for v in violations}
