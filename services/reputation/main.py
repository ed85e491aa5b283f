"""Composition root of reputation."""

from __future__ import annotations

from chorus.features.customers import CustomerReplica
from chorus.features.erasure import ErasureParticipant
from chorus.grpc.server import Api
from chorus.reputation.v1 import reputation_pb2_grpc
from chorus.service.runtime import serve
from chorus.service.spec import Infrastructure, Service, ServiceSpec
from services.reputation.api import ROLES, ReputationApi

NAME = "reputation"


def build(infra: Infrastructure) -> Service:
    customers = CustomerReplica(infra.pool, infra.schema, NAME)
    api = ReputationApi(customers)
    return Service(
        apis=[Api(reputation_pb2_grpc.add_ReputationServiceServicer_to_server, api,
                  "chorus.reputation.v1.ReputationService", ROLES)],
        features=[customers, ErasureParticipant(NAME, infra.stores, [customers.forget])])


SPEC = ServiceSpec(NAME, build)

if __name__ == "__main__":
    serve(SPEC)
