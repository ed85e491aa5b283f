"""All four services as processes on the test PostgreSQL and NATS, called over gRPC."""

from __future__ import annotations

import asyncio
import signal
import uuid
from datetime import timedelta
from pathlib import Path

import asyncpg
import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from chorus.auth.tokens import mint
from chorus.cases.v1 import cases_pb2, cases_pb2_grpc
from chorus.common.v1.consistency_pb2 import Consistency
from chorus.devstack.stack import (
    SERVICES,
    DevStack,
    DevState,
    admin_database_url,
    database_url,
)
from chorus.ideas.v1 import ideas_pb2, ideas_pb2_grpc
from chorus.identity.v1 import identity_pb2 as idpb
from chorus.identity.v1 import identity_pb2_grpc as idgrpc
from chorus.reputation.v1 import reputation_pb2, reputation_pb2_grpc
from tests.e2e.calls import channel, eventually, token
from tests.grpc_client import bearer, call_error, drain, field_violations
from tests.servers import Servers


async def test_every_service_serves_health_and_reflection(
        system: tuple[DevStack, DevState]) -> None:
    dev, _ = system
    for service in SERVICES:
        async with channel(dev, service) as ch:
            health = await health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest())
            assert health.status == health_pb2.HealthCheckResponse.SERVING
            stub = reflection_pb2_grpc.ServerReflectionStub(ch)
            responses = stub.ServerReflectionInfo(
                iter([reflection_pb2.ServerReflectionRequest(list_services="")]))
            names = [s.name async for r in responses for s in r.list_services_response.service]
            assert f"chorus.{service}.v1.{service.capitalize()}Service" in names


async def test_register_read_your_writes_and_replication_to_every_service(
        system: tuple[DevStack, DevState]) -> None:
    dev, state = system
    admin = token(state, "admin")
    code = f"C-{uuid.uuid4().hex[:8]}"
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        reply = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=code, legal_name="Claire Martin", email="claire@example.org"),
            metadata=admin)
        assert reply.write.position > 0
        got = await stub.GetCustomer(idpb.GetCustomerRequest(
            customer_id=reply.customer_id,
            consistency=Consistency(min_position=reply.write.position)), metadata=admin)
        assert (got.customer.customer_code, got.customer.email) == (code, "claire@example.org")

        dup = await call_error(stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=code, legal_name="X", email="x@example.org"), metadata=admin))
        assert dup.code() == grpc.StatusCode.ALREADY_EXISTS

        other_tenant = await call_error(stub.GetCustomer(idpb.GetCustomerRequest(
            customer_id=reply.customer_id), metadata=token(state, "admin", tenant="globex")))
        assert other_tenant.code() == grpc.StatusCode.NOT_FOUND

    stubs = {"cases": (cases_pb2_grpc.CasesServiceStub, cases_pb2.GetKnownCustomerRequest),
             "ideas": (ideas_pb2_grpc.IdeasServiceStub, ideas_pb2.GetKnownCustomerRequest),
             "reputation": (reputation_pb2_grpc.ReputationServiceStub,
                            reputation_pb2.GetKnownCustomerRequest)}
    for service, (stub_cls, request_cls) in stubs.items():
        async with channel(dev, service) as ch:
            stub = stub_cls(ch)
            for _ in range(200):
                try:
                    known = await stub.GetKnownCustomer(
                        request_cls(customer_id=reply.customer_id), metadata=admin)
                    break
                except grpc.aio.AioRpcError as e:
                    assert e.code() == grpc.StatusCode.NOT_FOUND
                    await asyncio.sleep(0.05)
            else:
                raise AssertionError(f"{service} never learnt of the customer")
            assert known.customer_code == code


