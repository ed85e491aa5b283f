"""gRPC API of identity: validate, authorise, call the application or a read model."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from chorus.audit.access_log import AccessLog
from chorus.auth.principal import PermissionDenied, Principal, Role, require
from chorus.common.v1.consistency_pb2 import WriteResult
from chorus.config import env
from chorus.errors import NotFound
from chorus.eventstore.mapper import open_field
from chorus.grpc.messages import timestamp, written
from chorus.grpc.paging import next_page_token, read_page
from chorus.grpc.validation import Check
from chorus.identity.v1 import identity_pb2 as pb
from chorus.identity.v1 import identity_pb2_grpc as pb_grpc
from chorus.privacy.export import event_fields_json
from chorus.runtime import Runtime
from services.identity import application, consumers
from services.identity.domain import (
    PRODUCER_WINDOW,
    Channel,
    Customer,
    Erasure,
    LinkEvidence,
    Network,
    ProducerTier,
    Purpose,
    SocialProfile,
    VerificationLevel,
    producer_tier_bounds,
)
from services.identity.projections import (
    SOCIAL,
    Customers,
    ProfileIndex,
    ProfileLinks,
    Survivors,
)

WRITERS = (Role.ADMIN, Role.SERVICE)
PROFILE_WRITERS = (Role.ADMIN, Role.SERVICE, Role.AGENT, Role.COMMUNITY_MANAGER)
READERS = (Role.AGENT, Role.ADMIN, Role.SERVICE, Role.COMPLIANCE_OFFICER,
           Role.COMMUNITY_MANAGER)
# Consent is recorded by the brand's systems and agents, or by the customers themselves.
CONSENT_RECORDERS = (Role.ADMIN, Role.SERVICE, Role.AGENT, Role.CUSTOMER)


def erasure_participants() -> list[str]:
    """The services that must confirm an erasure besides identity (configuration)."""
    return [s.strip() for s in (env("CHORUS_ERASURE_PARTICIPANTS") or "").split(",")
            if s.strip()]


def own_data(p: Principal, customer_id: UUID) -> None:
    """A customer acts only on their own record (their token subject is their customer id)."""
    if p.roles == {Role.CUSTOMER} and p.subject != str(customer_id):
        raise PermissionDenied("customers may act only on their own data")


def network(check: Check, value: int) -> Network:
    return Network(check.enum("network", value, pb.Network, "NETWORK_") or "x")


def evidence(check: Check, value: int) -> LinkEvidence:
    return LinkEvidence(check.enum("evidence", value, pb.LinkEvidence, "LINK_EVIDENCE_")
                        or "agent_confirmed")


def purpose_and_channel(check: Check, purpose_value: int, channel_value: int,
                        prefix: str = "") -> tuple[Purpose, Channel]:
    purpose = check.enum(prefix + "purpose", purpose_value, pb.Purpose, "PURPOSE_")
    channel = check.enum(prefix + "channel", channel_value, pb.Channel, "CHANNEL_")
    return Purpose(purpose or "marketing"), Channel(channel or "email")


def customer_message(row: Any, key: bytes | None, tenant: str) -> pb.Customer:
    """The read model keeps personal fields encrypted under the customer's key."""
    subject = str(row["customer_id"])

    def personal(field: str) -> str:
        return str(open_field(key, row[field], tenant, subject, field))

    return pb.Customer(
        customer_id=subject, customer_code=row["customer_code"],
        legal_name=personal("legal_name"), email=personal("email"), phone=personal("phone"),
        country=row["country"], preferred_language=row["language"],
        verification_level=pb.VerificationLevel.Value(
            "VERIFICATION_LEVEL_" + row["verification"].upper()),
        segments=row["segments"], tier=row["tier"], tags=row["tags"], closed=row["closed"],
        merged_into=str(row["merged_into"]) if row["merged_into"] else "")


def customer_state_message(c: Customer) -> pb.Customer:
    """A customer rebuilt from its events (the read model's row is `customer_message`)."""
    return pb.Customer(
        customer_id=str(c.id), customer_code=c.customer_code, legal_name=c.legal_name,
        email=c.email, phone=c.phone, country=c.country, preferred_language=c.language,
        verification_level=pb.VerificationLevel.Value(
            "VERIFICATION_LEVEL_" + c.verification.upper()),
        segments=sorted(c.segments), tier=c.tier, tags=sorted(c.tags), closed=c.closed,
        merged_into=str(c.merged_into) if c.merged_into else "")


