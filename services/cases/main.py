"""Composition root of cases."""

from __future__ import annotations

from chorus.audit.access_log import AccessLog
from chorus.cases.v1 import cases_pb2_grpc
from chorus.features.customers import CustomerReplica
from chorus.features.erasure import ErasureParticipant
from chorus.features.export import SubjectExport
from chorus.grpc.server import Api
from chorus.scheduling import Deadlines
from chorus.service.runtime import serve
from chorus.service.spec import Infrastructure, Service, ServiceSpec
from services.cases.api import ROLES, CasesApi
from services.cases.application import Desk
from services.cases.consumers import consumers
from services.cases.messages import to_integration
from services.cases.policies import (
    AuthorsJoin,
    CustomerNews,
    Forgetting,
    MentionsToAnswer,
    deadline_handlers,
)
from services.cases.processing import REGISTER
from services.cases.projections.cases import Cases
from services.cases.projections.customers import CustomerFacts
from services.cases.projections.deadlines import CaseDeadlines
from services.cases.projections.search import CaseSearch
from services.cases.projections.settings import Settings, SettingsCache
from services.cases.queries import CaseQueries

NAME = "cases"


def build(infra: Infrastructure) -> Service:
    s, pool = infra.schema, infra.pool
    cases, search, settings = Cases(s), CaseSearch(s), Settings(s)
    facts = CustomerFacts(s, pool)
    customers = CustomerReplica(pool, s, NAME)
    desk = Desk(infra.store, SettingsCache(settings, pool), facts,
                CaseQueries(cases, search, settings, facts, pool, infra.store.keys))
    export = SubjectExport([infra.store], AccessLog(pool, s))
    api = CasesApi(desk, cases, search, settings, customers, export)
    forgetting = Forgetting(search, facts, infra.store)
    authors = AuthorsJoin(s, desk)
    return Service(
        processing=REGISTER,
        apis=[Api(cases_pb2_grpc.add_CasesServiceServicer_to_server, api,
                  "chorus.cases.v1.CasesService", ROLES)],
        projections=[cases, search, settings, CaseDeadlines(Deadlines(s))], policies=[authors],
        read_models=[facts],
        consumers=consumers(facts, CustomerNews(desk, authors), MentionsToAnswer(desk)),
        translate=to_integration, deadlines=deadline_handlers(desk),
        features=[customers, ErasureParticipant(NAME, infra.stores, [
            customers.forget, forgetting.forget], scrub=[search.table])])


SPEC = ServiceSpec(NAME, build)

if __name__ == "__main__":
    serve(SPEC)
