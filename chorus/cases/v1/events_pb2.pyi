import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CaseOpened(_message.Message):
    __slots__ = ("case_id", "customer_id", "channel", "visibility", "priority", "source_mention_id", "author_profile_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    SOURCE_MENTION_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_PROFILE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    customer_id: str
    channel: str
    visibility: str
    priority: str
    source_mention_id: str
    author_profile_id: str
    def __init__(self, case_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., channel: _Optional[str] = ..., visibility: _Optional[str] = ..., priority: _Optional[str] = ..., source_mention_id: _Optional[str] = ..., author_profile_id: _Optional[str] = ...) -> None: ...

class CaseClosed(_message.Message):
    __slots__ = ("case_id", "customer_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    customer_id: str
    def __init__(self, case_id: _Optional[str] = ..., customer_id: _Optional[str] = ...) -> None: ...

class CaseCustomerIdentified(_message.Message):
    __slots__ = ("case_id", "customer_id", "author_profile_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_PROFILE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    customer_id: str
    author_profile_id: str
    def __init__(self, case_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., author_profile_id: _Optional[str] = ...) -> None: ...

class CaseAssigned(_message.Message):
    __slots__ = ("case_id", "customer_id", "team", "agent_id", "mode")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    TEAM_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    customer_id: str
    team: str
    agent_id: str
    mode: str
    def __init__(self, case_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., team: _Optional[str] = ..., agent_id: _Optional[str] = ..., mode: _Optional[str] = ...) -> None: ...

class CaseEscalated(_message.Message):
    __slots__ = ("case_id", "customer_id", "from_tier", "to_tier", "automatic")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_TIER_FIELD_NUMBER: _ClassVar[int]
    TO_TIER_FIELD_NUMBER: _ClassVar[int]
    AUTOMATIC_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    customer_id: str
    from_tier: str
    to_tier: str
    automatic: bool
    def __init__(self, case_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., from_tier: _Optional[str] = ..., to_tier: _Optional[str] = ..., automatic: _Optional[bool] = ...) -> None: ...

class CasePriorityChanged(_message.Message):
    __slots__ = ("case_id", "customer_id", "priority", "previous_priority", "overridden")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    OVERRIDDEN_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    customer_id: str
    priority: str
    previous_priority: str
    overridden: bool
    def __init__(self, case_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., priority: _Optional[str] = ..., previous_priority: _Optional[str] = ..., overridden: _Optional[bool] = ...) -> None: ...

class CaseMovedToPrivate(_message.Message):
    __slots__ = ("case_id", "customer_id", "channel")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    customer_id: str
    channel: str
    def __init__(self, case_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., channel: _Optional[str] = ...) -> None: ...

class PublicReplySent(_message.Message):
    __slots__ = ("case_id", "source_mention_id", "network", "sent_at")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_MENTION_ID_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    SENT_AT_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    source_mention_id: str
    network: str
    sent_at: _timestamp_pb2.Timestamp
    def __init__(self, case_id: _Optional[str] = ..., source_mention_id: _Optional[str] = ..., network: _Optional[str] = ..., sent_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SlaWarned(_message.Message):
    __slots__ = ("case_id", "customer_id", "target", "due_at", "public")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    customer_id: str
    target: str
    due_at: _timestamp_pb2.Timestamp
    public: bool
    def __init__(self, case_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., target: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., public: _Optional[bool] = ...) -> None: ...

class SlaBreached(_message.Message):
    __slots__ = ("case_id", "customer_id", "target", "due_at", "public")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    customer_id: str
    target: str
    due_at: _timestamp_pb2.Timestamp
    public: bool
    def __init__(self, case_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., target: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., public: _Optional[bool] = ...) -> None: ...

class CaseResolved(_message.Message):
    __slots__ = ("case_id", "customer_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    customer_id: str
    def __init__(self, case_id: _Optional[str] = ..., customer_id: _Optional[str] = ...) -> None: ...

class CaseReopened(_message.Message):
    __slots__ = ("case_id", "customer_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    customer_id: str
    def __init__(self, case_id: _Optional[str] = ..., customer_id: _Optional[str] = ...) -> None: ...

class CasesMerged(_message.Message):
    __slots__ = ("merged_case_id", "survivor_case_id", "customer_id")
    MERGED_CASE_ID_FIELD_NUMBER: _ClassVar[int]
    SURVIVOR_CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    merged_case_id: str
    survivor_case_id: str
    customer_id: str
    def __init__(self, merged_case_id: _Optional[str] = ..., survivor_case_id: _Optional[str] = ..., customer_id: _Optional[str] = ...) -> None: ...

class SatisfactionRecorded(_message.Message):
    __slots__ = ("case_id", "customer_id", "score", "testimony_consent")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    TESTIMONY_CONSENT_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    customer_id: str
    score: int
    testimony_consent: bool
    def __init__(self, case_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., score: _Optional[int] = ..., testimony_consent: _Optional[bool] = ...) -> None: ...
