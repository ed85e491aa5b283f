"""What reputation hears from other services (besides what its features subscribe to:
identity's customers and erasure requests)."""

from __future__ import annotations

from chorus.cases.v1 import events_pb2 as cases
from chorus.identity.v1 import events_pb2 as identity
from chorus.messaging.subscriptions import Subscribe
from services.reputation.policies import BrandReplies
from services.reputation.projections import ProfileLinks


def consumers(links: ProfileLinks, replies: BrandReplies) -> list[Subscribe]:
    return [Subscribe("profile-links", {identity.SocialProfileLinkChanged: links.changed}),
            Subscribe("brand-replies", {cases.PublicReplySent: replies.replied})]
