"""Composition root of reputation."""

from __future__ import annotations

from chorus.grpc.server import Api
from chorus.privacy import erasure
from chorus.projections.customer_replica import CustomerReplica
from chorus.reputation.v1 import reputation_pb2_grpc as grpc_api
from chorus.runtime import Runtime, ServiceSpec, serve
from services.reputation.api import ReputationApi
from services.reputation.consumers import CONSUMERS
from services.reputation.projections import PROJECTIONS

NAME = "reputation"


def spec() -> ServiceSpec:
    def apis(rt: Runtime) -> list[Api]:
        servicer = ReputationApi(rt, CustomerReplica(rt.schema))
        return [Api(grpc_api.add_ReputationServiceServicer_to_server, servicer,
                    "chorus.reputation.v1.ReputationService")]

    async def setup(rt: Runtime) -> None:
        await CustomerReplica(rt.schema).create(rt.pool)

    return ServiceSpec(name=NAME, apis=apis, projections=lambda rt: PROJECTIONS,
                       consumers=CONSUMERS, setup=setup,
                       translate=lambda event, record: erasure.to_integration(event))


if __name__ == "__main__":
    serve(spec())
