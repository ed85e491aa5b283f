"""gRPC API of reputation: authorise (the role table), validate, call the application or a
query. One servicer, in four parts: mentions (mentions.py), voice and alert policies (buzz.py),
crisis alerts (alerts.py), and listening: feeds, objections, re-analysis (listening.py)."""

from __future__ import annotations

from chorus.auth.principal import Role
from chorus.features.customers import AnswersKnownCustomers
from chorus.reputation.v1 import reputation_pb2_grpc as pb_grpc
from services.reputation.api.alerts import AlertsApi
from services.reputation.api.buzz import BuzzApi
from services.reputation.api.listening import ListeningApi
from services.reputation.api.mentions import MentionsApi
from services.reputation.api.parts import INGEST, READERS

ADMINS = (Role.ADMIN,)
# Who answers a crisis: community managers and admins (analysts only watch).
RESPONDERS = (Role.COMMUNITY_MANAGER, Role.ADMIN)
ROLES: dict[str, tuple[Role, ...]] = {
    **AnswersKnownCustomers.ROLES,
    "RecordMentions": INGEST, "UpdateEngagement": INGEST, "GetMention": READERS,
    "SearchMentions": READERS, "GetTimeline": READERS, "ListAuthors": READERS,
    "GetShareOfVoice": READERS, "BacktestAlertPolicy": READERS,
    "ListAlerts": READERS, "WatchAlerts": READERS, "AcknowledgeAlert": RESPONDERS,
    "ResolveAlert": RESPONDERS, "DefineTrackedTerms": ADMINS, "DefineAlertPolicy": ADMINS,
    "ExportSubjectData": (Role.COMPLIANCE_OFFICER, Role.ADMIN, Role.CUSTOMER),
    "ListTopPosts": READERS, "ReanalyzeMentions": ADMINS, "DefineFeedSource": ADMINS,
    "RemoveFeedSource": ADMINS, "ListFeedSources": ADMINS, "PollFeedSource": ADMINS,
    # An author's objection reaches the brand as a data-protection request.
    "ObjectToTracking": (Role.ADMIN, Role.COMPLIANCE_OFFICER),
    "WithdrawTrackingObjection": (Role.ADMIN, Role.COMPLIANCE_OFFICER),
}


class ReputationApi(MentionsApi, BuzzApi, AlertsApi, ListeningApi, AnswersKnownCustomers,
                    pb_grpc.ReputationServiceServicer):
    pass


__all__ = ["ROLES", "ReputationApi"]
