"""Composition root of ideas."""

from __future__ import annotations

from chorus.audit.access_log import AccessLog
from chorus.features.customers import CustomerReplica
from chorus.features.erasure import ErasureParticipant
from chorus.features.export import SubjectExport
from chorus.grpc.server import Api
from chorus.ideas.v1 import ideas_pb2_grpc
from chorus.service.runtime import serve
from chorus.service.spec import Infrastructure, Service, ServiceSpec
from services.ideas.api import ROLES, IdeasApi
from services.ideas.consumers import consumers
from services.ideas.messages import to_integration
from services.ideas.policies import Feedback
from services.ideas.processing import REGISTER
from services.ideas.projections.board import Board
from services.ideas.projections.inbox import Consents, Inbox
from services.ideas.queries import BoardQueries

NAME = "ideas"


def build(infra: Infrastructure) -> Service:
    board, inbox, consents = Board(infra.schema), Inbox(infra.schema), Consents(infra.schema)
    customers = CustomerReplica(infra.pool, infra.schema, NAME)
    export = SubjectExport([infra.store], AccessLog(infra.pool, infra.schema))
    api = IdeasApi(infra.store, board, BoardQueries(board, inbox, infra.pool), customers,
                   export)
    forget = [customers.forget, board.forget, inbox.forget, consents.forget]
    return Service(
        processing=REGISTER,
        apis=[Api(ideas_pb2_grpc.add_IdeasServiceServicer_to_server, api,
                  "chorus.ideas.v1.IdeasService", ROLES)],
        projections=[board, inbox], policies=[Feedback(infra.schema, consents)],
        read_models=[consents], consumers=consumers(consents), translate=to_integration,
        features=[customers, ErasureParticipant(
            NAME, infra.stores, forget, scrub=[board.texts, board.comments])])


SPEC = ServiceSpec(NAME, build)

if __name__ == "__main__":
    serve(SPEC)
