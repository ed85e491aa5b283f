"""Between ideas' protos and its domain: request enums into domain values, read-model rows
into reply messages, and stored events into the integration events ideas publishes."""

from __future__ import annotations

from typing import Any

from chorus.eventstore.records import RecordedEvent
from chorus.grpc.messages import timestamp
from chorus.grpc.validation import Check
from chorus.ideas.v1 import events_pb2 as events
from chorus.ideas.v1 import ideas_pb2 as pb
from services.ideas.domain.comment import Comment
from services.ideas.domain.idea import Idea, Status
from services.ideas.domain.notification import Notification
from services.ideas.domain.post import Vote

# A vote as the protos carry it (VOTE_UNSPECIFIED: no vote, or a retraction).
VOTES: dict[Vote | None, int] = {None: events.VOTE_UNSPECIFIED, Vote.UP: events.VOTE_UP,
                                 Vote.DOWN: events.VOTE_DOWN}
VOTE_OF = {number: vote for vote, number in VOTES.items()}


def vote_message(vote: str | None) -> int:
    return VOTES[Vote(vote) if vote else None]


def status_of(check: Check, value: int, field: str = "status") -> Status:
    return Status(check.enum(field, value, pb.IdeaStatus, "IDEA_STATUS_") or "new")


def status_message(status: str) -> int:
    return pb.IdeaStatus.Value("IDEA_STATUS_" + status.upper())


def idea_message(r: Any) -> pb.Idea:
    return pb.Idea(
        idea_id=str(r["idea_id"]), author_id=str(r["author_id"]), title=r["title"],
        body=r["body"], category=r["category"],
        campaign_id=str(r["campaign_id"]) if r["campaign_id"] else "",
        status=status_message(r["status"]), explanation=r["explanation"],
        duplicate_of=str(r["duplicate_of"]) if r["duplicate_of"] else "",
        votes_up=r["up"], votes_down=r["down"], score=r["score"], comments=r["comments"],
        submitted_at=timestamp(r["submitted_at"]), hidden=r["hidden"],
        held_for_review=r["held"])


def comment_message(r: Any) -> pb.Comment:
    return pb.Comment(
        comment_id=str(r["comment_id"]), idea_id=str(r["idea_id"]),
        parent_comment_id=str(r["parent_id"]) if r["parent_id"] else "",
        author_id=r["author_id"], body=r["body"], official=r["official"], votes_up=r["up"],
        votes_down=r["down"], posted_at=timestamp(r["posted_at"]), deleted=r["deleted"],
        hidden=r["hidden"], held_for_review=r["held"])


def notification_message(r: Any) -> pb.Notification:
    return pb.Notification(
        notification_id=str(r["notification_id"]), idea_id=str(r["idea_id"]),
        idea_title=r["title"] or "", kind=r["kind"], status=status_message(r["status"]),
        message=r["message"], roles=r["roles"], channels=r["channels"], at=timestamp(r["at"]))


def campaign_message(r: Any) -> pb.Campaign:
    return pb.Campaign(campaign_id=str(r["campaign_id"]), title=r["title"],
                       question=r["question"], category=r["category"],
                       starts_at=timestamp(r["starts_at"]), ends_at=timestamp(r["ends_at"]))


def contributor_message(r: Any) -> pb.Contributor:
    return pb.Contributor(customer_id=str(r["customer_id"]), ideas_posted=r["ideas"],
                          votes_received=r["votes_received"], comments=r["comments"],
                          ideas_implemented=r["implemented"], points=r["points"])


def to_integration(event: Any, record: RecordedEvent) -> Any:
    """ideas' public events: ids and decisions, never the text of ideas or comments."""
    oid = str(event.originator_id)
    if isinstance(event, Idea.Submitted):  # Imported too (at its original time)
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
                                      vote=vote_message(event.vote),
                                      previous_vote=vote_message(event.previous_vote))
    if isinstance(event, Idea.VoteImported):
        return events.IdeaVoteChanged(idea_id=oid, voter_id=str(event.voter_id),
                                      vote=vote_message(event.vote))
    if isinstance(event, Comment.Posted):  # Imported too
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
    return None
