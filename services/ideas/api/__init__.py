"""gRPC API of ideas: authorise (the role table), validate, call the application or a query.
One servicer, in three parts: the board (board.py), the conversation (conversation.py) and
the import of a community (importing.py)."""

from __future__ import annotations

from chorus.auth.principal import Role
from chorus.features.customers import AnswersKnownCustomers
from chorus.ideas.v1 import ideas_pb2_grpc as pb_grpc
from services.ideas.api.board import BoardApi
from services.ideas.api.conversation import ConversationApi
from services.ideas.api.importing import ImportApi
from services.ideas.api.parts import (
    CONTRIBUTORS,
    DECIDERS,
    EVERYONE,
    MODERATORS,
    STAFF_AND_CONTRIBUTORS,
)

# Who may call each RPC (the kernel refuses everyone else before the handler runs; some
# handlers refine it, e.g. an official comment is for deciders only).
ROLES: dict[str, tuple[Role, ...]] = {
    **AnswersKnownCustomers.ROLES,
    "DefineCategory": DECIDERS, "ListCategories": EVERYONE, "LaunchCampaign": DECIDERS,
    "ListCampaigns": EVERYONE, "SubmitIdea": CONTRIBUTORS, "SuggestDuplicates": EVERYONE,
    "EditIdea": CONTRIBUTORS, "WithdrawIdea": CONTRIBUTORS, "GetIdea": EVERYONE,
    "ListIdeas": EVERYONE, "ChangeIdeaStatus": DECIDERS, "MergeIdeas": DECIDERS,
    "VoteOnIdea": CONTRIBUTORS, "PostComment": STAFF_AND_CONTRIBUTORS,
    "EditComment": STAFF_AND_CONTRIBUTORS, "DeleteComment": STAFF_AND_CONTRIBUTORS,
    "VoteOnComment": CONTRIBUTORS, "ListComments": EVERYONE, "Moderate": MODERATORS,
    "ReportAbuse": CONTRIBUTORS, "ListModerationQueue": MODERATORS,
    "SetBannedTerms": MODERATORS,
    "GetInbox": (*CONTRIBUTORS, Role.AGENT, Role.COMMUNITY_MANAGER, Role.ADMIN),
    "GetLeaderboard": EVERYONE,
    "ExportSubjectData": (Role.COMPLIANCE_OFFICER, Role.ADMIN, Role.CUSTOMER),
    # Writing as the community's original authors is a migration: admins only.
    "ImportIdeas": (Role.ADMIN,),
}


class IdeasApi(AnswersKnownCustomers, BoardApi, ConversationApi, ImportApi,
               pb_grpc.IdeasServiceServicer):
    """ideas' servicer (its constructor: api/parts.py)."""
