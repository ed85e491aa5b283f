"""Composition root of reputation."""

from __future__ import annotations

from chorus.audit.access_log import AccessLog
from chorus.config import env
from chorus.features.customers import CustomerReplica
from chorus.features.erasure import ErasureParticipant
from chorus.features.export import SubjectExport
from chorus.grpc.server import Api
from chorus.reputation.v1 import reputation_pb2_grpc
from chorus.scheduling import Deadlines
from chorus.service.runtime import serve
from chorus.service.spec import Infrastructure, Service, ServiceSpec
from services.reputation.analysing import Analysers
from services.reputation.api import ROLES, ReputationApi
from services.reputation.consumers import consumers
from services.reputation.messages import to_integration
from services.reputation.policies import (
    BrandReplies,
    FeedPolling,
    Forgetting,
    LiveDetection,
    deadline_handlers,
)
from services.reputation.processing import REGISTER
from services.reputation.projections import (
    Alerts,
    BucketDeadlines,
    Mentions,
    MentionSearch,
    ProfileLinks,
)
from services.reputation.projections.feeds import Feeds
from services.reputation.queries import MentionQueries

NAME = "reputation"


def build(infra: Infrastructure) -> Service:
    s, pool = infra.schema, infra.pool
    mentions, search, links, alerts = Mentions(s), MentionSearch(s), ProfileLinks(s), Alerts(s)
    clock, feeds = BucketDeadlines(Deadlines(s)), Feeds(s, Deadlines(s))
    customers = CustomerReplica(pool, s, NAME)
    queries = MentionQueries(mentions, search, alerts, pool)
    analysers = Analysers(int(env("CHORUS_REPUTATION_ANALYSIS_WORKERS") or 0))
    api = ReputationApi(infra.store, mentions, search, links, alerts, queries, customers,
                        SubjectExport([infra.store], AccessLog(pool, s)), analysers)
    forgetting = Forgetting(links, search, infra.store)
    polling = FeedPolling(infra.store, links, analysers, feeds)
    api.listening(feeds, polling)
    return Service(
        processing=REGISTER,
        apis=[Api(reputation_pb2_grpc.add_ReputationServiceServicer_to_server, api,
                  "chorus.reputation.v1.ReputationService", ROLES)],
        projections=[mentions, search, alerts, clock, feeds], read_models=[links],
        deadlines=deadline_handlers(LiveDetection(infra.store, queries, mentions, clock),
                                    polling),
        consumers=consumers(links, BrandReplies(infra.store)), translate=to_integration,
        features=[customers, ErasureParticipant(NAME, infra.stores, [
            customers.forget, forgetting.forget], scrub=[search.table])])


SPEC = ServiceSpec(NAME, build)

if __name__ == "__main__":
    serve(SPEC)
