"""What ideas hears from other services (besides what its features subscribe to: identity's
customers and erasure requests)."""

from __future__ import annotations

from chorus.identity.v1.events_pb2 import ConsentChanged
from chorus.messaging.subscriptions import Subscribe
from services.ideas.projections.inbox import Consents


def consumers(consents: Consents) -> list[Subscribe]:
    return [Subscribe("consents", {ConsentChanged: consents.changed})]
