"""Composition root of cases."""

from __future__ import annotations

from chorus.cases.v1 import cases_pb2_grpc as grpc_api
from chorus.grpc.server import Api
from chorus.privacy import erasure
from chorus.projections.customer_replica import CustomerReplica
from chorus.runtime import Runtime, ServiceSpec, serve
from services.cases.api import CasesApi
from services.cases.consumers import CONSUMERS
from services.cases.projections import PROJECTIONS

NAME = "cases"


def spec() -> ServiceSpec:
    def apis(rt: Runtime) -> list[Api]:
        servicer = CasesApi(rt, CustomerReplica(rt.schema))
        return [Api(grpc_api.add_CasesServiceServicer_to_server, servicer,
                    "chorus.cases.v1.CasesService")]

    async def setup(rt: Runtime) -> None:
        await CustomerReplica(rt.schema).create(rt.pool)

    return ServiceSpec(name=NAME, apis=apis, projections=lambda rt: PROJECTIONS,
                       consumers=CONSUMERS, setup=setup,
                       translate=lambda event, record: erasure.to_integration(event))


if __name__ == "__main__":
    serve(spec())
