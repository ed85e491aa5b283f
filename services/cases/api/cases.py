"""Cases over gRPC: opening, reading, the conversation, routing and the lifecycle."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from chorus.auth.principal import Role, caller
from chorus.cases.v1 import cases_pb2 as pb
from chorus.errors import NotFound
from chorus.features.export import event_fields_json
from chorus.grpc.messages import timestamp, written
from chorus.grpc.validation import Check
from services.cases import application
from services.cases.api.parts import (
    SUPERVISORS,
    ApiParts,
    is_customer,
    own_case,
    owned,
    refuse,
)
from services.cases.application import Author
from services.cases.domain.case import Case
from services.cases.domain.priority import Priority
from services.cases.domain.vocabulary import (
    BODY_MAX,
    COMMENT_MAX,
    SOCIAL,
    SUBJECT_MAX,
    AuthorKind,
    Channel,
    Tier,
    Visibility,
)
from services.cases.messages import case_message, clock_message, message_message


def visibility_of(check: Check, value: int) -> Visibility:
    """PRIVATE unless said otherwise."""
    if not value:
        return Visibility.PRIVATE
    return Visibility(check.enum("visibility", value, pb.Visibility, "VISIBILITY_") or
                      "private")


def channel_of(check: Check, field: str, value: int) -> Channel:
    return Channel(check.enum(field, value, pb.Channel, "CHANNEL_") or "email")


class CaseCommandsApi(ApiParts):
    async def OpenCase(self, request: pb.OpenCaseRequest, context: Any) -> pb.OpenCaseResponse:
        p = caller()
        check = Check()
        channel = channel_of(check, "channel", request.channel)
        visibility = visibility_of(check, request.visibility)
        if visibility is Visibility.INTERNAL:
            check.fail("visibility", "a case opens from a public post or a private message")
        if visibility is Visibility.PUBLIC and channel not in SOCIAL:
            check.fail("visibility", f"{channel.value} is not public")
        received = check.past_time("received_at", request, required=False)
        subject = check.text("subject", request.subject, max_len=SUBJECT_MAX)
        body = check.text("body", request.body, max_len=BODY_MAX)
        customer = ""
        if request.customer_id:
            customer = str(check.uuid("customer_id", request.customer_id))
        author = None
        if request.HasField("author"):
            a = request.author
            if channel not in SOCIAL:
                check.fail("author", "only social channels have social authors")
            author = Author(check.text("author.external_id", a.external_id, max_len=128),
                            check.text("author.handle", a.handle, max_len=100,
                                       required=False),
                            check.text("author.display_name", a.display_name, required=False),
                            check.non_negative("author.followers", a.followers))
        if not customer and author is None:
            check.fail("customer_id", "give the customer, or the social author")
        if is_customer(p) and customer != p.subject:
            check.fail("customer_id", "customers open cases for themselves")
        ref = check.text("external_ref", request.external_ref, max_len=200, required=False)
        team = check.text("team", request.team, max_len=64, required=False)
        language = check.text("language", request.language, max_len=8, required=False)
        if language not in ("", "en", "fr"):
            check.fail("language", "must be en or fr")
        engagement = check.non_negative("engagement", request.engagement)
        check.done()
        case, created, position = await application.open_case(
            self.desk, p, channel=channel, visibility=visibility, received_at=received,
            subject=subject, body=body, customer_id=customer, author=author,
            external_ref=ref, team=team, language=language, engagement=engagement)
        return pb.OpenCaseResponse(
            case_id=str(case.id), created=created, write=written(position),
            priority=pb.Priority.Value("PRIORITY_" + case.priority.value.upper()))

    async def GetCase(self, request: pb.GetCaseRequest, context: Any) -> pb.GetCaseResponse:
        p = caller()
        check = Check()
        case_id = check.uuid("case_id", request.case_id)
        await self._caught_up(request.consistency, check)
        row = await self.queries.case_following_merges(p.tenant, case_id)
        if row is None:
            raise_not_found(case_id)
        own_case(p, row)
        threads = [row["case_id"], *await self.queries.merged_into(row["case_id"])]
        messages = await self.queries.messages(threads, internal=not is_customer(p))
        keys = await self._keys(p.tenant, [row, *messages], "sealed_for")
        keys |= await self._keys(p.tenant, [row], "comment_sealed_for")
        return pb.GetCaseResponse(
            case=case_message(row, keys, p.tenant),
            messages=[message_message(m, keys, p.tenant) for m in messages],
            targets=[clock_message(k) for k in await self.queries.clocks(row["case_id"])],
            redirected_from=str(case_id) if row["hops"] else "")

    async def GetCaseHistory(self, request: pb.GetCaseHistoryRequest,
                             context: Any) -> pb.GetCaseHistoryResponse:
        p = caller()
        check = Check()
        case_id = check.uuid("case_id", request.case_id)
        check.done()
        history = await self.store.history(case_id, tenant=p.tenant, what="case")
        return pb.GetCaseHistoryResponse(changes=[pb.CaseChange(
            event_type=type(e).__qualname__, recorded_at=timestamp(r.recorded_at),
            actor=r.metadata.actor, position=r.position or 0, fields_json=event_fields_json(e))
            for e, r in history])

    async def AddMessage(self, request: pb.AddMessageRequest,
                         context: Any) -> pb.AddMessageResponse:
        p = caller()
        check = Check()
        case_id = check.uuid("case_id", request.case_id)
        kind = AuthorKind(check.enum("author_kind", request.author_kind, pb.AuthorKind,
                                     "AUTHOR_KIND_") or "customer")
        visibility = visibility_of(check, request.visibility)
        canned = check.text("canned_response", request.canned_response, max_len=64,
                            required=False)
        body = check.text("body", request.body, max_len=BODY_MAX, required=not canned)
        if canned and request.body:
            check.fail("body", "give a body or a canned response, not both")
        author = check.text("author_id", request.author_id, max_len=128, required=False)
        if is_customer(p) and (kind is not AuthorKind.CUSTOMER or author):
            check.fail("author_kind", "customers write as themselves")
        if Role.SERVICE in p.roles and not p.has_any(Role.AGENT, Role.COMMUNITY_MANAGER,
                                                     Role.ADMIN) \
                and kind not in (AuthorKind.CUSTOMER, AuthorKind.SYSTEM):
            check.fail("author_kind", "a gateway relays the customer's or automated messages")
        if kind is AuthorKind.CUSTOMER and visibility is Visibility.INTERNAL:
            check.fail("visibility", "customers do not write internal notes")
        check.done()

        message_id, position = await application.add_message(
            self.desk, p, case_id, lambda case: owned(p, case), body, canned, author_kind=kind,
            author_id=author or (p.subject if kind is not AuthorKind.CUSTOMER or is_customer(p)
                                 else "customer"),
            visibility=visibility, automated=request.automated,
            awaiting_customer=request.awaiting_customer)
        return pb.AddMessageResponse(message_id=str(message_id), write=written(position))

    async def MoveToPrivate(self, request: pb.MoveToPrivateRequest,
                            context: Any) -> pb.MoveToPrivateResponse:
        p = caller()
        check = Check()
        case_id = check.uuid("case_id", request.case_id)
        channel = channel_of(check, "channel", request.channel)
        ack = check.text("public_acknowledgement", request.public_acknowledgement,
                         max_len=2_000)
        check.done()
        position = await application.change(self.desk, p, case_id, lambda case: case
                                            .move_to_private(channel, uuid4(), ack, p.subject,
                                                             self.desk.clock()))
        return pb.MoveToPrivateResponse(write=written(position))

    async def AssignCase(self, request: pb.AssignCaseRequest,
                         context: Any) -> pb.AssignCaseResponse:
        p = caller()
        check = Check()
        case_id = check.uuid("case_id", request.case_id)
        mode = check.enum("mode", request.mode, pb.AssignMode, "ASSIGN_MODE_") \
            if request.mode else "manual"
        team = check.text("team", request.team, max_len=64, required=mode != "manual")
        agent = check.text("agent_id", request.agent_id, max_len=128,
                           required=mode == "manual")
        if mode != "manual" and request.agent_id:
            check.fail("agent_id", f"{mode} chooses the agent")
        reason = check.text("reason", request.reason, max_len=500, required=False)
        check.done()

        def may_assign(case: Case) -> None:
            if case.agent_id and not p.has_any(*SUPERVISORS) and agent != case.agent_id:
                refuse("reassigning a case is for supervisors (admin)")

        team, agent, position = await application.assign(self.desk, p, case_id, team, agent,
                                                         mode, reason, may_assign)
        return pb.AssignCaseResponse(team=team, agent_id=agent, write=written(position))

    async def EscalateCase(self, request: pb.EscalateCaseRequest,
                           context: Any) -> pb.EscalateCaseResponse:
        p = caller()
        check = Check()
        case_id = check.uuid("case_id", request.case_id)
        tier = Tier(check.enum("tier", request.tier, pb.SupportTier, "SUPPORT_TIER_")
                    or "agent")
        reason = check.text("reason", request.reason, max_len=500)
        check.done()
        position = await application.change(self.desk, p, case_id, lambda case: case.escalate(
            tier, reason, p.subject))
        return pb.EscalateCaseResponse(write=written(position))

    async def SetCasePriority(self, request: pb.SetCasePriorityRequest,
                              context: Any) -> pb.SetCasePriorityResponse:
        p = caller()
        check = Check()
        case_id = check.uuid("case_id", request.case_id)
        priority = None
        if request.priority:
            priority = Priority(check.enum("priority", request.priority, pb.Priority,
                                           "PRIORITY_") or "normal")
        reason = check.text("reason", request.reason, max_len=500)
        check.done()
        chosen: list[Priority] = []

        def decide(case: Case) -> bool:
            changed = case.set_priority(priority, reason, p.subject)
            chosen.append(case.priority)
            return changed

        position = await application.change(self.desk, p, case_id, decide, reterm=None)
        return pb.SetCasePriorityResponse(priority=pb.Priority.Value(
            "PRIORITY_" + chosen[0].value.upper()), write=written(position))

    async def UpdateEngagement(self, request: pb.UpdateEngagementRequest,
                               context: Any) -> pb.UpdateEngagementResponse:
        p = caller()
        check = Check()
        case_id = check.uuid("case_id", request.case_id)
        engagement = check.non_negative("engagement", request.engagement)
        followers = check.non_negative("author_followers", request.author_followers)
        check.done()
        chosen: list[Priority] = []

        def decide(case: Case) -> bool:
            changed = case.update_engagement(engagement, followers, p.subject)
            chosen.append(case.priority)
            return changed

        position = await application.change(self.desk, p, case_id, decide, reterm=None)
        return pb.UpdateEngagementResponse(priority=pb.Priority.Value(
            "PRIORITY_" + chosen[0].value.upper()), write=written(position))

    async def ResolveCase(self, request: pb.ResolveCaseRequest,
                          context: Any) -> pb.ResolveCaseResponse:
        p = caller()
        check = Check()
        case_id = check.uuid("case_id", request.case_id)
        resolution = check.text("resolution", request.resolution, max_len=2_000,
                                required=False)
        accepted = check.uuid("accepted_message_id", request.accepted_message_id) \
            if request.accepted_message_id else None
        check.done()

        def decide(case: Case) -> None:
            owned(p, case)
            case.resolve(resolution, accepted, p.subject, self.desk.clock())

        position = await application.change(self.desk, p, case_id, decide)
        return pb.ResolveCaseResponse(write=written(position))

    async def CloseCase(self, request: pb.CloseCaseRequest,
                        context: Any) -> pb.CloseCaseResponse:
        p = caller()
        check = Check()
        case_id = check.uuid("case_id", request.case_id)
        reason = check.text("reason", request.reason, max_len=500)
        check.done()
        position = await application.change(self.desk, p, case_id, lambda case: case.close(
            reason, p.subject, self.desk.clock()))
        return pb.CloseCaseResponse(write=written(position))

    async def ReopenCase(self, request: pb.ReopenCaseRequest,
                         context: Any) -> pb.ReopenCaseResponse:
        p = caller()
        check = Check()
        case_id = check.uuid("case_id", request.case_id)
        reason = check.text("reason", request.reason, max_len=500)
        check.done()

        def decide(case: Case) -> None:
            owned(p, case)
            case.reopen(reason, p.subject, self.desk.clock())

        position = await application.change(self.desk, p, case_id, decide)
        return pb.ReopenCaseResponse(write=written(position))

    async def MergeCases(self, request: pb.MergeCasesRequest,
                         context: Any) -> pb.MergeCasesResponse:
        p = caller()
        check = Check()
        merged, survivor = check.merge(request, "merged_case_id", "survivor_case_id")
        reason = check.text("reason", request.reason, max_len=500)
        check.done()
        position = await application.merge(self.desk, p, merged, survivor, reason)
        return pb.MergeCasesResponse(write=written(position))

    async def RecordSatisfaction(self, request: pb.RecordSatisfactionRequest,
                                 context: Any) -> pb.RecordSatisfactionResponse:
        p = caller()
        check = Check()
        case_id = check.uuid("case_id", request.case_id)
        if not 1 <= request.score <= 5:
            check.fail("score", "must be 1 to 5")
        comment = check.text("comment", request.comment, max_len=COMMENT_MAX, required=False)
        check.done()

        def decide(case: Case) -> None:
            owned(p, case)
            case.record_satisfaction(request.score, comment, request.testimony_consent,
                                     p.subject)

        position = await application.change(self.desk, p, case_id, decide)
        return pb.RecordSatisfactionResponse(write=written(position))


def raise_not_found(case_id: UUID) -> None:
    raise NotFound(f"case {case_id} not found")
