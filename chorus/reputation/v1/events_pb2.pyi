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

class ResponseRequested(_message.Message):
    __slots__ = ("mention_id", "network", "post_id", "post_url", "author_external_id", "customer_id", "intent", "sentiment", "language", "author_followers", "engagement", "published_at", "reason")
    MENTION_ID_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    POST_URL_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    INTENT_FIELD_NUMBER: _ClassVar[int]
    SENTIMENT_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FOLLOWERS_FIELD_NUMBER: _ClassVar[int]
    ENGAGEMENT_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    mention_id: str
    network: str
    post_id: str
    post_url: str
    author_external_id: str
    customer_id: str
    intent: str
    sentiment: str
    language: str
    author_followers: int
    engagement: int
    published_at: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, mention_id: _Optional[str] = ..., network: _Optional[str] = ..., post_id: _Optional[str] = ..., post_url: _Optional[str] = ..., author_external_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., intent: _Optional[str] = ..., sentiment: _Optional[str] = ..., language: _Optional[str] = ..., author_followers: _Optional[int] = ..., engagement: _Optional[int] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class MentionEngagementChanged(_message.Message):
    __slots__ = ("mention_id", "network", "likes", "shares", "comments")
    MENTION_ID_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    LIKES_FIELD_NUMBER: _ClassVar[int]
    SHARES_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    mention_id: str
    network: str
    likes: int
    shares: int
    comments: int
    def __init__(self, mention_id: _Optional[str] = ..., network: _Optional[str] = ..., likes: _Optional[int] = ..., shares: _Optional[int] = ..., comments: _Optional[int] = ...) -> None: ...
