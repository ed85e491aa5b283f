"""What cases hears from other services (besides what its features subscribe to: identity's
customers and erasure requests)."""

from __future__ import annotations

from chorus.identity.v1 import events_pb2 as identity
from chorus.messaging.subscriptions import Subscribe
from chorus.reputation.v1 import events_pb2 as reputation
from services.cases.policies import CustomerNews, MentionsToAnswer
from services.cases.projections.customers import CustomerFacts


def consumers(facts: CustomerFacts, news: CustomerNews,
              mentions: MentionsToAnswer) -> list[Subscribe]:
    return [
        Subscribe("customer-facts", {identity.SocialProfileLinkChanged: news.linked,
                                     identity.CustomerClassified: news.classified,
                                     identity.CustomersMerged: facts.merged,
                                     identity.CustomerUnmerged: facts.unmerged}),
        Subscribe("mentions", {reputation.ResponseRequested: mentions.requested,
                               reputation.MentionEngagementChanged: mentions.engagement}),
    ]
