"""Composition root of identity."""

from __future__ import annotations

from chorus.audit.access_log import AccessLog
from chorus.config import env
from chorus.grpc.server import Api
from chorus.identity.v1 import identity_pb2_grpc
from chorus.service.runtime import serve
from chorus.service.spec import Infrastructure, Service, ServiceSpec
from services.identity.api import ROLES, IdentityApi
from services.identity.consumers import consumers
from services.identity.messages import to_integration
from services.identity.policies import ErasureSaga
from services.identity.processing import REGISTER
from services.identity.projections.activity import Activity, Mentions
from services.identity.projections.customers import Customers
from services.identity.projections.erasures import Erasures
from services.identity.projections.profiles import SOCIAL, ProfileIndex, ProfileLinks
from services.identity.queries import Holdings, Survivors

NAME = "identity"


def erasure_participants() -> list[str]:
    """The services that must confirm an erasure besides identity (configuration)."""
    return [s.strip() for s in (env("CHORUS_ERASURE_PARTICIPANTS") or "").split(",")
            if s.strip()]


def build(infra: Infrastructure) -> Service:
    social = infra.store_configs[SOCIAL]
    customers, links = Customers(infra.schema), ProfileLinks(social.schema)
    index = ProfileIndex(social.schema, social.master_key)
    activity, mentions = Activity(infra.schema), Mentions(social.schema, index)
    holdings = Holdings(verified=infra.store, social=infra.stores[SOCIAL], index=index,
                        links=links, activity=activity, mentions=mentions)
    participants, erasures = erasure_participants(), Erasures(infra.schema)
    api = IdentityApi(holdings, customers, Survivors(customers, infra.pool),
                      AccessLog(infra.pool, infra.schema), participants, erasures)
    return Service(
        processing=REGISTER,
        apis=[Api(identity_pb2_grpc.add_IdentityServiceServicer_to_server, api,
                  "chorus.identity.v1.IdentityService", ROLES)],
        projections=[customers, index, links, erasures], read_models=[activity, mentions],
        consumers=consumers(ErasureSaga(infra.store), activity, mentions, participants),
        translate=to_integration)


SPEC = ServiceSpec(NAME, build)

if __name__ == "__main__":
    serve(SPEC)
