import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
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

class CrisisAlertRaised(_message.Message):
    __slots__ = ("alert_id", "term", "bucket_start", "raised_at", "reasons", "volume", "negative_share", "driving_mention_ids")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    TERM_FIELD_NUMBER: _ClassVar[int]
    BUCKET_START_FIELD_NUMBER: _ClassVar[int]
    RAISED_AT_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    VOLUME_FIELD_NUMBER: _ClassVar[int]
    NEGATIVE_SHARE_FIELD_NUMBER: _ClassVar[int]
    DRIVING_MENTION_IDS_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    term: str
    bucket_start: _timestamp_pb2.Timestamp
    raised_at: _timestamp_pb2.Timestamp
    reasons: _containers.RepeatedScalarFieldContainer[str]
    volume: int
    negative_share: float
    driving_mention_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, alert_id: _Optional[str] = ..., term: _Optional[str] = ..., bucket_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., raised_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reasons: _Optional[_Iterable[str]] = ..., volume: _Optional[int] = ..., negative_share: _Optional[float] = ..., driving_mention_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class CrisisAlertEscalated(_message.Message):
    __slots__ = ("alert_id", "term", "bucket_start", "reasons", "volume", "negative_share", "driving_mention_ids")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    TERM_FIELD_NUMBER: _ClassVar[int]
    BUCKET_START_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    VOLUME_FIELD_NUMBER: _ClassVar[int]
    NEGATIVE_SHARE_FIELD_NUMBER: _ClassVar[int]
    DRIVING_MENTION_IDS_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    term: str
    bucket_start: _timestamp_pb2.Timestamp
    reasons: _containers.RepeatedScalarFieldContainer[str]
    volume: int
    negative_share: float
    driving_mention_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, alert_id: _Optional[str] = ..., term: _Optional[str] = ..., bucket_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reasons: _Optional[_Iterable[str]] = ..., volume: _Optional[int] = ..., negative_share: _Optional[float] = ..., driving_mention_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class CrisisAlertAcknowledged(_message.Message):
    __slots__ = ("alert_id", "acknowledged_by")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_BY_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    acknowledged_by: str
    def __init__(self, alert_id: _Optional[str] = ..., acknowledged_by: _Optional[str] = ...) -> None: ...

class CrisisAlertResolved(_message.Message):
    __slots__ = ("alert_id", "resolved_by")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    resolved_by: str
    def __init__(self, alert_id: _Optional[str] = ..., resolved_by: _Optional[str] = ...) -> None: ...
