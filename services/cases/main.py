"""Composition root of cases."""

from __future__ import annotations

from chorus.cases.v1 import cases_pb2_grpc
from chorus.features.customers import CustomerReplica
from chorus.features.erasure import ErasureParticipant
from chorus.grpc.server import Api
from chorus.service.runtime import serve
from chorus.service.spec import Infrastructure, Service, ServiceSpec
from services.cases.api import ROLES, CasesApi

NAME = "cases"


def build(infra: Infrastructure) -> Service:
    customers = CustomerReplica(infra.pool, infra.schema, NAME)
    api = CasesApi(customers)
    return Service(
        apis=[Api(cases_pb2_grpc.add_CasesServiceServicer_to_server, api,
                  "chorus.cases.v1.CasesService", ROLES)],
        features=[customers, ErasureParticipant(NAME, infra.stores, [customers.forget])])


SPEC = ServiceSpec(NAME, build)

if __name__ == "__main__":
    serve(SPEC)
