from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class CaseOpened(_message.Message):
    __slots__ = ("case_id", "customer_id", "channel")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    customer_id: str
    channel: str
    def __init__(self, case_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., channel: _Optional[str] = ...) -> None: ...

class CaseClosed(_message.Message):
    __slots__ = ("case_id", "customer_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    customer_id: str
    def __init__(self, case_id: _Optional[str] = ..., customer_id: _Optional[str] = ...) -> None: ...