async def test_bad_input_and_bad_callers_get_clear_errors(
        system: tuple[DevStack, DevState]) -> None:
    dev, state = system
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        bad = await call_error(stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code="", legal_name="A", email="not-an-email"),
            metadata=token(state, "admin")))
        assert bad.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert set(field_violations(bad)) == {"customer_code", "email"}

        anonymous = await call_error(stub.GetCustomer(idpb.GetCustomerRequest(
            customer_id=str(uuid.uuid4()))))
        assert anonymous.code() == grpc.StatusCode.UNAUTHENTICATED

        forged = mint("not-the-secret-but-long-enough-to-be-valid", subject="x", tenant="acme",
                      roles=["admin"])
        wrong_key = await call_error(stub.GetCustomer(idpb.GetCustomerRequest(
            customer_id=str(uuid.uuid4())), metadata=bearer(forged)))
        assert wrong_key.code() == grpc.StatusCode.UNAUTHENTICATED

        expired = mint(state.jwt_secret, subject="x", tenant="acme", roles=["admin"], ttl_s=-120)
        late = await call_error(stub.GetCustomer(idpb.GetCustomerRequest(
            customer_id=str(uuid.uuid4())), metadata=bearer(expired)))
        assert late.code() == grpc.StatusCode.UNAUTHENTICATED

        customer = await call_error(stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code="C-x", legal_name="A", email="a@example.org"),
            metadata=token(state, "customer")))
        assert customer.code() == grpc.StatusCode.PERMISSION_DENIED

        too_far = await call_error(stub.GetCustomer(idpb.GetCustomerRequest(
            customer_id=str(uuid.uuid4()), consistency=Consistency(min_position=10**12)),
            metadata=token(state, "agent")))
        # No write returned that position: refused at once, not waited for.
        assert too_far.code() == grpc.StatusCode.OUT_OF_RANGE

        huge = await call_error(stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code="C-big", legal_name="A" * (5 * 1024 * 1024), email="a@example.org"),
            metadata=token(state, "admin")))
        assert huge.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


async def test_sigterm_drains_in_flight_calls_then_exits_cleanly(
        stack: Servers, tmp_path: Path) -> None:

    dev = DevStack(tmp_path, services=("identity",))
    state = DevState()
    await asyncio.to_thread(dev.start_services, state, stack.database_url, stack.nats_url)
    proc = dev.procs["identity"]
    admin = await asyncpg.connect(admin_database_url(stack.database_url, "identity"))
    try:
        async with channel(dev, "identity") as ch:
            stub = idgrpc.IdentityServiceStub(ch)
            # Hold the read model still, so that a query for a fresh write waits (about 5 s).
            lock = admin.transaction()
            await lock.start()
            await admin.execute("LOCK TABLE identity.customers IN ACCESS EXCLUSIVE MODE")
            reply = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
                customer_code=f"D-{uuid.uuid4().hex[:8]}", legal_name="Dora Drain",
                email="dora@example.org"), metadata=token(state, "admin"))
            waiting = asyncio.ensure_future(stub.GetCustomer(
                idpb.GetCustomerRequest(customer_id=reply.customer_id, consistency=Consistency(
                    min_position=reply.write.position)), metadata=token(state, "agent")))
            await asyncio.sleep(1.0)
            proc.send_signal(signal.SIGTERM)
            err = await call_error(waiting)
            await lock.rollback()
    finally:
        await admin.close()
    # The call ran to its own end (the handler's answer), it was not cut by the shutdown.
    assert err.code() == grpc.StatusCode.UNAVAILABLE
    assert "has not reached position" in (err.details() or "")
    assert await asyncio.to_thread(proc.wait, 30) == 0


async def test_each_store_is_reachable_only_by_its_own_role(
        system: tuple[DevStack, DevState], stack: Servers) -> None:


    dev, state = system
    admin = token(state, "admin")
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        customer = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=f"R-{uuid.uuid4().hex[:8]}", legal_name="Rita Role",
            email="rita@example.org"), metadata=admin)
        profile = await stub.RecordSocialProfile(idpb.RecordSocialProfileRequest(
            network=idpb.NETWORK_X, external_id=uuid.uuid4().hex, handle="@rita_role"),
            metadata=admin)
    verified = await asyncpg.connect(database_url(stack.database_url, "identity"))
    social = await asyncpg.connect(database_url(stack.database_url, "identity", "social"))
    try:
        # Each role reads its own store: the profile is social data, the customer verified.
        assert await social.fetchval("SELECT count(*) FROM identity_social.events WHERE"
                                     " originator_id = $1", uuid.UUID(profile.profile_id)) == 1
        assert await verified.fetchval("SELECT count(*) FROM identity.events WHERE"
                                       " originator_id = $1",
                                       uuid.UUID(customer.customer_id)) == 1
        assert await verified.fetchval("SELECT count(*) FROM identity.events WHERE"
                                       " originator_id = $1",
                                       uuid.UUID(profile.profile_id)) == 0
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await social.fetchval("SELECT count(*) FROM identity.events")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await social.fetchval("SELECT count(*) FROM identity.subject_keys")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await verified.fetchval("SELECT count(*) FROM identity_social.events")
    finally:
        await verified.close()
        await social.close()
    cases_dsn = database_url(stack.database_url, "cases").rsplit("/", 1)[0] + "/chorus_identity"
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await asyncpg.connect(cases_dsn)  # another service's role cannot even connect


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


