"""What the parts of ideas' servicer share: roles, who a contributor acts as, and the
servicer's constructor."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from chorus.auth.principal import PermissionDenied, Principal, Role, caller
from chorus.eventstore.store import EventStore
from chorus.features.customers import CustomerReplica
from chorus.features.export import SubjectExport
from chorus.grpc.validation import Check, read_your_writes
from chorus.ideas.v1 import events_pb2 as events
from services.ideas.domain.post import Vote
from services.ideas.messages import VOTE_OF
from services.ideas.projections.board import Board
from services.ideas.queries import BoardQueries

EVERYONE = tuple(Role)
DECIDERS = (Role.COMMUNITY_MANAGER, Role.ADMIN)
MODERATORS = (Role.MODERATOR, Role.ADMIN)
# Those who post, vote and report as a customer: the customer, or the brand's front end
# (service role) naming the customer it acts for.
CONTRIBUTORS = (Role.CUSTOMER, Role.SERVICE)
STAFF_AND_CONTRIBUTORS = (*CONTRIBUTORS, *DECIDERS)

CATEGORY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def acting_customer(p: Principal, check: Check, field: str, given: str) -> UUID:
    """The customer a contributor acts as: a customer only as themself; the service role for
    the customer it names. Anyone else (a moderator, an agent) never acts for a customer."""
    if Role.CUSTOMER in p.roles and Role.SERVICE not in p.roles:
        if given and given != p.subject:
            raise PermissionDenied("customers act only as themselves")
        return check.uuid("token subject", p.subject)
    if Role.SERVICE in p.roles:
        return check.uuid(field, given)
    raise PermissionDenied("only customers (or the service acting for one) may do this")


def ballot(request: Any, target: str) -> tuple[Principal, UUID, UUID, Vote | None]:
    """(caller, voter, voted post, vote) of a vote request on an idea or a comment."""
    p = caller()
    check = Check()
    voter = acting_customer(p, check, "voter_id", request.voter_id)
    post = check.uuid(target, getattr(request, target))
    if request.vote not in events.Vote.values():
        check.fail("vote", "must be VOTE_UP, VOTE_DOWN or VOTE_UNSPECIFIED (retract)")
    check.done()
    return p, voter, post, VOTE_OF.get(request.vote)


class ApiParts:
    def __init__(self, store: EventStore, board: Board, queries: BoardQueries,
                 known_customers: CustomerReplica, export: SubjectExport) -> None:
        self.store, self.board, self.queries = store, board, queries
        self.known_customers, self.export = known_customers, export

    async def _caught_up(self, consistency: Any, check: Check) -> None:
        await read_your_writes(check, consistency, self.board)
