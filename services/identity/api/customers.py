"""identity's customers over gRPC: registration and changes, consent, erasure and the right of
access."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from chorus.auth.principal import Principal, caller
from chorus.common.v1.consistency_pb2 import WriteResult
from chorus.errors import NotFound
from chorus.features.export import event_fields_json, own_data
from chorus.grpc.messages import timestamp, written
from chorus.grpc.paging import next_page_token, read_page
from chorus.grpc.validation import Check, read_your_writes
from chorus.identity.v1 import identity_pb2 as pb
from services.identity import application
from services.identity.api.parts import ApiParts
from services.identity.domain.customer import Customer, VerificationLevel
from services.identity.domain.erasure import Erasure
from services.identity.messages import (
    consent_messages,
    customer_message,
    profile_message,
    purpose_and_channel,
)
from services.identity.queries import (
    change_history,
    linked_profiles,
)


def registration(check: Check, r: pb.RegisterCustomerRequest,
                 at: str = "") -> tuple[str, str, str, str, str, str]:
    """(code, legal name, email, phone, country, language) of a registration; `at` prefixes
    field paths (an import's `customers[3].customer.`)."""
    return (check.text(f"{at}customer_code", r.customer_code, max_len=64),
            check.text(f"{at}legal_name", r.legal_name), check.email(f"{at}email", r.email),
            check.phone(f"{at}phone", r.phone), check.country(f"{at}country", r.country),
            check.language(f"{at}preferred_language", r.preferred_language))


class CustomersApi(ApiParts):
    async def RegisterCustomer(self, request: pb.RegisterCustomerRequest,
                               context: Any) -> pb.RegisterCustomerResponse:
        p = caller()
        check = Check()
        fields = registration(check, request)
        check.done()
        customer_id, position = await application.register_customer(self.store, p, *fields)
        return pb.RegisterCustomerResponse(customer_id=str(customer_id),
                                           write=written(position))

    async def GetCustomer(self, request: pb.GetCustomerRequest,
                          context: Any) -> pb.GetCustomerResponse:
        p = caller()
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        check.non_negative("consistency.min_position", request.consistency.min_position)
        check.done()
        own_data(p, customer_id)
        await self.customers.caught_up(request.consistency.min_position)
        row = await self.customers.get(self.pool, p.tenant, customer_id)
        if row is None:
            raise NotFound(f"customer {customer_id} not found")
        await self.accesses.record(p, [customer_id], "GetCustomer")
        (customer,) = await self._messages(p, [row])
        return pb.GetCustomerResponse(customer=customer)

    async def ListCustomers(self, request: pb.ListCustomersRequest,
                            context: Any) -> pb.ListCustomersResponse:
        p = caller()
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
        await self.customers.caught_up(
            request.consistency.min_position)
        rows = await self.customers.list(self.pool, p.tenant, filters,
                                         (page.cursor(str) or (None,))[0], page.size)
        last = [rows[-1]["customer_code"]] if rows else None
        await self.accesses.record(p, [r["customer_id"] for r in rows], "ListCustomers")
        return pb.ListCustomersResponse(
            customers=await self._messages(p, rows),
            next_page_token=next_page_token(page, len(rows), last, filters))

    async def _messages(self, p: Principal, rows: list[Any]) -> list[pb.Customer]:
        keys = await self.store.keys.for_reading(
            {(p.tenant, str(r["customer_id"])) for r in rows})
        return [customer_message(r, keys.get((p.tenant, str(r["customer_id"]))), p.tenant)
                for r in rows]

    # -- customer changes -------------------------------------------------------------

    async def _change(self, p: Principal, customer_id: UUID,
                      decide: Callable[[Customer], None], purpose: str = "service") -> WriteResult:
        return written(await application.change_customer(self.store, p, customer_id, decide,
                                                         purpose))

    async def UpdateCustomer(self, request: pb.UpdateCustomerRequest,
                             context: Any) -> pb.UpdateCustomerResponse:
        p = caller()
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
        p = caller()
        check = Check()
        merged, survivor = check.merge(request, "merged_customer_id", "survivor_customer_id")
        reason = check.text("reason", request.reason, max_len=500)
        check.done()
        position = await application.merge_customers(self.store, p, merged, survivor, reason)
        return pb.MergeCustomersResponse(write=written(position))

    async def UnmergeCustomer(self, request: pb.UnmergeCustomerRequest,
                              context: Any) -> pb.UnmergeCustomerResponse:
        p = caller()
        check = Check()
        merged = check.uuid("customer_id", request.customer_id)
        reason = check.text("reason", request.reason, max_len=500)
        check.done()
        position = await application.unmerge_customer(self.store, p, merged, reason)
        return pb.UnmergeCustomerResponse(write=written(position))

    async def CloseCustomer(self, request: pb.CloseCustomerRequest,
                            context: Any) -> pb.CloseCustomerResponse:
        p = caller()
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        reason = check.text("reason", request.reason, max_len=500)
        check.done()
        write = await self._change(p, customer_id, lambda c: c.close(reason))
        return pb.CloseCustomerResponse(write=write)

    async def VerifyCustomerIdentity(self, request: pb.VerifyCustomerIdentityRequest,
                                     context: Any) -> pb.VerifyCustomerIdentityResponse:
        p = caller()
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
        p = caller()
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
        p = caller()
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
        p = caller()
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
        p = caller()
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        check.done()
        own_data(p, customer_id)
        history = consent_messages(
            await change_history(self.store, p, customer_id))
        current = {(d.purpose, d.channel): d for d in history}
        await self.accesses.record(p, [customer_id], "GetConsents")
        return pb.GetConsentsResponse(current=list(current.values()), history=history)

    async def EraseCustomer(self, request: pb.EraseCustomerRequest,
                            context: Any) -> pb.EraseCustomerResponse:
        p = caller()
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        ref = check.text("request_ref", request.request_ref, max_len=200)
        check.done()
        erasure, position = await application.erase_customer(
            self.holdings, p, customer_id, ref, self.participants)
        return pb.EraseCustomerResponse(shredded=erasure.confirmations["identity"][0],
                                        write=written(position), erasure_id=str(erasure.id))

    async def GetErasureReceipt(self, request: pb.GetErasureReceiptRequest,
                                context: Any) -> pb.GetErasureReceiptResponse:
        p = caller()
        check = Check()
        erasure_id = check.uuid("erasure_id", request.erasure_id)
        check.done()
        e = await self.store.get(Erasure, erasure_id, tenant=p.tenant)
        return pb.GetErasureReceiptResponse(
            erasure_id=str(e.id), customer_id=str(e.customer_id), request_ref=e.request_ref,
            requested_by=e.requested_by, participants=e.participants,
            confirmations=[pb.ErasureConfirmation(service=s, erased=erased,
                                                  confirmed_at=timestamp(at))
                           for s, (erased, at) in sorted(e.confirmations.items())],
            completed=bool(e.receipt_hash), receipt_hash=e.receipt_hash, pending=e.pending,
            requested_at=timestamp(e.created_on), due_by=timestamp(e.due_by),
            overdue=e.overdue(datetime.now(UTC)))

    async def ListErasures(self, request: pb.ListErasuresRequest,
                           context: Any) -> pb.ListErasuresResponse:
        p = caller()
        check = Check()
        state = check.enum("filter", request.filter, pb.ErasureFilter, "ERASURE_FILTER_") \
            if request.filter else ""
        page = read_page(request.page_size, request.page_token, {"filter": state})
        after = page.cursor(datetime, UUID)
        await read_your_writes(check, request.consistency, self.erasures)
        rows = await self.erasures.listed(self.pool, p.tenant, state, after, page.size)
        now = datetime.now(UTC)
        found = []
        for r in rows:
            summary = pb.ErasureSummary(
                erasure_id=str(r["erasure_id"]), customer_id=str(r["customer_id"]),
                request_ref=r["request_ref"], requested_by=r["requested_by"],
                requested_at=timestamp(r["requested_at"]), due_by=timestamp(r["due_by"]),
                pending=r["pending"], completed=r["completed_at"] is not None,
                overdue=r["completed_at"] is None and r["due_by"] < now)
            if r["completed_at"] is not None:
                summary.completed_at.CopyFrom(timestamp(r["completed_at"]))
            found.append(summary)
        last = [rows[-1]["requested_at"].isoformat(), str(rows[-1]["erasure_id"])] if rows \
            else None
        return pb.ListErasuresResponse(erasures=found, next_page_token=next_page_token(
            page, len(rows), last, {"filter": state}))

    async def ExportSubjectData(self, request: pb.ExportSubjectDataRequest,
                                context: Any) -> AsyncIterator[pb.ExportSubjectDataResponse]:
        p = caller()
        check = Check()
        customer_id = check.uuid("customer_id", request.customer_id)
        check.done()
        own_data(p, customer_id)
        history = await change_history(self.store, p, customer_id)
        # The export must include the latest change even if the read model lags behind it.
        written_up_to = max((r.position or 0 for _, r in history), default=0)
        await self.customers.caught_up(written_up_to)
        row = await self.customers.get(self.pool, p.tenant, customer_id)
        if row is None:
            raise NotFound(f"customer {customer_id} not found")
        await self.accesses.record(p, [customer_id], "ExportSubjectData")
        (customer,) = await self._messages(p, [row])
        yield pb.ExportSubjectDataResponse(customer=customer)
        for decision in consent_messages(history):
            yield pb.ExportSubjectDataResponse(consent=decision)
        for profile in await linked_profiles(self.holdings, p, customer_id):
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
