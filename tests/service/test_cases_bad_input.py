"""cases in-process: every RPC's bad input and bad callers get a precise status and write
nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc

from chorus.cases.v1 import cases_pb2 as pb
from tests.e2e.calls import ts
from tests.service.cases_calls import hours, open_email
from tests.service.harness import Harness, field_names

C = grpc.StatusCode


async def test_bad_input_and_bad_callers_get_precise_statuses_and_write_nothing(
        cases: Harness) -> None:
    customer = str(uuid.uuid4())
    case = await open_email(cases, customer)
    other = await open_email(cases, str(uuid.uuid4()))
    closed = await open_email(cases, customer)
    await cases.call("CloseCase", pb.CloseCaseRequest(case_id=closed.case_id, reason="spam"),
                     "agent")
    missing, later = str(uuid.uuid4()), datetime.now(UTC) + timedelta(days=1)
    week = [pb.OpeningHours(day=pb.WEEKDAY_MONDAY, opens="09:00", closes="17:00")]
    # (RPC, request, roles, expected status, fields named by INVALID_ARGUMENT)
    table: list[tuple[str, Any, tuple[str, ...], grpc.StatusCode, set[str]]] = [
        ("OpenCase", pb.OpenCaseRequest(subject="x", body="y", customer_id=customer),
         ("service",), C.INVALID_ARGUMENT, {"channel"}),
        ("OpenCase", pb.OpenCaseRequest(channel=pb.CHANNEL_EMAIL, visibility=pb
                                        .VISIBILITY_PUBLIC, subject="x", body="y",
                                        customer_id=customer), ("service",),
         C.INVALID_ARGUMENT, {"visibility"}),
        ("OpenCase", pb.OpenCaseRequest(channel=99, subject="x", body="y",
                                        customer_id=customer), ("service",),
         C.INVALID_ARGUMENT, {"channel"}),
        ("OpenCase", pb.OpenCaseRequest(channel=pb.CHANNEL_X, subject="", body="y" * 20_001),
         ("service",), C.INVALID_ARGUMENT, {"subject", "body", "customer_id"}),
        ("OpenCase", pb.OpenCaseRequest(channel=pb.CHANNEL_EMAIL, subject="x\x00", body="y",
                                        customer_id="not-a-uuid", received_at=ts(later)),
         ("service",), C.INVALID_ARGUMENT, {"subject", "customer_id", "received_at"}),
        ("OpenCase", pb.OpenCaseRequest(channel=pb.CHANNEL_EMAIL, subject="x", body="y",
                                        customer_id=customer), ("analyst",),
         C.PERMISSION_DENIED, set()),
        ("OpenCase", pb.OpenCaseRequest(channel=pb.CHANNEL_EMAIL, subject="x", body="y",
                                        customer_id=customer), ("customer",),
         C.INVALID_ARGUMENT, {"customer_id"}),
        ("GetCase", pb.GetCaseRequest(case_id="17"), ("agent",), C.INVALID_ARGUMENT,
         {"case_id"}),
        ("GetCase", pb.GetCaseRequest(case_id=missing), ("agent",), C.NOT_FOUND, set()),
        ("GetCase", pb.GetCaseRequest(case_id=case.case_id), ("customer",), C.NOT_FOUND,
         set()),
        ("GetCase", pb.GetCaseRequest(case_id=other.case_id, consistency={
            "min_position": 10**12}), ("agent",), C.OUT_OF_RANGE, set()),
        ("AddMessage", pb.AddMessageRequest(case_id=case.case_id, author_kind=pb
                                            .AUTHOR_KIND_CUSTOMER, visibility=pb
                                            .VISIBILITY_INTERNAL, body="x"), ("agent",),
         C.INVALID_ARGUMENT, {"visibility"}),
        ("AddMessage", pb.AddMessageRequest(case_id=closed.case_id, author_kind=pb
                                            .AUTHOR_KIND_AGENT, visibility=pb
                                            .VISIBILITY_PRIVATE, body="x"), ("agent",),
         C.FAILED_PRECONDITION, set()),
        ("AddMessage", pb.AddMessageRequest(case_id=case.case_id, author_kind=pb
                                            .AUTHOR_KIND_AGENT, visibility=pb
                                            .VISIBILITY_PRIVATE, canned_response="nope"),
         ("agent",), C.NOT_FOUND, set()),
        ("MoveToPrivate", pb.MoveToPrivateRequest(case_id=case.case_id, channel=pb
                                                  .CHANNEL_EMAIL, public_acknowledgement="x"),
         ("agent",), C.FAILED_PRECONDITION, set()),
        ("AssignCase", pb.AssignCaseRequest(case_id=case.case_id), ("agent",),
         C.INVALID_ARGUMENT, {"agent_id"}),
        ("AssignCase", pb.AssignCaseRequest(case_id=case.case_id, team="nobody",
                                            mode=pb.ASSIGN_MODE_ROUND_ROBIN), ("agent",),
         C.NOT_FOUND, set()),
        ("EscalateCase", pb.EscalateCaseRequest(case_id=case.case_id, tier=pb
                                                .SUPPORT_TIER_AGENT, reason="x"), ("agent",),
         C.FAILED_PRECONDITION, set()),
        ("EscalateCase", pb.EscalateCaseRequest(case_id=case.case_id, reason=""),
         ("agent",), C.INVALID_ARGUMENT, {"tier", "reason"}),
        ("SetCasePriority", pb.SetCasePriorityRequest(case_id=case.case_id, priority=9,
                                                      reason="x"), ("agent",),
         C.INVALID_ARGUMENT, {"priority"}),
        ("UpdateEngagement", pb.UpdateEngagementRequest(case_id=case.case_id,
                                                        engagement=-1), ("service",),
         C.INVALID_ARGUMENT, {"engagement"}),
        ("ResolveCase", pb.ResolveCaseRequest(case_id=closed.case_id), ("agent",),
         C.FAILED_PRECONDITION, set()),
        ("ResolveCase", pb.ResolveCaseRequest(case_id=other.case_id), ("customer",),
         C.NOT_FOUND, set()),
        ("CloseCase", pb.CloseCaseRequest(case_id=case.case_id), ("agent",),
         C.INVALID_ARGUMENT, {"reason"}),
        ("ReopenCase", pb.ReopenCaseRequest(case_id=case.case_id, reason="x"), ("agent",),
         C.FAILED_PRECONDITION, set()),
        ("MergeCases", pb.MergeCasesRequest(merged_case_id=case.case_id,
                                            survivor_case_id=case.case_id, reason="x"),
         ("agent",), C.INVALID_ARGUMENT, {"survivor_case_id"}),
        ("MergeCases", pb.MergeCasesRequest(merged_case_id=case.case_id,
                                            survivor_case_id=other.case_id, reason="x"),
         ("agent",), C.FAILED_PRECONDITION, set()),
        ("MergeCases", pb.MergeCasesRequest(merged_case_id=case.case_id,
                                            survivor_case_id=closed.case_id, reason="x"),
         ("agent",), C.FAILED_PRECONDITION, set()),
        ("RecordSatisfaction", pb.RecordSatisfactionRequest(case_id=case.case_id, score=0),
         ("customer",), C.INVALID_ARGUMENT, {"score"}),
        ("RecordSatisfaction", pb.RecordSatisfactionRequest(case_id=case.case_id, score=6),
         ("customer",), C.INVALID_ARGUMENT, {"score"}),
        ("RecordSatisfaction", pb.RecordSatisfactionRequest(case_id=case.case_id, score=4),
         ("service",), C.FAILED_PRECONDITION, set()),
        ("DefineBusinessCalendar", pb.DefineBusinessCalendarRequest(calendar=pb
         .BusinessCalendar(calendar="paris", time_zone="Europe/Paris", hours=[
             pb.OpeningHours(day=pb.WEEKDAY_MONDAY, opens="17:00", closes="09:00")])),
         ("admin",), C.INVALID_ARGUMENT, {"calendar.hours"}),
        ("DefineBusinessCalendar", pb.DefineBusinessCalendarRequest(calendar=pb
         .BusinessCalendar(calendar="paris", time_zone="Europe/Paris", hours=[
             *week, pb.OpeningHours(day=pb.WEEKDAY_MONDAY, opens="12:00", closes="13:00")])),
         ("admin",), C.INVALID_ARGUMENT, {"calendar.hours"}),
        ("DefineBusinessCalendar", pb.DefineBusinessCalendarRequest(calendar=pb
         .BusinessCalendar(calendar="paris", time_zone="Mars/Olympus", hours=week)),
         ("admin",), C.INVALID_ARGUMENT, {"calendar.time_zone"}),
        ("DefineBusinessCalendar", pb.DefineBusinessCalendarRequest(calendar=pb
         .BusinessCalendar(calendar="paris", time_zone="UTC", hours=week, holidays=[
             pb.Holiday(date="2026-02-30")])), ("admin",), C.INVALID_ARGUMENT,
         {"calendar.holidays[0].date"}),
        ("DefineBusinessCalendar", pb.DefineBusinessCalendarRequest(calendar=pb
         .BusinessCalendar(calendar="paris", time_zone="UTC", hours=week)), ("agent",),
         C.PERMISSION_DENIED, set()),
        ("DefineSlaPolicy", pb.DefineSlaPolicyRequest(policy=pb.SlaPolicy(policy="p")),
         ("admin",), C.INVALID_ARGUMENT, {"policy"}),
        ("DefineSlaPolicy", pb.DefineSlaPolicyRequest(policy=pb.SlaPolicy(
            policy="p", first_response=hours(1), calendar="nowhere")), ("admin",),
         C.NOT_FOUND, set()),
        ("DefineSlaPolicy", pb.DefineSlaPolicyRequest(policy=pb.SlaPolicy(
            policy="p", first_response=hours(1), warning_percent=120)), ("admin",),
         C.INVALID_ARGUMENT, {"policy.warning_percent"}),
        ("DefineTeam", pb.DefineTeamRequest(team="Bad Name"), ("admin",),
         C.INVALID_ARGUMENT, {"team"}),
        ("DefineCannedResponse", pb.DefineCannedResponseRequest(response=pb.CannedResponse(
            key="hello", language="de", text="x")), ("admin",), C.INVALID_ARGUMENT,
         {"response.language"}),
        ("ListCases", pb.ListCasesRequest(statuses=[42]), ("agent",), C.INVALID_ARGUMENT,
         {"statuses"}),
        ("ListCases", pb.ListCasesRequest(page_token="forged"), ("agent",),
         C.INVALID_ARGUMENT, {"page_token"}),
        ("GetQueue", pb.GetQueueRequest(), ("agent",), C.INVALID_ARGUMENT, {"agent_id"}),
        ("ListSlaBreaches", pb.ListSlaBreachesRequest(), ("agent",), C.INVALID_ARGUMENT,
         {"before"}),
        ("SearchCases", pb.SearchCasesRequest(query=""), ("agent",), C.INVALID_ARGUMENT,
         {"query"}),
        ("SearchCases", pb.SearchCasesRequest(query="refund"), ("customer",),
         C.PERMISSION_DENIED, set()),
        ("GetCaseStats", pb.GetCaseStatsRequest(**{"from": ts(later)}), ("analyst",),
         C.INVALID_ARGUMENT, {"from", "to"}),
        ("ExportSubjectData", pb.ExportSubjectDataRequest(customer_id=customer),
         ("customer",), C.PERMISSION_DENIED, set()),
    ]
    head = await cases.runtime.store.recorder.max_notification_id()
    for method, request, roles, code, fields in table:
        refused = await cases.refused(method, request, *roles, subject=str(uuid.uuid4()))
        assert refused.code == code, (method, request, refused)
        if fields:
            assert field_names(refused) == fields, (method, refused)
    assert await cases.runtime.store.recorder.max_notification_id() == head, "nothing written"
