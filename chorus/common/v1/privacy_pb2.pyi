from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

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
