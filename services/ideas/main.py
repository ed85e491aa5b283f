"""Composition root of ideas."""

from __future__ import annotations

from typing import Any

from chorus.eventstore.recorder import RecordedEvent
from chorus.grpc.server import Api
from chorus.ideas.v1 import events_pb2 as events
from chorus.ideas.v1 import ideas_pb2_grpc as grpc_api
from chorus.privacy import erasure
from chorus.projections.customer_replica import CustomerReplica
from chorus.runtime import Runtime, ServiceSpec, serve
from services.ideas.api import IdeasApi
from services.ideas.consumers import CONSUMERS
from services.ideas.domain import Comment, Idea, Notification
from services.ideas.projections import Board, Inbox

NAME = "ideas"
VOTES = {None: events.VOTE_UNSPECIFIED, "up": events.VOTE_UP, "down": events.VOTE_DOWN}


def to_integration(event: Any, record: RecordedEvent) -> Any:
    """ideas' public events: ids and decisions, never the text of ideas or comments."""
    oid = str(event.originator_id)
    if isinstance(event, Idea.Submitted):
        return events.IdeaSubmitted(idea_id=oid, author_id=str(event.author_id),
                                    category=event.category,
                                    campaign_id=str(event.campaign_id or ""))
    if isinstance(event, Idea.Withdrawn):
        return events.IdeaWithdrawn(idea_id=oid, author_id=str(event.author_id))
    if isinstance(event, Idea.StatusChanged):
        return events.IdeaStatusChanged(idea_id=oid, status=event.status,
                                        previous_status=event.previous_status)
    if isinstance(event, Idea.MergedInto):
        return events.IdeasMerged(merged_idea_id=oid, survivor_idea_id=str(event.survivor_id))
    if isinstance(event, Idea.VoteChanged):
        return events.IdeaVoteChanged(idea_id=oid, voter_id=str(event.voter_id),
                                      vote=VOTES[event.vote],
                                      previous_vote=VOTES[event.previous_vote])
    if isinstance(event, Comment.Posted):
        return events.CommentPosted(comment_id=oid, idea_id=str(event.idea_id),
                                    author_id=event.author_id, official=event.official)
    if isinstance(event, Comment.Deleted):
        return events.CommentDeleted(comment_id=oid, idea_id=str(event.idea_id),
                                     author_id=event.author_id)
    if isinstance(event, Notification.Issued):
        return events.NotificationIssued(
            notification_id=oid, customer_id=str(event.customer_id),
            idea_id=str(event.idea_id), kind=event.kind, status=event.status,
            channels=event.channels)
    return erasure.to_integration(event)


def spec() -> ServiceSpec:
    def apis(rt: Runtime) -> list[Api]:
        servicer = IdeasApi(rt, CustomerReplica(rt.schema))
        return [Api(grpc_api.add_IdeasServiceServicer_to_server, servicer,
                    "chorus.ideas.v1.IdeasService")]

    async def setup(rt: Runtime) -> None:
        await CustomerReplica(rt.schema).create(rt.pool)

    return ServiceSpec(name=NAME, apis=apis,
                       projections=lambda rt: [Board(rt.schema, rt.store), Inbox(rt.schema)],
                       consumers=CONSUMERS, setup=setup, translate=to_integration)


if __name__ == "__main__":
    serve(spec())
