"""gRPC API of cases: authorise (the role table), validate, call the application or a
query."""

from __future__ import annotations

from chorus.cases.v1 import cases_pb2_grpc as pb_grpc
from chorus.features.customers import AnswersKnownCustomers, CustomerReplica

ROLES = {**AnswersKnownCustomers.ROLES}


class CasesApi(AnswersKnownCustomers, pb_grpc.CasesServiceServicer):
    def __init__(self, known_customers: CustomerReplica) -> None:
        self.known_customers = known_customers