def profile_message(profile: SocialProfile) -> pb.LinkedProfile:
    return pb.LinkedProfile(
        profile_id=str(profile.id),
        network=pb.Network.Value("NETWORK_" + profile.network.value.upper()),
        external_id=profile.external_id, handle=profile.handle,
        display_name=profile.display_name, url=profile.url,
        follower_count=profile.follower_count)


def consent_messages(history: list[tuple[Any, Any]]) -> list[pb.ConsentDecision]:
    return decision_messages(application.consent_decisions(history))


def decision_messages(decisions: list[tuple[Any, str]]) -> list[pb.ConsentDecision]:
    messages = []
    for e, actor in decisions:
        given = isinstance(e, Customer.ConsentGiven)
        messages.append(pb.ConsentDecision(
            purpose=pb.Purpose.Value("PURPOSE_" + e.purpose.upper()),
            channel=pb.Channel.Value("CHANNEL_" + e.channel.upper()), given=given,
            legal_basis=pb.LegalBasis.Value("LEGAL_BASIS_" + e.legal_basis.upper())
            if given else pb.LEGAL_BASIS_UNSPECIFIED,
            source=e.source, decided_at=timestamp(e.at), recorded_by=actor))
    return messages


class IdentityApi(pb_grpc.IdentityServiceServicer):
    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime
        self.customers: Customers = runtime.read_model(Customers.name)
        self.profiles: ProfileIndex = runtime.read_model(ProfileIndex.name)
        self.social = runtime.stores[SOCIAL]
        self.accesses = AccessLog(runtime.pool, runtime.schema)
        self.survivors = Survivors(self.customers, runtime.pool)
        self.holdings = application.Holdings(
            verified=runtime.store, social=self.social, index=self.profiles,
            links=runtime.read_model(ProfileLinks.name), activity=consumers.activity(runtime),
            mentions=consumers.mentions(runtime))

    async def RegisterCustomer(self, request: pb.RegisterCustomerRequest,
                               context: Any) -> pb.RegisterCustomerResponse:
        p = require(*WRITERS)
        check = Check()
        code = check.text("customer_code", request.customer_code, max_len=64)
        name = check.text("legal_name", request.legal_name)
        email = check.email("email", request.email)
        phone = check.phone("phone", request.phone)
        country = check.country("country", request.country)
        language = check.language("preferred_language", request.preferred_language)
        check.done()
        customer_id, position = await application.register_customer(
            self.rt.store, p, code, name, email, phone, country, language)
        return pb.RegisterCustomerResponse(customer_id=str(customer_id),
                                           write=written(position))

    async def GetCustomer(self, request: pb.GetCustomerRequest,
                          context: Any) -> pb.GetCustomerResponse:
        p = require(*READERS, Role.CUSTOMER)
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        check.non_negative("consistency.min_position", request.consistency.min_position)
        check.done()
        own_data(p, customer_id)
        await self.rt.projections[self.customers.name].wait_for(request.consistency.min_position)
        row = await self.customers.get(self.rt.pool, p.tenant, customer_id)
        if row is None:
            raise NotFound(f"customer {customer_id} not found")
        await self.accesses.record(p, [customer_id], "GetCustomer")
        (customer,) = await self._messages(p, [row])
        return pb.GetCustomerResponse(customer=customer)

    async def ListCustomers(self, request: pb.ListCustomersRequest,
                            context: Any) -> pb.ListCustomersResponse:
        p = require(*READERS)
        check = Check()
        filters: dict[str, Any] = {"segment": request.segment, "tier": request.tier,
                                   "include_closed": request.include_closed}
        if request.verification_level:
            filters["verification"] = check.enum(
                "verification_level", request.verification_level, pb.VerificationLevel,
                "VERIFICATION_LEVEL_")
        if request.consent_purpose or request.consent_channel:
            purpose, channel = purpose_and_channel(
                check, request.consent_purpose, request.consent_channel, "consent_")
            filters["consent"] = (purpose.value, channel.value, request.consent_given)
        check.non_negative("consistency.min_position", request.consistency.min_position)
        check.done()
        page = read_page(request.page_size, request.page_token, filters)
        await self.rt.projections[self.customers.name].wait_for(
            request.consistency.min_position)
        rows = await self.customers.list(self.rt.pool, p.tenant, filters,
                                         (page.cursor(str) or (None,))[0], page.size)
        last = [rows[-1]["customer_code"]] if rows else None
        await self.accesses.record(p, [r["customer_id"] for r in rows], "ListCustomers")
        return pb.ListCustomersResponse(
            customers=await self._messages(p, rows),
            next_page_token=next_page_token(page, len(rows), last, filters))

    async def _messages(self, p: Principal, rows: list[Any]) -> list[pb.Customer]:
        keys = await self.rt.store.keys.for_reading(
            {(p.tenant, str(r["customer_id"])) for r in rows})
        return [customer_message(r, keys.get((p.tenant, str(r["customer_id"]))), p.tenant)
                for r in rows]

    # -- customer changes -------------------------------------------------------------

    async def _change(self, p: Principal, customer_id: UUID,
                      decide: Callable[[Customer], None], purpose: str = "service") -> WriteResult:
        return written(await application.change_customer(self.rt.store, p, customer_id, decide,
                                                         purpose))

    async def UpdateCustomer(self, request: pb.UpdateCustomerRequest,
                             context: Any) -> pb.UpdateCustomerResponse:
        p = require(*WRITERS)
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        validators: dict[str, Callable[[str, str], str]] = {
            "legal_name": lambda f, v: check.text(f, v),
            "email": check.email, "phone": check.phone, "country": check.country,
            "preferred_language": check.language}
        changes: dict[str, str] = {}
        if not request.update_mask.paths:
            check.fail("update_mask", "name the fields to change")
        for path in request.update_mask.paths:
            if path not in validators:
                check.fail("update_mask", f"{path!r} cannot be changed here")
                continue
            field = "language" if path == "preferred_language" else path
            changes[field] = validators[path](path, getattr(request, path))
        check.done()
        write = await self._change(p, customer_id, lambda c: c.change_details(**changes))
        return pb.UpdateCustomerResponse(write=write)

    async def MergeCustomers(self, request: pb.MergeCustomersRequest,
                             context: Any) -> pb.MergeCustomersResponse:
        p = require(*WRITERS)
        check = Check()
        merged = check.uuid("merged_customer_id", request.merged_customer_id)
        survivor = check.uuid("survivor_customer_id", request.survivor_customer_id)
        if request.merged_customer_id and request.merged_customer_id == \
                request.survivor_customer_id:
            check.fail("survivor_customer_id", "must differ from merged_customer_id")
        reason = check.text("reason", request.reason, max_len=500)
        check.done()
        position = await application.merge_customers(self.rt.store, p, merged, survivor, reason)
        return pb.MergeCustomersResponse(write=written(position))

    async def UnmergeCustomer(self, request: pb.UnmergeCustomerRequest,
                              context: Any) -> pb.UnmergeCustomerResponse:
        p = require(*WRITERS)
        check = Check()
        merged = check.uuid("customer_id", request.customer_id)
        reason = check.text("reason", request.reason, max_len=500)
        check.done()
        position = await application.unmerge_customer(self.rt.store, p, merged, reason)
        return pb.UnmergeCustomerResponse(write=written(position))

    async def CloseCustomer(self, request: pb.CloseCustomerRequest,
                            context: Any) -> pb.CloseCustomerResponse:
        p = require(*WRITERS)
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        reason = check.text("reason", request.reason, max_len=500)
        check.done()
        write = await self._change(p, customer_id, lambda c: c.close(reason))
        return pb.CloseCustomerResponse(write=write)

    async def VerifyCustomerIdentity(self, request: pb.VerifyCustomerIdentityRequest,
                                     context: Any) -> pb.VerifyCustomerIdentityResponse:
        p = require(*WRITERS)
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        level = check.enum("level", request.level, pb.VerificationLevel, "VERIFICATION_LEVEL_")
        ref = check.text("evidence_ref", request.evidence_ref, max_len=200,
                         required=level not in ("", "none"))
        check.done()
        write = await self._change(p, customer_id, lambda c: c.verify_identity(
            VerificationLevel(level), ref, p.subject))
        return pb.VerifyCustomerIdentityResponse(write=write)

    async def ClassifyCustomer(self, request: pb.ClassifyCustomerRequest,
                               context: Any) -> pb.ClassifyCustomerResponse:
        p = require(*WRITERS)
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        labels = {f: [check.text(f, v, max_len=64) for v in getattr(request, f)]
                  for f in ("add_segments", "remove_segments", "tags")}
        tier = check.text("tier", request.tier, max_len=64, required=False) \
            if request.HasField("tier") else None
        check.done()
        write = await self._change(p, customer_id, lambda c: c.classify(
            add_segments=labels["add_segments"], remove_segments=labels["remove_segments"],
            tier=tier, tags=labels["tags"] if request.replace_tags else None))
        return pb.ClassifyCustomerResponse(write=write)

    async def GiveConsent(self, request: pb.GiveConsentRequest,
                          context: Any) -> pb.GiveConsentResponse:
        p = require(*CONSENT_RECORDERS)
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        purpose, channel = purpose_and_channel(check, request.purpose, request.channel)
        basis = check.enum("legal_basis", request.legal_basis, pb.LegalBasis, "LEGAL_BASIS_")
        source = check.text("source", request.source, max_len=100)
        check.done()
        own_data(p, customer_id)
        write = await self._change(p, customer_id, lambda c: c.give_consent(
            purpose, channel, basis, source, datetime.now(UTC)), purpose="consent")
        return pb.GiveConsentResponse(write=write)

    async def WithdrawConsent(self, request: pb.WithdrawConsentRequest,
                              context: Any) -> pb.WithdrawConsentResponse:
        p = require(*CONSENT_RECORDERS)
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        purpose, channel = purpose_and_channel(check, request.purpose, request.channel)
        source = check.text("source", request.source, max_len=100)
        check.done()
        own_data(p, customer_id)
        write = await self._change(p, customer_id, lambda c: c.withdraw_consent(
            purpose, channel, source, datetime.now(UTC)), purpose="consent")
        return pb.WithdrawConsentResponse(write=write)

    async def GetConsents(self, request: pb.GetConsentsRequest,
                          context: Any) -> pb.GetConsentsResponse:
        p = require(*READERS, Role.CUSTOMER)
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        check.done()
        own_data(p, customer_id)
        history = consent_messages(
            await application.change_history(self.rt.store, p, customer_id))
        current = {(d.purpose, d.channel): d for d in history}
        await self.accesses.record(p, [customer_id], "GetConsents")
        return pb.GetConsentsResponse(current=list(current.values()), history=history)

    async def EraseCustomer(self, request: pb.EraseCustomerRequest,
                            context: Any) -> pb.EraseCustomerResponse:
        p = require(Role.COMPLIANCE_OFFICER)
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        ref = check.text("request_ref", request.request_ref, max_len=200)
        check.done()
        erasure, position = await application.erase_customer(
            self.holdings, p, customer_id, ref, erasure_participants())
        return pb.EraseCustomerResponse(shredded=erasure.confirmations["identity"][0],
                                        write=written(position), erasure_id=str(erasure.id))

    async def GetErasureReceipt(self, request: pb.GetErasureReceiptRequest,
                                context: Any) -> pb.GetErasureReceiptResponse:
        p = require(Role.COMPLIANCE_OFFICER, Role.ADMIN)
        check = Check()
        erasure_id = check.uuid("erasure_id", request.erasure_id)
        check.done()
        e = await self.rt.store.get(Erasure, erasure_id, tenant=p.tenant)
        return pb.GetErasureReceiptResponse(
            erasure_id=str(e.id), customer_id=str(e.customer_id), request_ref=e.request_ref,
            requested_by=e.requested_by, participants=e.participants,
            confirmations=[pb.ErasureConfirmation(service=s, erased=erased,
                                                  confirmed_at=timestamp(at))
                           for s, (erased, at) in sorted(e.confirmations.items())],
            completed=bool(e.receipt_hash), receipt_hash=e.receipt_hash, pending=e.pending,
            requested_at=timestamp(e.created_on), due_by=timestamp(e.due_by),
            overdue=e.overdue(datetime.now(UTC)))

    async def ExportSubjectData(self, request: pb.ExportSubjectDataRequest,
                                context: Any) -> AsyncIterator[pb.ExportSubjectDataResponse]:
        p = require(Role.COMPLIANCE_OFFICER, Role.ADMIN, Role.CUSTOMER)
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        check.done()
        own_data(p, customer_id)
        history = await application.change_history(self.rt.store, p, customer_id)
        # The export must include the latest change even if the read model lags behind it.
        written_up_to = max((r.position or 0 for _, r in history), default=0)
        await self.rt.projections[self.customers.name].wait_for(written_up_to)
        row = await self.customers.get(self.rt.pool, p.tenant, customer_id)
        if row is None:
            raise NotFound(f"customer {customer_id} not found")
        await self.accesses.record(p, [customer_id], "ExportSubjectData")
        (customer,) = await self._messages(p, [row])
        yield pb.ExportSubjectDataResponse(customer=customer)
        for decision in consent_messages(history):
            yield pb.ExportSubjectDataResponse(consent=decision)
        for profile in await application.linked_profiles(self.holdings, p, customer_id):
            yield pb.ExportSubjectDataResponse(profile=profile_message(profile))
        for event, record in history:
            yield pb.ExportSubjectDataResponse(change=pb.ChangeRecord(
                event_type=type(event).__qualname__, recorded_at=timestamp(record.recorded_at),
                actor=record.metadata.actor, purpose=record.metadata.purpose,
                position=record.position or 0, fields_json=event_fields_json(event)))
        for access in await self.accesses.for_subject(p.tenant, customer_id):
            yield pb.ExportSubjectDataResponse(access=pb.AccessRecord(
                actor=access.actor, roles=access.roles, purpose=access.purpose,
                operation=access.operation, accessed_at=timestamp(access.accessed_at)))

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
                                              write=written(position))

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
        return pb.LinkSocialProfileResponse(write=written(position))

    async def UnlinkSocialProfile(self, request: pb.UnlinkSocialProfileRequest,
                                  context: Any) -> pb.UnlinkSocialProfileResponse:
        p = require(Role.ADMIN, Role.AGENT)
        check = Check()
        profile_id = check.uuid("profile_id", request.profile_id)
        reason = check.text("reason", request.reason, max_len=500)
        check.done()
        position = await application.unlink_profile(self.social, p, profile_id, reason)
        return pb.UnlinkSocialProfileResponse(write=written(position))

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
        if customer is not None:
            customer = await self.survivors.of(p.tenant, customer)
        return pb.ResolveResponse(known=customer is not None,
                                  customer_id=str(customer) if customer else "",
                                  profile_id=str(row["profile_id"]))

    # -- the 360-degree view and content producers ---------------------------------------

    async def GetCustomer360(self, request: pb.GetCustomer360Request,
                             context: Any) -> pb.GetCustomer360Response:
        p = require(*READERS, Role.CUSTOMER)
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        as_of = None
        if request.HasField("as_of"):
            as_of = request.as_of.ToDatetime(tzinfo=UTC)
            if as_of > datetime.now(UTC) + CLOCK_SKEW:
                check.fail("as_of", "must not be in the future")
        check.done()
        own_data(p, customer_id)
        view = await application.customer_360(self.holdings, p, customer_id, as_of)
        await self.accesses.record(p, [customer_id], "GetCustomer360")
        a = view.activity
        return pb.GetCustomer360Response(
            customer=customer_state_message(view.customer),
            profiles=[profile_message(pr) for pr in view.profiles],
            consents=decision_messages(view.consents),
            producer_tier=producer_tier_message(view.producer_tier),
            activity=pb.ActivitySummary(
                cases_opened=a.get("cases_opened", 0), cases_open=a.get("cases_open", 0),
                ideas_submitted=a.get("ideas_submitted", 0), votes_cast=a.get("votes_cast", 0),
                comments_posted=a.get("comments_posted", 0), mentions=view.mentions,
                mentions_last_90_days=view.recent_mentions,
                last_activity_at=timestamp(view.last_activity_at)
                if view.last_activity_at else None),
            merged_customer_ids=[str(m) for m in view.merged_ids], as_of=timestamp(view.at))

    async def ListContentProducers(self, request: pb.ListContentProducersRequest,
                                   context: Any) -> pb.ListContentProducersResponse:
        p = require(*READERS)
        check = Check()
        tier = ProducerTier(check.enum("tier", request.tier, pb.ContentProducerTier,
                                       "CONTENT_PRODUCER_TIER_") or "silent")
        check.done()
        query = {"tier": tier.value}
        page = read_page(request.page_size, request.page_token, query)
        after = page.cursor(int, UUID)
        low, high = producer_tier_bounds(tier)
        rows = await self.holdings.mentions.producers(
            self.rt.pools[SOCIAL], p.tenant, datetime.now(UTC) - PRODUCER_WINDOW, low, high,
            after, page.size)
        last = [rows[-1]["n"], str(rows[-1]["customer_id"])] if rows else None
        return pb.ListContentProducersResponse(
            producers=[pb.ContentProducer(customer_id=str(r["customer_id"]),
                                          mentions_last_90_days=r["n"]) for r in rows],
            next_page_token=next_page_token(page, len(rows), last, query))


# Clients' clocks may run a little ahead of ours.
CLOCK_SKEW = timedelta(seconds=5)


def producer_tier_message(tier: ProducerTier) -> int:
    return pb.ContentProducerTier.Value("CONTENT_PRODUCER_TIER_" + tier.value.upper())
