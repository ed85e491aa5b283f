"""What identity hears from the other services: erasure confirmations, and the activity
(cases, ideas, votes, comments, mentions) its 360-degree view and content-producer tiers are
built from."""

from __future__ import annotations

from chorus.cases.v1 import events_pb2 as cases
from chorus.common.v1.privacy_pb2 import ErasureConfirmed
from chorus.ideas.v1 import events_pb2 as ideas
from chorus.messaging.subscriptions import Subscribe
from chorus.reputation.v1 import events_pb2 as reputation
from services.identity.policies import ErasureSaga
from services.identity.projections.activity import Activity, Mentions
from services.identity.projections.profiles import SOCIAL


def consumers(saga: ErasureSaga, activity: Activity, mentions: Mentions,
              participants: list[str]) -> list[Subscribe]:
    return [
        *(Subscribe(f"erasure-{service}", {ErasureConfirmed: saga.confirmed},
                    from_service=service) for service in participants),
        Subscribe("activity-cases", {cases.CaseOpened: activity.case_opened,
                                     cases.CaseClosed: activity.case_closed}),
        Subscribe("activity-ideas", {ideas.IdeaSubmitted: activity.idea_submitted,
                                     ideas.IdeaVoteChanged: activity.vote_changed,
                                     ideas.CommentPosted: activity.comment_posted,
                                     ideas.CommentDeleted: activity.comment_deleted}),
        Subscribe("mentions", {reputation.MentionRecorded: mentions.recorded}, store=SOCIAL),
    ]
