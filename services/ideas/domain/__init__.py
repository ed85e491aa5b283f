"""The ideas domain: one module per aggregate (post.py holds what ideas and comments share).
Pure: no I/O."""

from eventsourcing.utils import register_topic

from services.ideas.domain.comment import Comment
from services.ideas.domain.community import AbuseReport, Campaign, Category, ModerationRules
from services.ideas.domain.idea import Idea
from services.ideas.domain.notification import Notification

# Events stored before the domain was split into modules name their classes by the old
# module; they keep resolving to the same classes.
for _aggregate in (AbuseReport, Campaign, Category, Comment, Idea, ModerationRules,
                   Notification):
    register_topic(f"services.ideas.domain:{_aggregate.__qualname__}", _aggregate)
