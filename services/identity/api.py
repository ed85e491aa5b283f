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
from services.identity.domain import LinkEvidence, Network
from services.identity.projections import SOCIAL, Customers, ProfileIndex

WRITERS = (Role.ADMIN, Role.SERVICE)
PROFILE_WRITERS = (Role.ADMIN, Role.SERVICE, Role.AGENT, Role.COMMUNITY_MANAGER)
READERS = (Role.AGENT, Role.ADMIN, Role.SERVICE, Role.COMPLIANCE_OFFICER,
           Role.COMMUNITY_MANAGER)


def network(check: Check, value: int) -> Network:
    if value == pb.NETWORK_UNSPECIFIED or value not in pb.Network.values():
        check.fail("network", "must be one of " + ", ".join(
            n for n in pb.Network.keys() if n != "NETWORK_UNSPECIFIED"))  # noqa: SIM118
        return Network.X
    return Network(pb.Network.Name(value).removeprefix("NETWORK_").lower())


def evidence(check: Check, value: int) -> LinkEvidence:
    if value == pb.LINK_EVIDENCE_UNSPECIFIED or value not in pb.LinkEvidence.values():
        check.fail("evidence", "must say how the link was proven")
        return LinkEvidence.AGENT_CONFIRMED
    return LinkEvidence(pb.LinkEvidence.Name(value).removeprefix("LINK_EVIDENCE_").lower())


class IdentityApi(pb_grpc.IdentityServiceServicer):
    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime
        self.customers: Customers = runtime.read_model(Customers.name)
        self.profiles: ProfileIndex = runtime.read_model(ProfileIndex.name)
        self.social = runtime.stores[SOCIAL]

    async def RegisterCustomer(self, request: pb.RegisterCustomerRequest,
                               context: Any) -> pb.RegisterCustomerResponse:
        p = require(*WRITERS)
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
        p = require(*READERS)
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

    async def RecordSocialProfile(self, request: pb.RecordSocialProfileRequest,
                                  context: Any) -> pb.RecordSocialProfileResponse:
        p = require(*PROFILE_WRITERS)
        check = Check()
        net = network(check, request.network)
        external_id = check.text("external_id", request.external_id, max_len=128)
        handle = check.text("handle", request.handle, max_len=100)
        display_name = check.text("display_name", request.display_name, required=False)
        url = check.text("url", request.url, max_len=500, required=False)
        if url and not url.startswith(("https://", "http://")):
            check.fail("url", "must be an http(s) URL")
        followers = check.non_negative("follower_count", request.follower_count)
        check.done()
        profile_id, position = await application.record_profile(
            self.social, p, net, external_id, handle, display_name, url, followers)
        return pb.RecordSocialProfileResponse(profile_id=str(profile_id),
                                              write=WriteResult(position=position))

    async def LinkSocialProfile(self, request: pb.LinkSocialProfileRequest,
                                context: Any) -> pb.LinkSocialProfileResponse:
        p = require(Role.ADMIN, Role.SERVICE, Role.AGENT)
        check = Check()
        profile_id = check.uuid("profile_id", request.profile_id)
        customer_id = check.uuid("customer_id", request.customer_id)
        how = evidence(check, request.evidence)
        ref = check.text("evidence_ref", request.evidence_ref, max_len=200)
        check.done()
        position = await application.link_profile(self.rt.store, self.social, p, profile_id,
                                                  customer_id, how, ref)
        return pb.LinkSocialProfileResponse(write=WriteResult(position=position))

    async def UnlinkSocialProfile(self, request: pb.UnlinkSocialProfileRequest,
                                  context: Any) -> pb.UnlinkSocialProfileResponse:
        p = require(Role.ADMIN, Role.AGENT)
        check = Check()
        profile_id = check.uuid("profile_id", request.profile_id)
        reason = check.text("reason", request.reason, max_len=500)
        check.done()
        position = await application.unlink_profile(self.social, p, profile_id, reason)
        return pb.UnlinkSocialProfileResponse(write=WriteResult(position=position))

    async def Resolve(self, request: pb.ResolveRequest, context: Any) -> pb.ResolveResponse:
        p = require(*READERS)
        check = Check()
        net = network(check, request.network)
        key = request.WhichOneof("key")
        if key is None:
            check.fail("key", "give a handle or an external_id")
        elif key == "handle":
            check.text("handle", request.handle, max_len=100)
        else:
            check.text("external_id", request.external_id, max_len=128)
        check.non_negative("consistency.min_position", request.consistency.min_position)
        check.done()
        await self.rt.projections[ProfileIndex.name].wait_for(request.consistency.min_position)
        row = await self.profiles.resolve(self.rt.pools[SOCIAL], p.tenant, net.value,
                                          handle=request.handle,
                                          external_id=request.external_id)
        if row is None:
            return pb.ResolveResponse(known=False)
        customer = row["customer_id"]
        return pb.ResolveResponse(known=customer is not None,
                                  customer_id=str(customer) if customer else "",
                                  profile_id=str(row["profile_id"]))
