"""One interceptor for every call: authenticate the bearer token, authorise the caller by the
service's role table, admit the call within its tenant's and caller's quotas, run the handler
with the caller as the current principal, and turn errors into proper statuses."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any

import grpc

from chorus.auth.principal import (
    Role,
    Unauthenticated,
    allow,
    reset_principal,
    set_principal,
    set_purpose,
)
from chorus.auth.tokens import TokenVerifier
from chorus.batching import Serving
from chorus.grpc.errors import status_for
from chorus.quotas import Limiter, Quotas
from chorus.telemetry.metrics import commands

log = logging.getLogger(__name__)
PUBLIC_PREFIXES = ("/grpc.health.v1.Health/", "/grpc.reflection.")


async def _abort(context: grpc.aio.ServicerContext[Any, Any], exc: BaseException,
                 method: str) -> None:
    status = status_for(exc)
    commands.add(1, {"rpc.method": method,
                     "rpc.grpc.status_code": status.code.name if status else "INTERNAL"})
    if status is None:
        log.exception("unhandled error in %s", type(exc).__name__, exc_info=exc)
        await context.abort(grpc.StatusCode.INTERNAL, "internal error")
    else:
        if status.code == grpc.StatusCode.UNAVAILABLE:
            log.warning("%s unavailable: %s: %s", method, type(exc).__name__, exc)
        await context.abort(status.code, status.details, status.trailing_metadata)


class KernelInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    def __init__(self, verifier: TokenVerifier,
                 roles: Mapping[str, Sequence[Role]], quotas: Quotas | None = None) -> None:
        self.verifier = verifier
        self.roles = roles
        self.limiter = Limiter(quotas or Quotas())

    def _principal(self, details: grpc.HandlerCallDetails) -> Any:
        metadata = dict(details.invocation_metadata or ())
        if "x-chorus-purpose" in metadata:
            set_purpose(str(metadata["x-chorus-purpose"])[:64])
        if "authorization" not in metadata:
            raise Unauthenticated("missing bearer token")
        scheme, _, token = str(metadata["authorization"]).partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Unauthenticated("authorization must be 'Bearer <token>'")
        # An RPC the role table does not name: nobody.
        return allow(self.verifier.verify(token), self.roles.get(details.method, ()))

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(details)
        method = details.method
        if handler is None or method.startswith(PUBLIC_PREFIXES):
            return handler

        def authenticate() -> Any:
            return self._principal(details)

        async def answered(inner: Any, request: Any,
                           context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            """One reply to a request (unary) or to a stream of them (upload)."""
            Serving.calls += 1  # shared calls gather the requests served (batching.py)
            try:
                principal = authenticate()
                token = set_principal(principal)
                try:
                    with self.limiter.admit(principal.tenant, principal.subject):
                        reply = await inner(request, context)
                finally:
                    reset_principal(token)
            except Exception as e:
                await _abort(context, e, method)
            finally:
                Serving.calls -= 1
            commands.add(1, {"rpc.method": method, "rpc.grpc.status_code": "OK"})
            return reply

        if handler.unary_unary:
            inner = handler.unary_unary

            async def unary(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
                return await answered(inner, request, context)

            return grpc.unary_unary_rpc_method_handler(
                unary, request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer)
        if handler.stream_unary:
            inner_upload = handler.stream_unary

            async def upload(requests: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
                return await answered(inner_upload, requests, context)

            return grpc.stream_unary_rpc_method_handler(
                upload, request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer)
        def streamed(inner: Any) -> Any:
            """Replies streamed to a request (download) or to a stream of them (both ways)."""
            async def stream(request: Any,
                             context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[Any]:
                try:
                    principal = authenticate()
                    token = set_principal(principal)
                    try:
                        with self.limiter.admit(principal.tenant, principal.subject):
                            async for item in inner(request, context):
                                yield item
                    finally:
                        reset_principal(token)
                except Exception as e:
                    await _abort(context, e, method)
            return stream

        if handler.unary_stream:
            return grpc.unary_stream_rpc_method_handler(
                streamed(handler.unary_stream), request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer)
        if handler.stream_stream:
            return grpc.stream_stream_rpc_method_handler(
                streamed(handler.stream_stream),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer)
        return handler
