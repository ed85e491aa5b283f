"""A service's gRPC server: its APIs plus health and reflection, TLS optional, graceful stop."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import descriptor_pool
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from chorus.auth.principal import Role
from chorus.auth.tokens import TokenVerifier
from chorus.grpc.interceptor import KernelInterceptor
from chorus.quotas import Quotas

Roles = Mapping[str, Sequence[Role]]
LIVENESS = "chorus.liveness"


@dataclass(frozen=True)
class Api:
    """One gRPC service: its generated `add_..._to_server`, its servicer, its full name and
    its role table (RPC name -> the roles that may call it)."""

    add_to_server: Callable[[Any, grpc.aio.Server], None]
    servicer: Any
    full_name: str
    roles: Roles

    def role_table(self) -> dict[str, Sequence[Role]]:
        """The table keyed by full method path; an RPC the table does not name is refused
        here, at startup, rather than left open or closed by accident."""
        service = descriptor_pool.Default().FindServiceByName(self.full_name)
        missing = [m.name for m in service.methods if m.name not in self.roles]
        unknown = set(self.roles) - {m.name for m in service.methods}
        if missing or unknown:
            raise ValueError(f"role table of {self.full_name}: no roles for {missing},"
                             f" no such RPC {sorted(unknown)}")
        return {f"/{self.full_name}/{name}": roles for name, roles in self.roles.items()}


@dataclass(frozen=True)
class TlsFiles:
    cert: Path
    key: Path
    client_ca: Path | None = None  # set to require client certificates (mTLS)


class GrpcServer:
    def __init__(self, apis: list[Api], verifier: TokenVerifier, *, listen: str,
                 max_message_bytes: int = 4 * 1024 * 1024, tls: TlsFiles | None = None,
                 quotas: Quotas | None = None, health_listen: str | None = None) -> None:
        options = [("grpc.max_receive_message_length", max_message_bytes),
                   ("grpc.max_send_message_length", max_message_bytes)]
        roles = {method: allowed for api in apis for method, allowed in api.role_table().items()}
        self.server = grpc.aio.server(interceptors=[KernelInterceptor(verifier, roles, quotas)],
                                      options=options)
        self.health = health.aio.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.server)
        for api in apis:
            api.add_to_server(api.servicer, self.server)
        self.names = [a.full_name for a in apis]
        # Health alone, in plain text, for probes that cannot speak TLS (Kubernetes' gRPC
        # probes): the same statuses as on the API port.
        self.health_server: grpc.aio.Server | None = None
        self.health_port: int | None = None
        if health_listen:
            self.health_server = grpc.aio.server()
            health_pb2_grpc.add_HealthServicer_to_server(self.health, self.health_server)
            self.health_port = self.health_server.add_insecure_port(health_listen)
        reflection.enable_server_reflection(
            [*self.names, health.SERVICE_NAME, reflection.SERVICE_NAME], self.server)
        if tls is None:
            self.port = self.server.add_insecure_port(listen)
        else:
            creds = grpc.ssl_server_credentials(
                [(tls.key.read_bytes(), tls.cert.read_bytes())],
                root_certificates=tls.client_ca.read_bytes() if tls.client_ca else None,
                require_client_auth=tls.client_ca is not None)
            self.port = self.server.add_secure_port(listen, creds)

    async def start(self) -> None:
        await self.server.start()
        if self.health_server is not None:
            await self.health_server.start()
        # The process answers: what a liveness probe asks (a database outage makes the
        # service NOT_SERVING, which must take it out of rotation, not restart it).
        await self.health.set(LIVENESS, health_pb2.HealthCheckResponse.SERVING)
        await self.set_serving(True)

    async def set_serving(self, serving: bool) -> None:
        """SERVING or NOT_SERVING for the whole server and each of its services."""
        status = health_pb2.HealthCheckResponse.SERVING if serving else \
            health_pb2.HealthCheckResponse.NOT_SERVING
        for name in ["", *self.names]:
            await self.health.set(name, status)

    async def stop(self, grace: float) -> None:
        """Reports NOT_SERVING, refuses new calls, and lets in-flight calls finish."""
        await self.health.enter_graceful_shutdown()
        await self.server.stop(grace)
        if self.health_server is not None:
            await self.health_server.stop(0)
