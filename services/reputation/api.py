"""gRPC API of reputation: authorise (the role table), validate, call the application or a
query."""

from __future__ import annotations

from chorus.features.customers import AnswersKnownCustomers, CustomerReplica
from chorus.reputation.v1 import reputation_pb2_grpc as pb_grpc

ROLES = {**AnswersKnownCustomers.ROLES}


class ReputationApi(AnswersKnownCustomers, pb_grpc.ReputationServiceServicer):
    def __init__(self, known_customers: CustomerReplica) -> None:
        self.known_customers = known_customers
