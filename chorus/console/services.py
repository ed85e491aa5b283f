"""Reaching every service's API generically (by the catalog): stubs, the kernel's
AuditService, each service's ExportSubjectData, messages as JSON."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable
from typing import Any

import grpc
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message

from chorus.audit.v1 import audit_pb2_grpc
from chorus.catalog import entry


def stub(service: str, channel: grpc.Channel) -> Any:
    """The generated stub of the service's own API."""
    module = importlib.import_module(f"chorus.{service}.v1.{service}_pb2_grpc")
    return getattr(module, entry(service).grpc_service.rsplit(".", 1)[1] + "Stub")(channel)


def messages(service: str) -> Any:
    return importlib.import_module(f"chorus.{service}.v1.{service}_pb2")


def audit(channel: grpc.Channel) -> audit_pb2_grpc.AuditServiceStub:
    return audit_pb2_grpc.AuditServiceStub(channel)


def stores(service: str) -> list[str]:
    return ["main", *entry(service).extra_stores]


def as_dict(message: Message) -> dict[str, Any]:
    return MessageToDict(message, preserving_proto_field_name=True)


def as_json(messages: Iterable[Message]) -> str:
    """Messages as a JSON list (the consoles' `--format json`)."""
    return json.dumps([as_dict(m) for m in messages], indent=2)
