"""Reactions of cases to other services' integration events."""

from __future__ import annotations

from chorus.messaging.consumer import Handler
from chorus.privacy import erasure
from chorus.projections.customer_replica import SUBSCRIPTION, CustomerReplica
from chorus.runtime import ConsumerSpec, Runtime


def on_customers(rt: Runtime) -> Handler:
    return CustomerReplica(rt.schema).handler()


def on_erasure(rt: Runtime) -> Handler:
    return erasure.participant(rt, CustomerReplica(rt.schema).forget)


CONSUMERS = [ConsumerSpec("customers", SUBSCRIPTION, on_customers),
             ConsumerSpec("erasure", erasure.SUBSCRIPTION, on_erasure)]