async def test_customer_lifecycle_verification_classification_and_consent(
        system: tuple[DevStack, DevState]) -> None:
    from google.protobuf.field_mask_pb2 import FieldMask

    dev, state = system
    admin = token(state, "admin")
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        reg = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=f"L-{uuid.uuid4().hex[:8]}", legal_name="Lea Roux",
            email="lea@example.org", phone="+33 6 12 34 56 78", country="fr",
            preferred_language="fr"), metadata=admin)
        cid = reg.customer_id
        upd = await stub.UpdateCustomer(idpb.UpdateCustomerRequest(
            customer_id=cid, email="lea.roux@example.org", preferred_language="en",
            legal_name="ignored: not in mask", update_mask=FieldMask(
                paths=["email", "preferred_language"])), metadata=admin)
        await stub.VerifyCustomerIdentity(idpb.VerifyCustomerIdentityRequest(
            customer_id=cid, level=idpb.VERIFICATION_LEVEL_DOCUMENT,
            evidence_ref="id-scan-9"), metadata=admin)
        cls = await stub.ClassifyCustomer(idpb.ClassifyCustomerRequest(
            customer_id=cid, add_segments=["vip"], tier="gold", tags=["press"],
            replace_tags=True), metadata=admin)
        got = (await stub.GetCustomer(idpb.GetCustomerRequest(
            customer_id=cid, consistency=Consistency(min_position=cls.write.position)),
            metadata=admin)).customer
        assert upd.write.position > 0
        assert (got.legal_name, got.email, got.phone, got.country, got.preferred_language) == (
            "Lea Roux", "lea.roux@example.org", "+33612345678", "FR", "en")
        assert got.verification_level == idpb.VERIFICATION_LEVEL_DOCUMENT
        assert (list(got.segments), got.tier, list(got.tags), got.closed) == (
            ["vip"], "gold", ["press"], False)

        # Consent: given by an agent, withdrawn by the customer themself; history is kept.
        await stub.GiveConsent(idpb.GiveConsentRequest(
            customer_id=cid, purpose=idpb.PURPOSE_MARKETING, channel=idpb.CHANNEL_EMAIL,
            legal_basis=idpb.LEGAL_BASIS_CONSENT, source="call-centre"),
            metadata=token(state, "agent"))
        own = bearer(mint(state.jwt_secret, subject=cid, tenant="acme", roles=["customer"]))
        await stub.WithdrawConsent(idpb.WithdrawConsentRequest(
            customer_id=cid, purpose=idpb.PURPOSE_MARKETING, channel=idpb.CHANNEL_EMAIL,
            source="preference-centre"), metadata=own)
        consents = await stub.GetConsents(idpb.GetConsentsRequest(customer_id=cid),
                                          metadata=own)
        assert [(d.given, d.source) for d in consents.history] == [
            (True, "call-centre"), (False, "preference-centre")]
        assert consents.history[0].recorded_by == "tester"
        assert [(d.purpose, d.given) for d in consents.current] == [
            (idpb.PURPOSE_MARKETING, False)]
        other = bearer(mint(state.jwt_secret, subject=str(uuid.uuid4()), tenant="acme",
                            roles=["customer"]))
        denied = await call_error(stub.GetConsents(idpb.GetConsentsRequest(customer_id=cid),
                                                   metadata=other))
        assert denied.code() == grpc.StatusCode.PERMISSION_DENIED

        await stub.CloseCustomer(idpb.CloseCustomerRequest(customer_id=cid,
                                                           reason="duplicate"), metadata=admin)
        closed = await call_error(stub.UpdateCustomer(idpb.UpdateCustomerRequest(
            customer_id=cid, email="x@example.org", update_mask=FieldMask(paths=["email"])),
            metadata=admin))
        assert closed.code() == grpc.StatusCode.FAILED_PRECONDITION


