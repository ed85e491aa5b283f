"""Container health probe: `python -m chorus.grpc.healthcheck` exits 0 when the service on
CHORUS_GRPC_LISTEN reports SERVING (TLS when CHORUS_GRPC_TLS_CERT_FILE is set)."""

from __future__ import annotations

import sys
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from chorus.config import env


def main() -> int:
    listen = env("CHORUS_GRPC_LISTEN") or "0.0.0.0:50051"
    target = "127.0.0.1:" + listen.rsplit(":", 1)[1]
    cert = env("CHORUS_GRPC_TLS_CERT_FILE")
    if cert:
        # The dev certificate is self-signed: it is its own root.
        creds = grpc.ssl_channel_credentials(root_certificates=Path(cert).read_bytes())
        channel = grpc.secure_channel(target, creds, options=[
            ("grpc.ssl_target_name_override", "localhost")])
    else:
        channel = grpc.insecure_channel(target)
    try:
        reply = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(), timeout=3)
    except grpc.RpcError as e:
        print(f"unhealthy: {e.code().name}", file=sys.stderr)
        return 1
    return 0 if reply.status == health_pb2.HealthCheckResponse.SERVING else 1


if __name__ == "__main__":
    sys.exit(main())
