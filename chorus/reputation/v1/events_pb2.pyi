import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MentionRecorded(_message.Message):
    __slots__ = ("mention_id", "network", "author_external_id", "author_handle", "published_at")
    MENTION_ID_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_HANDLE_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    mention_id: str
    network: str
    author_external_id: str
    author_handle: str
    published_at: _timestamp_pb2.Timestamp
    def __init__(self, mention_id: _Optional[str] = ..., network: _Optional[str] = ..., author_external_id: _Optional[str] = ..., author_handle: _Optional[str] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
