"""gRPC API of cases."""

from __future__ import annotations

from typing import Any

from chorus.cases.v1 import cases_pb2 as pb
from chorus.cases.v1 import cases_pb2_grpc as pb_grpc
from chorus.projections.customer_replica import CustomerReplica
from chorus.runtime import Runtime


class CasesApi(pb_grpc.CasesServiceServicer):
    def __init__(self, runtime: Runtime, replica: CustomerReplica) -> None:
        self.rt = runtime
        self.replica = replica

    async def GetKnownCustomer(self, request: pb.GetKnownCustomerRequest,
                               context: Any) -> pb.GetKnownCustomerResponse:
        cid, code, since = await self.replica.known(self.rt.pool, "cases", request.customer_id)
        return pb.GetKnownCustomerResponse(customer_id=cid, customer_code=code, known_since=since)
