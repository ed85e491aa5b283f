"""An erasure through the running system leaves nothing of the person readable in any
database file, dump or stream."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import asyncpg
import grpc

from chorus.cases.v1 import cases_pb2, cases_pb2_grpc
from chorus.common.v1.consistency_pb2 import Consistency
from chorus.devstack.stack import (
    DevStack,
    DevState,
    database_url,
)
from chorus.identity.v1 import identity_pb2 as idpb
from chorus.identity.v1 import identity_pb2_grpc as idgrpc
from tests.e2e.calls import channel, eventually, token
from tests.grpc_client import call_error
from tests.servers import Servers


def _readable_anywhere(needles: list[bytes], stack: Servers) -> list[str]:
    """Where any needle appears in clear: a pg_dump of identity's database, and (embedded
    servers) every raw file of PostgreSQL (heap, indexes, WAL) and of the JetStream store."""
    import subprocess

    from chorus.devstack.postgres import EmbeddedPostgres

    found = []
    dump = subprocess.run(
        [EmbeddedPostgres.bin(None, "pg_dump"),  # type: ignore[arg-type]
         database_url(stack.database_url, "identity").replace("chorus_identity@", "postgres@")],
        capture_output=True, check=True).stdout
    found += [f"pg_dump: {n!r}" for n in needles if n in dump]
    roots = [p for p in (stack.postgres.data_dir if stack.postgres else None, stack.nats_dir)
             if p is not None]
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and path.name != "server.log":
                data = path.read_bytes()
                found += [f"{path}: {n!r}" for n in needles if n in data]
    return found


async def test_erasure_leaves_nothing_readable_in_databases_or_streams(
        system: tuple[DevStack, DevState], stack: Servers) -> None:
    dev, state = system
    admin, officer = token(state, "admin"), token(state, "compliance_officer")
    run = uuid.uuid4().hex[:10]
    email, name, handle = f"zoe.{run}@example.org", f"Zoe Erasable {run}", f"@zoe_{run}"
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        code = f"Z-{uuid.uuid4().hex[:10]}"
        reg = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=code, legal_name=name, email=email), metadata=admin)
        cid = reg.customer_id
        profile = await stub.RecordSocialProfile(idpb.RecordSocialProfileRequest(
            network=idpb.NETWORK_X, external_id=f"x{run}", handle=handle,
            display_name=name), metadata=admin)
        linked = await stub.LinkSocialProfile(idpb.LinkSocialProfileRequest(
            profile_id=profile.profile_id, customer_id=cid,
            evidence=idpb.LINK_EVIDENCE_SIGNED_IN_WITH_NETWORK, evidence_ref="oauth"),
            metadata=admin)
        before = await stub.GetCustomer(idpb.GetCustomerRequest(
            customer_id=cid, consistency=Consistency(min_position=reg.write.position)),
            metadata=admin)
        assert before.customer.email == email
        await stub.Resolve(idpb.ResolveRequest(network=idpb.NETWORK_X, handle=handle,
                                               consistency=Consistency(
                                                   min_position=linked.write.position)),
                           metadata=admin)

        async with channel(dev, "cases") as cases_ch:
            cases = cases_pb2_grpc.CasesServiceStub(cases_ch)
            async def known_to_cases() -> bool:
                try:
                    await cases.GetKnownCustomer(cases_pb2.GetKnownCustomerRequest(
                        customer_id=cid), metadata=admin)
                except grpc.aio.AioRpcError as e:
                    assert e.code() == grpc.StatusCode.NOT_FOUND
                    return False
                return True

            # cases learns of the customer from identity's events, and of the link from the
            # social store's (relayed apart: either may come first)
            await eventually(known_to_cases, bool)
            cases_db = await asyncpg.connect(database_url(stack.database_url, "cases"))
            try:
                await eventually(lambda: cases_db.fetchval(
                    "SELECT count(*) FROM cases.profile_links WHERE customer_id = $1 AND linked",
                    cid), lambda n: n == 1, seconds=30)
            finally:
                await cases_db.close()
        denied = await call_error(stub.EraseCustomer(idpb.EraseCustomerRequest(
            customer_id=cid, request_ref="gdpr-1"), metadata=admin))
        assert denied.code() == grpc.StatusCode.PERMISSION_DENIED
        erased = await stub.EraseCustomer(idpb.EraseCustomerRequest(
            customer_id=cid, request_ref="gdpr-1"), metadata=officer)
        assert sorted(erased.shredded) == sorted([
            f"identity/verified/customer/{cid}",
            f"identity/social/profile/{profile.profile_id}"])

        after = await stub.GetCustomer(idpb.GetCustomerRequest(customer_id=cid),
                                       metadata=admin)
        assert (after.customer.email, after.customer.legal_name) == ("[erased]", "[erased]")
        gone = await stub.Resolve(idpb.ResolveRequest(network=idpb.NETWORK_X, handle=handle),
                                  metadata=admin)
        assert (gone.known, gone.profile_id) == (False, "")
        again = await call_error(stub.EraseCustomer(idpb.EraseCustomerRequest(
            customer_id=cid, request_ref="gdpr-1"), metadata=officer))
        assert again.code() == grpc.StatusCode.FAILED_PRECONDITION

        # The saga: every participating service erases and confirms; then the receipt.
        receipt = await eventually(lambda: stub.GetErasureReceipt(
            idpb.GetErasureReceiptRequest(erasure_id=erased.erasure_id), metadata=officer),
            lambda r: r.completed, seconds=15)
        assert [c.service for c in receipt.confirmations] == [
            "cases", "ideas", "identity", "reputation"]
        assert (list(receipt.pending), receipt.overdue) == ([], False)
        assert receipt.due_by.ToDatetime() - receipt.requested_at.ToDatetime() == \
            timedelta(days=30)
        by_service = {c.service: list(c.erased) for c in receipt.confirmations}
        # cases knew the customer, and which profile is theirs (no case was opened).
        held, rewritten, residual = (by_service["cases"][:2], by_service["cases"][2],
                                     by_service["cases"][3:])
        assert held == [f"cases.known_customers/{cid}", f"cases.profile_links/{cid}"]
        assert rewritten == ("cases: old row versions of cases.case_search and of the"
                             " planner's statistics rewritten")
        assert len(residual) == 1 and "expire by" in residual[0]
        import hashlib
        import json

        body = {"erasure_id": receipt.erasure_id, "customer_id": cid, "request_ref": "gdpr-1",
                "requested_by": "tester", "confirmations": [
                    {"service": c.service,
                     "confirmed_at": c.confirmed_at.ToDatetime().astimezone().isoformat(),
                     "erased": list(c.erased)} for c in receipt.confirmations]}
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
        assert receipt.receipt_hash == hashlib.sha256(canonical).hexdigest()
        async with channel(dev, "cases") as cases_ch:
            forgotten = await call_error(cases_pb2_grpc.CasesServiceStub(
                cases_ch).GetKnownCustomer(cases_pb2.GetKnownCustomerRequest(customer_id=cid),
                                           metadata=admin))
            assert forgotten.code() == grpc.StatusCode.NOT_FOUND


    admin_conn = await asyncpg.connect(stack.database_url)
    await admin_conn.execute("CHECKPOINT")
    await admin_conn.close()
    leaks = await asyncio.to_thread(_readable_anywhere,
                                    [email.encode(), name.encode(), handle.encode()], stack)
    assert leaks == []
    # The search does find what is stored in clear (the customer code is not personal data).
    control = await asyncio.to_thread(_readable_anywhere, [code.encode()], stack)
    assert any(c.startswith("pg_dump") for c in control)
    if stack.postgres is not None:
        assert any(not c.startswith("pg_dump") for c in control), "raw files were searched"
