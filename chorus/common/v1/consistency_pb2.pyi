from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class Consistency(_message.Message):
    __slots__ = ("min_position",)
    MIN_POSITION_FIELD_NUMBER: _ClassVar[int]
    min_position: int
    def __init__(self, min_position: _Optional[int] = ...) -> None: ...

class WriteResult(_message.Message):
    __slots__ = ("position",)
    POSITION_FIELD_NUMBER: _ClassVar[int]
    position: int
    def __init__(self, position: _Optional[int] = ...) -> None: ...
