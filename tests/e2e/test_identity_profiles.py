"""identity's social profiles through the running system: recorded, linked with evidence,
resolved, and refused when the input or the caller is wrong."""

from __future__ import annotations

import uuid

import asyncpg
import grpc

from chorus.common.v1.consistency_pb2 import Consistency
from chorus.devstack.stack import (
    DevStack,
    DevState,
    database_url,
)
from chorus.identity.v1 import identity_pb2 as idpb
from chorus.identity.v1 import identity_pb2_grpc as idgrpc
from tests.e2e.calls import channel, token
from tests.grpc_client import call_error, field_violations
from tests.servers import Servers


async def test_profiles_are_recorded_linked_with_evidence_and_resolved(
        system: tuple[DevStack, DevState], stack: Servers) -> None:
    dev, state = system
    agent, admin = token(state, "agent"), token(state, "admin")
    ext = uuid.uuid4().hex[:10]
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        recorded = await stub.RecordSocialProfile(idpb.RecordSocialProfileRequest(
            network=idpb.NETWORK_X, external_id=ext, handle=f"@Claire_{ext}",
            display_name="Claire", url="https://x.example/claire", follower_count=120),
            metadata=agent)
        again = await stub.RecordSocialProfile(idpb.RecordSocialProfileRequest(
            network=idpb.NETWORK_X, external_id=ext, handle=f"@claire_m_{ext}",
            follower_count=130), metadata=agent)
        assert again.profile_id == recorded.profile_id, "same network id, same profile"

        unknown = await stub.Resolve(idpb.ResolveRequest(
            network=idpb.NETWORK_X, handle=f"CLAIRE_M_{ext}",
            consistency=Consistency(min_position=again.write.position)), metadata=agent)
        assert (unknown.known, unknown.profile_id) == (False, recorded.profile_id)

        customer = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=f"C-{uuid.uuid4().hex[:8]}", legal_name="Claire Martin",
            email="claire@example.org"),
            metadata=admin)
        linked = await stub.LinkSocialProfile(idpb.LinkSocialProfileRequest(
            profile_id=recorded.profile_id, customer_id=customer.customer_id,
            evidence=idpb.LINK_EVIDENCE_SIGNED_IN_WITH_NETWORK, evidence_ref="oauth-1"),
            metadata=agent)
        for key in ({"handle": f"@claire_m_{ext}"}, {"external_id": ext}):
            found = await stub.Resolve(idpb.ResolveRequest(
                network=idpb.NETWORK_X, consistency=Consistency(
                    min_position=linked.write.position), **key), metadata=agent)
            assert (found.known, found.customer_id) == (True, customer.customer_id)

        twice = await call_error(stub.LinkSocialProfile(idpb.LinkSocialProfileRequest(
            profile_id=recorded.profile_id, customer_id=customer.customer_id,
            evidence=idpb.LINK_EVIDENCE_AGENT_CONFIRMED, evidence_ref="t-2"), metadata=agent))
        assert twice.code() == grpc.StatusCode.FAILED_PRECONDITION

        no_customer = await call_error(stub.LinkSocialProfile(idpb.LinkSocialProfileRequest(
            profile_id=recorded.profile_id, customer_id=str(uuid.uuid4()),
            evidence=idpb.LINK_EVIDENCE_AGENT_CONFIRMED, evidence_ref="t-3"), metadata=agent))
        assert no_customer.code() == grpc.StatusCode.NOT_FOUND

        elsewhere = await stub.Resolve(idpb.ResolveRequest(
            network=idpb.NETWORK_X, external_id=ext),
            metadata=token(state, "agent", tenant="globex"))
        assert (elsewhere.known, elsewhere.profile_id) == (False, ""), "tenants never mix"

        unlinked = await stub.UnlinkSocialProfile(idpb.UnlinkSocialProfileRequest(
            profile_id=recorded.profile_id, reason="wrong person"), metadata=agent)
        gone = await stub.Resolve(idpb.ResolveRequest(
            network=idpb.NETWORK_X, external_id=ext,
            consistency=Consistency(min_position=unlinked.write.position)), metadata=agent)
        assert gone.known is False

        not_linked = await call_error(stub.UnlinkSocialProfile(idpb.UnlinkSocialProfileRequest(
            profile_id=recorded.profile_id, reason="again"), metadata=agent))
        assert not_linked.code() == grpc.StatusCode.FAILED_PRECONDITION



    verified = await asyncpg.connect(database_url(stack.database_url, "identity"))
    try:
        topics = {r[0] for r in await verified.fetch("SELECT DISTINCT topic FROM identity.events")}
        assert topics and not any("SocialProfile" in t for t in topics), \
            "no social-derived event in the verified store"
        rows = await verified.fetch("SELECT state FROM identity.events")
        assert all(ext.encode() not in bytes(r[0]) for r in rows)
    finally:
        await verified.close()


async def test_profile_rpcs_refuse_bad_input_and_bad_callers(
        system: tuple[DevStack, DevState]) -> None:
    dev, state = system
    agent = token(state, "agent")
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        bad = await call_error(stub.RecordSocialProfile(idpb.RecordSocialProfileRequest(
            external_id="", handle=" ", url="javascript:alert(1)", follower_count=-1),
            metadata=agent))
        assert bad.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert set(field_violations(bad)) == {"network", "external_id", "handle", "url",
                                              "follower_count"}
        bad = await call_error(stub.LinkSocialProfile(idpb.LinkSocialProfileRequest(
            profile_id="p", customer_id="c"), metadata=agent))
        assert set(field_violations(bad)) == {"profile_id", "customer_id", "evidence",
                                              "evidence_ref"}
        bad = await call_error(stub.Resolve(idpb.ResolveRequest(network=idpb.NETWORK_X),
                                            metadata=agent))
        assert set(field_violations(bad)) == {"key"}
        bad = await call_error(stub.UnlinkSocialProfile(idpb.UnlinkSocialProfileRequest(
            profile_id=str(uuid.uuid4()), reason=""), metadata=agent))
        assert set(field_violations(bad)) == {"reason"}
        missing = await call_error(stub.UnlinkSocialProfile(idpb.UnlinkSocialProfileRequest(
            profile_id=str(uuid.uuid4()), reason="x"), metadata=agent))
        assert missing.code() == grpc.StatusCode.NOT_FOUND
        for call in (stub.RecordSocialProfile(idpb.RecordSocialProfileRequest(
                        network=idpb.NETWORK_X, external_id="1", handle="@a"),
                        metadata=token(state, "customer")),
                     stub.UnlinkSocialProfile(idpb.UnlinkSocialProfileRequest(
                        profile_id=str(uuid.uuid4()), reason="x"),
                        metadata=token(state, "analyst"))):
            denied = await call_error(call)
            assert denied.code() == grpc.StatusCode.PERMISSION_DENIED
