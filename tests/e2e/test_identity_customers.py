"""identity's customers through the running system: lifecycle, verification,
classification and consent, bad input, what its events publish, lists and filters."""

from __future__ import annotations

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
from tests.e2e.calls import channel, token
from tests.grpc_client import bearer, call_error, field_violations
from tests.servers import Servers


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
