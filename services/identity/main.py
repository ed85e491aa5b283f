"""Composition root of identity."""

from __future__ import annotations

from typing import Any

from chorus.eventstore.recorder import RecordedEvent
from chorus.grpc.server import Api
from chorus.identity.v1 import events_pb2, identity_pb2_grpc
from chorus.runtime import ExtraStore, Runtime, ServiceSpec, serve
from services.identity.api import IdentityApi, erasure_participants
from services.identity.consumers import consumers, create_tables
from services.identity.domain import Customer, Erasure, SocialProfile
from services.identity.projections import SOCIAL, Customers, ProfileIndex, ProfileLinks

NAME = "identity"


def to_integration(event: Any, record: RecordedEvent) -> Any:
    """identity's public events: ids and decisions only, never personal data."""
    oid = str(event.originator_id)
    if isinstance(event, Customer.Registered):
        return events_pb2.CustomerRegistered(customer_id=oid, customer_code=event.customer_code)
    if isinstance(event, Customer.Closed):
        return events_pb2.CustomerClosed(customer_id=oid)
    if isinstance(event, Customer.ConsentGiven | Customer.ConsentWithdrawn):
        given = isinstance(event, Customer.ConsentGiven)
        return events_pb2.ConsentChanged(
            customer_id=oid, purpose=event.purpose, channel=event.channel, given=given,
            legal_basis=event.legal_basis if given else "")
    if isinstance(event, Erasure.Requested):
        return events_pb2.ErasureRequested(erasure_id=oid, customer_id=str(event.customer_id),
                                           request_ref=event.request_ref)
    if isinstance(event, SocialProfile.Linked):
        return events_pb2.SocialProfileLinkChanged(
            profile_id=oid, network=event.network, customer_id=str(event.customer_id))
    if isinstance(event, SocialProfile.Unlinked):
        return events_pb2.SocialProfileLinkChanged(
            profile_id=oid, network=event.network, previous_customer_id=str(event.customer_id))
    return None


def spec() -> ServiceSpec:
    def apis(rt: Runtime) -> list[Api]:
        return [Api(identity_pb2_grpc.add_IdentityServiceServicer_to_server,
                    IdentityApi(rt), "chorus.identity.v1.IdentityService")]

    return ServiceSpec(name=NAME, apis=apis, translate=to_integration,
                       projections=lambda rt: [
                           Customers(rt.schema),
                           ProfileIndex(rt.store_configs[SOCIAL].schema,
                                        rt.store_configs[SOCIAL].master_key),
                           ProfileLinks(rt.store_configs[SOCIAL].schema)],
                       consumers=consumers(erasure_participants()), setup=create_tables,
                       extra_stores=(ExtraStore(SOCIAL),))


if __name__ == "__main__":
    serve(spec())
