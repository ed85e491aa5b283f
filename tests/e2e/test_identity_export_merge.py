"""identity's customers through the running system: a subject's export (with who read it),
concurrent updates, merges and unmerges."""

from __future__ import annotations

import asyncio
import uuid

import grpc

from chorus.auth.tokens import mint
from chorus.common.v1.consistency_pb2 import Consistency
from chorus.devstack.stack import (
    DevStack,
    DevState,
)
from chorus.identity.v1 import identity_pb2 as idpb
from chorus.identity.v1 import identity_pb2_grpc as idgrpc
from tests.e2e.calls import channel, eventually, token
from tests.grpc_client import bearer, call_error, drain, field_violations


async def test_export_gives_a_customer_everything_including_who_read_it(
        system: tuple[DevStack, DevState]) -> None:
    dev, state = system
    admin = token(state, "admin")
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        reg = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=f"E-{uuid.uuid4().hex[:8]}", legal_name="Eve Export",
            email="eve@example.org"), metadata=admin)
        cid = reg.customer_id
        await stub.GiveConsent(idpb.GiveConsentRequest(
            customer_id=cid, purpose=idpb.PURPOSE_PROFILING, channel=idpb.CHANNEL_EMAIL,
            legal_basis=idpb.LEGAL_BASIS_CONSENT, source="signup"), metadata=admin)
        profile = await stub.RecordSocialProfile(idpb.RecordSocialProfileRequest(
            network=idpb.NETWORK_TIKTOK, external_id=uuid.uuid4().hex, handle="@eve_exports"),
            metadata=admin)
        linked = await stub.LinkSocialProfile(idpb.LinkSocialProfileRequest(
            profile_id=profile.profile_id, customer_id=cid,
            evidence=idpb.LINK_EVIDENCE_AGENT_CONFIRMED, evidence_ref="ticket-7"),
            metadata=admin)
        await stub.Resolve(idpb.ResolveRequest(network=idpb.NETWORK_TIKTOK, handle="@eve_exports",
                                               consistency=Consistency(
                                                   min_position=linked.write.position)),
                           metadata=admin)
        await stub.GetCustomer(idpb.GetCustomerRequest(
            customer_id=cid, consistency=Consistency(min_position=reg.write.position)),
            metadata=[*token(state, "agent"), ("x-chorus-purpose", "support-ticket-42")])
        await eventually(  # the profile index must have seen the link
            lambda: stub.Resolve(idpb.ResolveRequest(
                network=idpb.NETWORK_TIKTOK, handle="@eve_exports"), metadata=admin),
            lambda found: found.known)

        own = bearer(mint(state.jwt_secret, subject=cid, tenant="acme", roles=["customer"]))
        items = [r async for r in stub.ExportSubjectData(
            idpb.ExportSubjectDataRequest(customer_id=cid), metadata=own)]
        kinds = [i.WhichOneof("item") for i in items]
        assert kinds[0] == "customer" and items[0].customer.legal_name == "Eve Export"
        consents = [i.consent for i in items if i.HasField("consent")]
        assert [(c.purpose, c.given) for c in consents] == [(idpb.PURPOSE_PROFILING, True)]
        (prof,) = [i.profile for i in items if i.HasField("profile")]
        assert (prof.handle, prof.network) == ("@eve_exports", idpb.NETWORK_TIKTOK)
        changes = [i.change for i in items if i.HasField("change")]
        assert [c.event_type for c in changes] == ["Customer.Registered",
                                                   "Customer.ConsentGiven"]
        assert "eve@example.org" in changes[0].fields_json and changes[0].actor == "tester"
        accesses = [(a.access.operation, a.access.purpose) for a in items
                    if a.HasField("access")]
        assert ("GetCustomer", "support-ticket-42") in accesses
        assert ("ExportSubjectData", "unspecified") in accesses

        for who in (bearer(mint(state.jwt_secret, subject=str(uuid.uuid4()), tenant="acme",
                                roles=["customer"])), token(state, "agent")):
            denied = await call_error(drain(stub.ExportSubjectData(
                idpb.ExportSubjectDataRequest(customer_id=cid), metadata=who)))
            assert denied.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_concurrent_updates_of_one_customer_are_aborted_not_lost(
        system: tuple[DevStack, DevState]) -> None:
    from google.protobuf.field_mask_pb2 import FieldMask

    dev, state = system
    admin = token(state, "admin")
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        reg = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=f"R-{uuid.uuid4().hex[:8]}", legal_name="Race", email="r@example.org"),
            metadata=admin)
        codes: list[grpc.StatusCode] = []
        winners: list[str] = []
        for attempt in range(10):
            async def update(i: int, attempt: int = attempt) -> None:
                email = f"r{attempt}-{i}@example.org"
                try:
                    await stub.UpdateCustomer(idpb.UpdateCustomerRequest(
                        customer_id=reg.customer_id, email=email,
                        update_mask=FieldMask(paths=["email"])), metadata=admin)
                except grpc.aio.AioRpcError as e:
                    codes.append(e.code())
                else:
                    codes.append(grpc.StatusCode.OK)
                    winners.append(email)

            await asyncio.gather(*(update(i) for i in range(5)))
            if grpc.StatusCode.ABORTED in codes:
                break
        assert set(codes) <= {grpc.StatusCode.OK, grpc.StatusCode.ABORTED}
        assert grpc.StatusCode.ABORTED in codes, "racing writers must conflict"
        # Every acknowledged update is in the log; no aborted one is.
        import json

        export = [r async for r in stub.ExportSubjectData(
            idpb.ExportSubjectDataRequest(customer_id=reg.customer_id), metadata=admin)]
        changed = [r.change.fields_json for r in export if r.HasField("change")
                   and r.change.event_type == "Customer.DetailsChanged"]
        assert sorted(json.loads(c)["email"] for c in changed) == sorted(winners)


