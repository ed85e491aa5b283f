"""gRPC API of reputation."""

from __future__ import annotations

from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from chorus.auth.principal import Role, require
from chorus.grpc.errors import NotFound
from chorus.grpc.validation import Check
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
        p = require(Role.AGENT, Role.ADMIN, Role.SERVICE)
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        check.done()
        found = await self.replica.get(self.rt.pool, p.tenant, customer_id)
        if found is None:
            raise NotFound(f"customer {customer_id} is not known to reputation")
        since = Timestamp()
        since.FromDatetime(found[1])
        return pb.GetKnownCustomerResponse(customer_id=str(customer_id), customer_code=found[0],
                                           known_since=since)
