import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ErasureConfirmed(_message.Message):
    __slots__ = ("erasure_id", "customer_id", "service", "erased")
    ERASURE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    ERASED_FIELD_NUMBER: _ClassVar[int]
    erasure_id: str
    customer_id: str
    service: str
    erased: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, erasure_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., service: _Optional[str] = ..., erased: _Optional[_Iterable[str]] = ...) -> None: ...

class SubjectChange(_message.Message):
    __slots__ = ("event_type", "recorded_at", "actor", "purpose", "position", "fields_json")
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    FIELDS_JSON_FIELD_NUMBER: _ClassVar[int]
    event_type: str
    recorded_at: _timestamp_pb2.Timestamp
    actor: str
    purpose: str
    position: int
    fields_json: str
    def __init__(self, event_type: _Optional[str] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[str] = ..., purpose: _Optional[str] = ..., position: _Optional[int] = ..., fields_json: _Optional[str] = ...) -> None: ...