async def test_merge_redirects_to_the_survivor_and_unmerge_restores_both(
        system: tuple[DevStack, DevState]) -> None:
    dev, state = system
    admin = token(state, "admin")
    run = uuid.uuid4().hex[:8]
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        survivor = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=f"M{run}-A", legal_name="Marc Durand", email="marc@example.org"),
            metadata=admin)
        duplicate = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=f"M{run}-B", legal_name="M. Durand", email="md@example.org"),
            metadata=admin)
        await stub.ClassifyCustomer(idpb.ClassifyCustomerRequest(
            customer_id=duplicate.customer_id, add_segments=[f"m-{run}"]), metadata=admin)
        await stub.ClassifyCustomer(idpb.ClassifyCustomerRequest(
            customer_id=survivor.customer_id, add_segments=[f"m-{run}"]), metadata=admin)
        await stub.GiveConsent(idpb.GiveConsentRequest(
            customer_id=duplicate.customer_id, purpose=idpb.PURPOSE_MARKETING,
            channel=idpb.CHANNEL_SMS, legal_basis=idpb.LEGAL_BASIS_CONSENT, source="shop"),
            metadata=admin)
        ext = uuid.uuid4().hex
        profile = await stub.RecordSocialProfile(idpb.RecordSocialProfileRequest(
            network=idpb.NETWORK_FACEBOOK, external_id=ext, handle="marc.d"), metadata=admin)
        linked = await stub.LinkSocialProfile(idpb.LinkSocialProfileRequest(
            profile_id=profile.profile_id, customer_id=duplicate.customer_id,
            evidence=idpb.LINK_EVIDENCE_CONFIRMED_BY_CODE, evidence_ref="code-5"),
            metadata=admin)

        merged = await stub.MergeCustomers(idpb.MergeCustomersRequest(
            merged_customer_id=duplicate.customer_id,
            survivor_customer_id=survivor.customer_id, reason="same person"), metadata=admin)
        seen_merge = Consistency(min_position=merged.write.position)
        resolved = await stub.Resolve(idpb.ResolveRequest(
            network=idpb.NETWORK_FACEBOOK, external_id=ext, consistency=Consistency(
                min_position=linked.write.position)), metadata=admin)
        # Resolve reads the customers read model for the redirect: wait for it.
        got = await stub.GetCustomer(idpb.GetCustomerRequest(
            customer_id=duplicate.customer_id, consistency=seen_merge), metadata=admin)
        resolved = await stub.Resolve(idpb.ResolveRequest(
            network=idpb.NETWORK_FACEBOOK, external_id=ext), metadata=admin)
        assert (resolved.known, resolved.customer_id) == (True, survivor.customer_id)
        assert got.customer.merged_into == survivor.customer_id
        listed = await stub.ListCustomers(idpb.ListCustomersRequest(segment=f"m-{run}"),
                                          metadata=admin)
        assert [c.customer_id for c in listed.customers] == [survivor.customer_id]
        from google.protobuf.field_mask_pb2 import FieldMask

        refused = await call_error(stub.UpdateCustomer(idpb.UpdateCustomerRequest(
            customer_id=duplicate.customer_id, email="new@example.org",
            update_mask=FieldMask(paths=["email"])), metadata=admin))
        assert refused.code() == grpc.StatusCode.FAILED_PRECONDITION
        again = await call_error(stub.MergeCustomers(idpb.MergeCustomersRequest(
            merged_customer_id=duplicate.customer_id,
            survivor_customer_id=survivor.customer_id, reason="again"), metadata=admin))
        assert again.code() == grpc.StatusCode.FAILED_PRECONDITION

        unmerged = await stub.UnmergeCustomer(idpb.UnmergeCustomerRequest(
            customer_id=duplicate.customer_id, reason="two different Marcs"), metadata=admin)
        back = await stub.GetCustomer(idpb.GetCustomerRequest(
            customer_id=duplicate.customer_id,
            consistency=Consistency(min_position=unmerged.write.position)), metadata=admin)
        assert (back.customer.merged_into, back.customer.email) == ("", "md@example.org")
        resolved = await stub.Resolve(idpb.ResolveRequest(
            network=idpb.NETWORK_FACEBOOK, external_id=ext), metadata=admin)
        assert resolved.customer_id == duplicate.customer_id, "its profile is its own again"
        consents = await stub.GetConsents(idpb.GetConsentsRequest(
            customer_id=duplicate.customer_id), metadata=admin)
        assert [(c.purpose, c.given) for c in consents.current] == [
            (idpb.PURPOSE_MARKETING, True)]
        listed = await stub.ListCustomers(idpb.ListCustomersRequest(segment=f"m-{run}"),
                                          metadata=admin)
        assert len(listed.customers) == 2

        same = await call_error(stub.MergeCustomers(idpb.MergeCustomersRequest(
            merged_customer_id=survivor.customer_id, survivor_customer_id=survivor.customer_id,
            reason="x"), metadata=admin))
        assert set(field_violations(same)) == {"survivor_customer_id"}
        not_merged = await call_error(stub.UnmergeCustomer(idpb.UnmergeCustomerRequest(
            customer_id=survivor.customer_id, reason="x"), metadata=admin))
        assert not_merged.code() == grpc.StatusCode.FAILED_PRECONDITION
        unknown = await call_error(stub.MergeCustomers(idpb.MergeCustomersRequest(
            merged_customer_id=str(uuid.uuid4()), survivor_customer_id=survivor.customer_id,
            reason="x"), metadata=admin))
        assert unknown.code() == grpc.StatusCode.NOT_FOUND
