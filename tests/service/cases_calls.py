"""Calls the cases service tests share."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from google.protobuf.duration_pb2 import Duration

from chorus.cases.v1 import cases_pb2 as pb
from tests.service.harness import Harness


def hours(n: float) -> Duration:
    d = Duration()
    d.FromTimedelta(timedelta(hours=n))
    return d


async def open_email(cases: Harness, customer: str, **extra: Any) -> pb.OpenCaseResponse:
    return await cases.call("OpenCase", pb.OpenCaseRequest(
        channel=pb.CHANNEL_EMAIL, visibility=pb.VISIBILITY_PRIVATE, subject="Refund",
        body="Where is my refund?", customer_id=customer, **extra), "service")