async def test_customer_rpcs_refuse_bad_input(system: tuple[DevStack, DevState]) -> None:
    from google.protobuf.field_mask_pb2 import FieldMask

    dev, state = system
    admin = token(state, "admin")
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        bad = await call_error(stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code="C-bad", legal_name="A", email="a@example.org", phone="0612",
            country="France", preferred_language="French!"), metadata=admin))
        assert set(field_violations(bad)) == {"phone", "country", "preferred_language"}
        bad = await call_error(stub.UpdateCustomer(idpb.UpdateCustomerRequest(
            customer_id=str(uuid.uuid4()), update_mask=FieldMask(paths=["customer_code"])),
            metadata=admin))
        assert set(field_violations(bad)) == {"update_mask"}
        bad = await call_error(stub.VerifyCustomerIdentity(idpb.VerifyCustomerIdentityRequest(
            customer_id="x", level=idpb.VERIFICATION_LEVEL_EMAIL), metadata=admin))
        assert set(field_violations(bad)) == {"customer_id", "evidence_ref"}
        bad = await call_error(stub.GiveConsent(idpb.GiveConsentRequest(
            customer_id=str(uuid.uuid4())), metadata=admin))
        assert set(field_violations(bad)) == {"purpose", "channel", "legal_basis", "source"}
        bad = await call_error(stub.ClassifyCustomer(idpb.ClassifyCustomerRequest(
            customer_id=str(uuid.uuid4()), add_segments=[""]), metadata=admin))
        assert set(field_violations(bad)) == {"add_segments"}
        missing = await call_error(stub.CloseCustomer(idpb.CloseCustomerRequest(
            customer_id=str(uuid.uuid4()), reason="x"), metadata=admin))
        assert missing.code() == grpc.StatusCode.NOT_FOUND
        agent_writes = await call_error(stub.CloseCustomer(idpb.CloseCustomerRequest(
            customer_id=str(uuid.uuid4()), reason="x"), metadata=token(state, "agent")))
        assert agent_writes.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_consent_and_links_are_published_without_personal_data(
        system: tuple[DevStack, DevState], stack: Servers) -> None:
    import nats

    from chorus.common.v1.envelope_pb2 import EventEnvelope
    from chorus.identity.v1 import events_pb2

    dev, state = system
    admin = token(state, "admin")
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        reg = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
            customer_code=f"P-{uuid.uuid4().hex[:8]}", legal_name="Paul Publish",
            email="paul@example.org"), metadata=admin)
        await stub.GiveConsent(idpb.GiveConsentRequest(
            customer_id=reg.customer_id, purpose=idpb.PURPOSE_RESEARCH,
            channel=idpb.CHANNEL_SMS, legal_basis=idpb.LEGAL_BASIS_CONSENT, source="survey"),
            metadata=admin)
        ext = uuid.uuid4().hex[:8]
        profile = await stub.RecordSocialProfile(idpb.RecordSocialProfileRequest(
            network=idpb.NETWORK_INSTAGRAM, external_id=ext, handle="@paul_publish"),
            metadata=admin)
        await stub.LinkSocialProfile(idpb.LinkSocialProfileRequest(
            profile_id=profile.profile_id, customer_id=reg.customer_id,
            evidence=idpb.LINK_EVIDENCE_CONFIRMED_BY_CODE, evidence_ref="code-1"),
            metadata=admin)

    nc = await nats.connect(stack.nats_url)
    try:
        js = nc.jetstream()
        found: dict[str, EventEnvelope] = {}
        for name in ("ConsentChanged", "SocialProfileLinkChanged"):
            sub = await js.subscribe(f"chorus.identity.acme.{name}", ordered_consumer=True)
            for _ in range(200):
                try:
                    msg = await sub.next_msg(timeout=0.1)
                except nats.errors.TimeoutError:
                    continue
                env = EventEnvelope.FromString(msg.data)
                if env.aggregate_id in (reg.customer_id, profile.profile_id):
                    found[name] = env
                    assert b"paul" not in msg.data.lower(), "no personal data on NATS"
                    break
            else:
                raise AssertionError(f"no {name} of this customer on NATS in 20 s")
            await sub.unsubscribe()
    finally:
        await nc.close()
    consent = events_pb2.ConsentChanged.FromString(found["ConsentChanged"].payload)
    assert (consent.customer_id, consent.purpose, consent.channel, consent.given,
            consent.legal_basis) == (reg.customer_id, "research", "sms", True, "consent")
    assert found["ConsentChanged"].purpose == "consent"
    link = events_pb2.SocialProfileLinkChanged.FromString(
        found["SocialProfileLinkChanged"].payload)
    assert (link.profile_id, link.network, link.customer_id) == (
        profile.profile_id, "instagram", reg.customer_id)


