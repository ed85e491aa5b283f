"""The kernel's shared features, through a service that declares them (cases): the replica of
identity's customers with its GetKnownCustomer answer, and taking part in erasures."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import grpc
import nats
import pytest

from chorus.cases.v1 import cases_pb2 as pb
from chorus.common.v1.envelope_pb2 import EventEnvelope
from chorus.common.v1.privacy_pb2 import ErasureConfirmed
from chorus.identity.v1 import events_pb2 as identity_events
from chorus.messaging.subjects import subject
from services.cases.main import SPEC
from tests.e2e.calls import eventually, publish_event
from tests.servers import Servers
from tests.service.harness import Harness, Refused


@pytest.fixture(scope="module")
async def cases(stack: Servers, tier_nats: str) -> AsyncIterator[Harness]:
    async with Harness(SPEC, stack.database_url, tier_nats) as harness:
        yield harness


async def test_known_customers_and_erasure_confirmed_once(cases: Harness,
                                                          tier_nats: str) -> None:
    cid, erasure = str(uuid.uuid4()), str(uuid.uuid4())
    nc = await nats.connect(tier_nats)
    js = nc.jetstream()
    confirmations = await js.subscribe("chorus.cases.acme.ErasureConfirmed",
                                       ordered_consumer=True)
    try:
        await publish_event(js, "identity", identity_events.CustomerRegistered(
            customer_id=cid, customer_code="K-1"))

        async def known() -> str:
            try:
                reply = await cases.call("GetKnownCustomer", pb.GetKnownCustomerRequest(
                    customer_id=cid), "agent")
            except Refused as e:
                assert e.code == grpc.StatusCode.NOT_FOUND
                return ""
            return str(reply.customer_code)

        assert await eventually(known, bool) == "K-1"
        denied = await cases.refused("GetKnownCustomer", pb.GetKnownCustomerRequest(
            customer_id=cid), "customer")
        assert denied.code == grpc.StatusCode.PERMISSION_DENIED
        other_tenant = await cases.refused("GetKnownCustomer", pb.GetKnownCustomerRequest(
            customer_id=cid), "agent", tenant="globex")
        assert other_tenant.code == grpc.StatusCode.NOT_FOUND

        request = identity_events.ErasureRequested(erasure_id=erasure, customer_id=cid,
                                                   request_ref="gdpr-7")
        event_id = await publish_event(js, "identity", request)
        # Delivered again under a new message id (same event id), then requested again.
        again = EventEnvelope(event_id=event_id, tenant="acme",
                              event_type="chorus.identity.v1.ErasureRequested",
                              payload=request.SerializeToString())
        await js.publish(subject("identity", "acme", "ErasureRequested"),
                         again.SerializeToString(), headers={"Nats-Msg-Id": "again"})
        await publish_event(js, "identity", request)
        ours: list[ErasureConfirmed] = []
        with pytest.raises(nats.errors.TimeoutError):
            while True:  # the stream may hold other tests' confirmations: ours only
                msg = await confirmations.next_msg(timeout=3 if ours else 10)
                confirmed = ErasureConfirmed.FromString(
                    EventEnvelope.FromString(msg.data).payload)
                if confirmed.erasure_id == erasure:
                    ours.append(confirmed)
        (confirmed,) = ours  # confirmed once, not three times
        assert confirmed.service == "cases"
        s = cases.schema
        held, rewritten, residual = confirmed.erased
        assert held == f"{s}.known_customers/{cid}", "nothing else held"
        assert rewritten == (f"cases: old row versions of {s}.case_search and of the planner's"
                             " statistics rewritten")
        assert residual.startswith("copies in WAL and backups made before")
        assert await known() == "", "forgotten"
    finally:
        await nc.close()
