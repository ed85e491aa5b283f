"""gRPC over TLS and mutual TLS with the certificates `chorus dev-certs` writes."""

from __future__ import annotations

from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from chorus.auth.tokens import TokenVerifier
from chorus.devstack.compose_env import write_dev_certs
from chorus.devstack.ports import free_port
from chorus.grpc.server import GrpcServer, TlsFiles


async def check(target: str, creds: grpc.ChannelCredentials | None) -> int:
    channel = grpc.aio.secure_channel(target, creds) if creds else \
        grpc.aio.insecure_channel(target)
    async with channel:
        reply = await health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(), timeout=3)
        return int(reply.status)


@pytest.mark.parametrize("mutual", [False, True])
async def test_tls_and_mutual_tls(tmp_path: Path, mutual: bool) -> None:
    write_dev_certs(tmp_path)
    cert, key = tmp_path / "server.pem", tmp_path / "server-key.pem"
    port = free_port()
    server = GrpcServer([], TokenVerifier("s" * 32, ("HS256",)), listen=f"127.0.0.1:{port}",
                        tls=TlsFiles(cert, key, client_ca=cert if mutual else None))
    await server.start()
    try:
        target = f"localhost:{port}"
        client_cert = dict(private_key=key.read_bytes(), certificate_chain=cert.read_bytes())
        creds = grpc.ssl_channel_credentials(root_certificates=cert.read_bytes(),
                                             **(client_cert if mutual else {}))
        assert await check(target, creds) == health_pb2.HealthCheckResponse.SERVING
        with pytest.raises(grpc.aio.AioRpcError):
            await check(target, None)  # plaintext is refused
        if mutual:
            anonymous = grpc.ssl_channel_credentials(root_certificates=cert.read_bytes())
            with pytest.raises(grpc.aio.AioRpcError):
                await check(target, anonymous)  # no client certificate
    finally:
        await server.stop(1)


async def test_probes_reach_health_in_plain_text_beside_a_tls_api(tmp_path: Path) -> None:
    """Kubernetes' gRPC probes cannot speak TLS: health alone is served on its own port."""
    from chorus.grpc.server import LIVENESS

    write_dev_certs(tmp_path)
    cert, key = tmp_path / "server.pem", tmp_path / "server-key.pem"
    server = GrpcServer([], TokenVerifier("s" * 32, ("HS256",)),
                        listen=f"127.0.0.1:{free_port()}", tls=TlsFiles(cert, key),
                        health_listen=f"127.0.0.1:{free_port()}")
    await server.start()
    try:
        probe = f"127.0.0.1:{server.health_port}"
        assert await check(probe, None) == health_pb2.HealthCheckResponse.SERVING
        await server.set_serving(False)  # e.g. the database is down
        assert await check(probe, None) == health_pb2.HealthCheckResponse.NOT_SERVING
        async with grpc.aio.insecure_channel(probe) as channel:
            alive = await health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=LIVENESS), timeout=3)
        assert alive.status == health_pb2.HealthCheckResponse.SERVING, "not to be restarted"
    finally:
        await server.stop(1)