async def test_list_customers_pages_and_filters(system: tuple[DevStack, DevState]) -> None:
    dev, state = system
    admin = token(state, "admin")
    run = uuid.uuid4().hex[:6]
    async with channel(dev, "identity") as ch:
        stub = idgrpc.IdentityServiceStub(ch)
        ids = []
        for i in range(5):
            reg = await stub.RegisterCustomer(idpb.RegisterCustomerRequest(
                customer_code=f"Q{run}-{i}", legal_name=f"Q {i}", email=f"q{i}@example.org"),
                metadata=admin)
            ids.append(reg.customer_id)
            last = await stub.ClassifyCustomer(idpb.ClassifyCustomerRequest(
                customer_id=reg.customer_id, add_segments=[f"seg-{run}"],
                tier="gold" if i % 2 == 0 else "silver"), metadata=admin)
        last = await stub.GiveConsent(idpb.GiveConsentRequest(
            customer_id=ids[3], purpose=idpb.PURPOSE_MARKETING, channel=idpb.CHANNEL_PUSH,
            legal_basis=idpb.LEGAL_BASIS_CONSENT, source="app"), metadata=admin)
        seen, page_token, pages = [], "", 0
        while True:
            page = await stub.ListCustomers(idpb.ListCustomersRequest(
                segment=f"seg-{run}", page_size=2, page_token=page_token,
                consistency=Consistency(min_position=last.write.position)), metadata=admin)
            seen += [c.customer_code for c in page.customers]
            pages += 1
            page_token = page.next_page_token
            if not page_token:
                break
        assert seen == [f"Q{run}-{i}" for i in range(5)] and pages == 3
        gold = await stub.ListCustomers(idpb.ListCustomersRequest(
            segment=f"seg-{run}", tier="gold"), metadata=admin)
        assert [c.customer_code for c in gold.customers] == [f"Q{run}-{i}" for i in (0, 2, 4)]
        consenting = await stub.ListCustomers(idpb.ListCustomersRequest(
            segment=f"seg-{run}", consent_purpose=idpb.PURPOSE_MARKETING,
            consent_channel=idpb.CHANNEL_PUSH, consent_given=True), metadata=admin)
        assert [c.customer_id for c in consenting.customers] == [ids[3]]
        first = await stub.ListCustomers(idpb.ListCustomersRequest(
            segment=f"seg-{run}", page_size=2), metadata=admin)
        misused = await call_error(stub.ListCustomers(idpb.ListCustomersRequest(
            segment="other", page_size=2, page_token=first.next_page_token), metadata=admin))
        assert set(field_violations(misused)) == {"page_token"}
        half = await call_error(stub.ListCustomers(idpb.ListCustomersRequest(
            consent_purpose=idpb.PURPOSE_MARKETING), metadata=admin))
        assert set(field_violations(half)) == {"consent_channel"}
        elsewhere = await stub.ListCustomers(idpb.ListCustomersRequest(
            segment=f"seg-{run}"), metadata=token(state, "agent", tenant="globex"))
        assert list(elsewhere.customers) == []


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
