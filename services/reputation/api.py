"""gRPC API of reputation."""

from __future__ import annotations

from typing import Any

from chorus.projections.customer_replica import CustomerReplica
from chorus.reputation.v1 import reputation_pb2 as pb
from chorus.reputation.v1 import reputation_pb2_grpc as pb_grpc
from chorus.runtime import Runtime


class ReputationApi(pb_grpc.ReputationServiceServicer):
    def __init__(self, runtime: Runtime, replica: CustomerReplica) -> None:
        self.rt = runtime
        self.replica = replica

    async def GetKnownCustomer(self, request: pb.GetKnownCustomerRequest,
                               context: Any) -> pb.GetKnownCustomerResponse:
        cid, code, since = await self.replica.known(self.rt.pool, "reputation", request.customer_id)
        return pb.GetKnownCustomerResponse(customer_id=cid, customer_code=code, known_since=since)
