"""Reactions of ideas to other services' integration events."""

from __future__ import annotations

from chorus.messaging.consumer import Handler
from chorus.projections.customer_replica import SUBSCRIPTION, CustomerReplica
from chorus.runtime import ConsumerSpec, Runtime


def on_customers(rt: Runtime) -> Handler:
    return CustomerReplica(rt.schema).handler()


CONSUMERS = [ConsumerSpec("customers", SUBSCRIPTION, on_customers)]
