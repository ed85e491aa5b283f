"""Composition root of ideas."""

from __future__ import annotations

from chorus.grpc.server import Api
from chorus.ideas.v1 import ideas_pb2_grpc as grpc_api
from chorus.privacy import erasure
from chorus.projections.customer_replica import CustomerReplica
from chorus.runtime import Runtime, ServiceSpec, serve
from services.ideas.api import IdeasApi
from services.ideas.consumers import CONSUMERS
from services.ideas.projections import PROJECTIONS

NAME = "ideas"


def spec() -> ServiceSpec:
    def apis(rt: Runtime) -> list[Api]:
        servicer = IdeasApi(rt, CustomerReplica(rt.schema))
        return [Api(grpc_api.add_IdeasServiceServicer_to_server, servicer,
                    "chorus.ideas.v1.IdeasService")]

    async def setup(rt: Runtime) -> None:
        await CustomerReplica(rt.schema).create(rt.pool)

    return ServiceSpec(name=NAME, apis=apis, projections=lambda rt: PROJECTIONS,
                       consumers=CONSUMERS, setup=setup,
                       translate=lambda event, record: erasure.to_integration(event))


if __name__ == "__main__":
    serve(spec())
