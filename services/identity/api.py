"""gRPC API of identity: validate, authorise, call the application or a read model."""

from __future__ import annotations

from typing import Any

from chorus.auth.principal import Role, require
from chorus.common.v1.consistency_pb2 import WriteResult
from chorus.errors import NotFound
from chorus.grpc.validation import Check
from chorus.identity.v1 import identity_pb2 as pb
from chorus.identity.v1 import identity_pb2_grpc as pb_grpc
from chorus.runtime import Runtime
from services.identity import application
from services.identity.projections import Customers


class IdentityApi(pb_grpc.IdentityServiceServicer):
    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime
        self.customers: Customers = runtime.read_model(Customers.name)

    async def RegisterCustomer(self, request: pb.RegisterCustomerRequest,
                               context: Any) -> pb.RegisterCustomerResponse:
        p = require(Role.ADMIN, Role.SERVICE)
        check = Check()
        code = check.text("customer_code", request.customer_code, max_len=64)
        name = check.text("legal_name", request.legal_name)
        email = check.email("email", request.email)
        check.done()
        customer_id, position = await application.register_customer(
            self.rt.store, p, code, name, email)
        return pb.RegisterCustomerResponse(customer_id=str(customer_id),
                                           write=WriteResult(position=position))

    async def GetCustomer(self, request: pb.GetCustomerRequest,
                          context: Any) -> pb.GetCustomerResponse:
        p = require(Role.AGENT, Role.ADMIN, Role.SERVICE, Role.COMPLIANCE_OFFICER)
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        check.non_negative("consistency.min_position", request.consistency.min_position)
        check.done()
        await self.rt.projections[self.customers.name].wait_for(request.consistency.min_position)
        row = await self.customers.get(self.rt.pool, p.tenant, customer_id)
        if row is None:
            raise NotFound(f"customer {customer_id} not found")
        return pb.GetCustomerResponse(customer=pb.Customer(
            customer_id=str(row["customer_id"]), customer_code=row["customer_code"],
            legal_name=row["legal_name"], email=row["email"]))
