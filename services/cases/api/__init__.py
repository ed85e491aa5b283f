"""gRPC API of cases: authorise (the role table), validate, call the application or a query.
One servicer, in three parts: cases (cases.py), settings (settings.py) and views (views.py)."""

from __future__ import annotations

from chorus.auth.principal import Role
from chorus.cases.v1 import cases_pb2_grpc as pb_grpc
from chorus.features.customers import AnswersKnownCustomers
from services.cases.api.cases import CaseCommandsApi
from services.cases.api.parts import AGENTS, READERS, SUPERVISORS
from services.cases.api.settings import SettingsApi
from services.cases.api.views import ViewsApi

# Customers may call some RPCs, for their own cases only; the `service` role is a channel
# gateway (it opens cases and relays the customer's messages).
GATEWAY = (Role.SERVICE,)
CUSTOMER = (Role.CUSTOMER,)
ROLES: dict[str, tuple[Role, ...]] = {
    **AnswersKnownCustomers.ROLES,
    "OpenCase": (*AGENTS, *GATEWAY, *CUSTOMER), "GetCase": (*AGENTS, *GATEWAY, *CUSTOMER),
    "GetCaseHistory": (*AGENTS, Role.COMPLIANCE_OFFICER),
    "AddMessage": (*AGENTS, *GATEWAY, *CUSTOMER), "MoveToPrivate": AGENTS,
    "AssignCase": AGENTS, "EscalateCase": AGENTS, "SetCasePriority": AGENTS,
    "UpdateEngagement": (*AGENTS, *GATEWAY), "ResolveCase": (*AGENTS, *CUSTOMER),
    "CloseCase": AGENTS, "ReopenCase": (*AGENTS, *CUSTOMER), "MergeCases": AGENTS,
    "RecordSatisfaction": (*GATEWAY, *CUSTOMER),
    "DefineBusinessCalendar": SUPERVISORS, "ListBusinessCalendars": READERS,
    "DefineSlaPolicy": SUPERVISORS, "ListSlaPolicies": READERS, "DefineTeam": SUPERVISORS,
    "DefineCannedResponse": SUPERVISORS, "ListCannedResponses": AGENTS,
    "ListCases": (*READERS, *CUSTOMER), "GetQueue": AGENTS, "GetTeamWorkload": AGENTS,
    "ListSlaBreaches": READERS,
    "SearchCases": AGENTS, "GetCaseStats": (Role.ANALYST, Role.ADMIN, Role.COMMUNITY_MANAGER),
    "ExportSubjectData": (Role.COMPLIANCE_OFFICER, Role.ADMIN, *CUSTOMER),
}


class CasesApi(AnswersKnownCustomers, CaseCommandsApi, SettingsApi, ViewsApi,
               pb_grpc.CasesServiceServicer):
    """cases' servicer (its constructor: api/parts.py)."""
