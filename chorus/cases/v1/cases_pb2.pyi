import datetime

from chorus.common.v1 import consistency_pb2 as _consistency_pb2
from chorus.common.v1 import privacy_pb2 as _privacy_pb2
from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Channel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHANNEL_UNSPECIFIED: _ClassVar[Channel]
    CHANNEL_EMAIL: _ClassVar[Channel]
    CHANNEL_PHONE: _ClassVar[Channel]
    CHANNEL_CHAT: _ClassVar[Channel]
    CHANNEL_WEB_FORM: _ClassVar[Channel]
    CHANNEL_SHOP: _ClassVar[Channel]
    CHANNEL_X: _ClassVar[Channel]
    CHANNEL_FACEBOOK: _ClassVar[Channel]
    CHANNEL_INSTAGRAM: _ClassVar[Channel]
    CHANNEL_LINKEDIN: _ClassVar[Channel]
    CHANNEL_TIKTOK: _ClassVar[Channel]
    CHANNEL_YOUTUBE: _ClassVar[Channel]
    CHANNEL_FORUM: _ClassVar[Channel]

class Visibility(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VISIBILITY_UNSPECIFIED: _ClassVar[Visibility]
    VISIBILITY_PUBLIC: _ClassVar[Visibility]
    VISIBILITY_PRIVATE: _ClassVar[Visibility]
    VISIBILITY_INTERNAL: _ClassVar[Visibility]

class Priority(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PRIORITY_UNSPECIFIED: _ClassVar[Priority]
    PRIORITY_LOW: _ClassVar[Priority]
    PRIORITY_NORMAL: _ClassVar[Priority]
    PRIORITY_HIGH: _ClassVar[Priority]
    PRIORITY_URGENT: _ClassVar[Priority]

class CaseStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CASE_STATUS_UNSPECIFIED: _ClassVar[CaseStatus]
    CASE_STATUS_NEW: _ClassVar[CaseStatus]
    CASE_STATUS_OPEN: _ClassVar[CaseStatus]
    CASE_STATUS_PENDING: _ClassVar[CaseStatus]
    CASE_STATUS_RESOLVED: _ClassVar[CaseStatus]
    CASE_STATUS_CLOSED: _ClassVar[CaseStatus]
    CASE_STATUS_MERGED: _ClassVar[CaseStatus]

class SupportTier(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUPPORT_TIER_UNSPECIFIED: _ClassVar[SupportTier]
    SUPPORT_TIER_SELF_CARE: _ClassVar[SupportTier]
    SUPPORT_TIER_COMMUNITY: _ClassVar[SupportTier]
    SUPPORT_TIER_AGENT: _ClassVar[SupportTier]
    SUPPORT_TIER_BACK_OFFICE: _ClassVar[SupportTier]

class AuthorKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AUTHOR_KIND_UNSPECIFIED: _ClassVar[AuthorKind]
    AUTHOR_KIND_CUSTOMER: _ClassVar[AuthorKind]
    AUTHOR_KIND_AGENT: _ClassVar[AuthorKind]
    AUTHOR_KIND_COMMUNITY_MEMBER: _ClassVar[AuthorKind]
    AUTHOR_KIND_SYSTEM: _ClassVar[AuthorKind]

class SlaTarget(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SLA_TARGET_UNSPECIFIED: _ClassVar[SlaTarget]
    SLA_TARGET_FIRST_RESPONSE: _ClassVar[SlaTarget]
    SLA_TARGET_NEXT_RESPONSE: _ClassVar[SlaTarget]
    SLA_TARGET_RESOLUTION: _ClassVar[SlaTarget]

class SlaState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SLA_STATE_UNSPECIFIED: _ClassVar[SlaState]
    SLA_STATE_RUNNING: _ClassVar[SlaState]
    SLA_STATE_PAUSED: _ClassVar[SlaState]
    SLA_STATE_MET: _ClassVar[SlaState]
    SLA_STATE_BREACHED: _ClassVar[SlaState]
    SLA_STATE_CANCELLED: _ClassVar[SlaState]

class AssignMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ASSIGN_MODE_UNSPECIFIED: _ClassVar[AssignMode]
    ASSIGN_MODE_MANUAL: _ClassVar[AssignMode]
    ASSIGN_MODE_ROUND_ROBIN: _ClassVar[AssignMode]
    ASSIGN_MODE_LEAST_LOADED: _ClassVar[AssignMode]

class Weekday(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    WEEKDAY_UNSPECIFIED: _ClassVar[Weekday]
    WEEKDAY_MONDAY: _ClassVar[Weekday]
    WEEKDAY_TUESDAY: _ClassVar[Weekday]
    WEEKDAY_WEDNESDAY: _ClassVar[Weekday]
    WEEKDAY_THURSDAY: _ClassVar[Weekday]
    WEEKDAY_FRIDAY: _ClassVar[Weekday]
    WEEKDAY_SATURDAY: _ClassVar[Weekday]
    WEEKDAY_SUNDAY: _ClassVar[Weekday]
CHANNEL_UNSPECIFIED: Channel
CHANNEL_EMAIL: Channel
CHANNEL_PHONE: Channel
CHANNEL_CHAT: Channel
CHANNEL_WEB_FORM: Channel
CHANNEL_SHOP: Channel
CHANNEL_X: Channel
CHANNEL_FACEBOOK: Channel
CHANNEL_INSTAGRAM: Channel
CHANNEL_LINKEDIN: Channel
CHANNEL_TIKTOK: Channel
CHANNEL_YOUTUBE: Channel
CHANNEL_FORUM: Channel
VISIBILITY_UNSPECIFIED: Visibility
VISIBILITY_PUBLIC: Visibility
VISIBILITY_PRIVATE: Visibility
VISIBILITY_INTERNAL: Visibility
PRIORITY_UNSPECIFIED: Priority
PRIORITY_LOW: Priority
PRIORITY_NORMAL: Priority
PRIORITY_HIGH: Priority
PRIORITY_URGENT: Priority
CASE_STATUS_UNSPECIFIED: CaseStatus
CASE_STATUS_NEW: CaseStatus
CASE_STATUS_OPEN: CaseStatus
CASE_STATUS_PENDING: CaseStatus
CASE_STATUS_RESOLVED: CaseStatus
CASE_STATUS_CLOSED: CaseStatus
CASE_STATUS_MERGED: CaseStatus
SUPPORT_TIER_UNSPECIFIED: SupportTier
SUPPORT_TIER_SELF_CARE: SupportTier
SUPPORT_TIER_COMMUNITY: SupportTier
SUPPORT_TIER_AGENT: SupportTier
SUPPORT_TIER_BACK_OFFICE: SupportTier
AUTHOR_KIND_UNSPECIFIED: AuthorKind
AUTHOR_KIND_CUSTOMER: AuthorKind
AUTHOR_KIND_AGENT: AuthorKind
AUTHOR_KIND_COMMUNITY_MEMBER: AuthorKind
AUTHOR_KIND_SYSTEM: AuthorKind
SLA_TARGET_UNSPECIFIED: SlaTarget
SLA_TARGET_FIRST_RESPONSE: SlaTarget
SLA_TARGET_NEXT_RESPONSE: SlaTarget
SLA_TARGET_RESOLUTION: SlaTarget
SLA_STATE_UNSPECIFIED: SlaState
SLA_STATE_RUNNING: SlaState
SLA_STATE_PAUSED: SlaState
SLA_STATE_MET: SlaState
SLA_STATE_BREACHED: SlaState
SLA_STATE_CANCELLED: SlaState
ASSIGN_MODE_UNSPECIFIED: AssignMode
ASSIGN_MODE_MANUAL: AssignMode
ASSIGN_MODE_ROUND_ROBIN: AssignMode
ASSIGN_MODE_LEAST_LOADED: AssignMode
WEEKDAY_UNSPECIFIED: Weekday
WEEKDAY_MONDAY: Weekday
WEEKDAY_TUESDAY: Weekday
WEEKDAY_WEDNESDAY: Weekday
WEEKDAY_THURSDAY: Weekday
WEEKDAY_FRIDAY: Weekday
WEEKDAY_SATURDAY: Weekday
WEEKDAY_SUNDAY: Weekday

class GetKnownCustomerRequest(_message.Message):
    __slots__ = ("customer_id",)
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    def __init__(self, customer_id: _Optional[str] = ...) -> None: ...

class GetKnownCustomerResponse(_message.Message):
    __slots__ = ("customer_id", "customer_code", "known_since")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_CODE_FIELD_NUMBER: _ClassVar[int]
    KNOWN_SINCE_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    customer_code: str
    known_since: _timestamp_pb2.Timestamp
    def __init__(self, customer_id: _Optional[str] = ..., customer_code: _Optional[str] = ..., known_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SocialAuthor(_message.Message):
    __slots__ = ("external_id", "handle", "display_name", "followers")
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    FOLLOWERS_FIELD_NUMBER: _ClassVar[int]
    external_id: str
    handle: str
    display_name: str
    followers: int
    def __init__(self, external_id: _Optional[str] = ..., handle: _Optional[str] = ..., display_name: _Optional[str] = ..., followers: _Optional[int] = ...) -> None: ...

class OpenCaseRequest(_message.Message):
    __slots__ = ("channel", "visibility", "received_at", "subject", "body", "customer_id", "author", "external_ref", "team", "language", "engagement")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_REF_FIELD_NUMBER: _ClassVar[int]
    TEAM_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    ENGAGEMENT_FIELD_NUMBER: _ClassVar[int]
    channel: Channel
    visibility: Visibility
    received_at: _timestamp_pb2.Timestamp
    subject: str
    body: str
    customer_id: str
    author: SocialAuthor
    external_ref: str
    team: str
    language: str
    engagement: int
    def __init__(self, channel: _Optional[_Union[Channel, str]] = ..., visibility: _Optional[_Union[Visibility, str]] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., subject: _Optional[str] = ..., body: _Optional[str] = ..., customer_id: _Optional[str] = ..., author: _Optional[_Union[SocialAuthor, _Mapping]] = ..., external_ref: _Optional[str] = ..., team: _Optional[str] = ..., language: _Optional[str] = ..., engagement: _Optional[int] = ...) -> None: ...

class OpenCaseResponse(_message.Message):
    __slots__ = ("case_id", "priority", "created", "write")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    priority: Priority
    created: bool
    write: _consistency_pb2.WriteResult
    def __init__(self, case_id: _Optional[str] = ..., priority: _Optional[_Union[Priority, str]] = ..., created: _Optional[bool] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class Case(_message.Message):
    __slots__ = ("case_id", "channel", "visibility", "status", "tier", "priority", "priority_overridden", "customer_id", "author_profile_id", "author_handle", "author_followers", "engagement", "subject", "received_at", "team", "agent_id", "merged_into", "sla_policy", "resolved_at", "closed_at", "satisfaction", "satisfaction_comment", "testimony_consent", "source_mention_id", "language", "customer_tier")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_OVERRIDDEN_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_PROFILE_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_HANDLE_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FOLLOWERS_FIELD_NUMBER: _ClassVar[int]
    ENGAGEMENT_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    TEAM_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    MERGED_INTO_FIELD_NUMBER: _ClassVar[int]
    SLA_POLICY_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_AT_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_COMMENT_FIELD_NUMBER: _ClassVar[int]
    TESTIMONY_CONSENT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_MENTION_ID_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_TIER_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    channel: Channel
    visibility: Visibility
    status: CaseStatus
    tier: SupportTier
    priority: Priority
    priority_overridden: bool
    customer_id: str
    author_profile_id: str
    author_handle: str
    author_followers: int
    engagement: int
    subject: str
    received_at: _timestamp_pb2.Timestamp
    team: str
    agent_id: str
    merged_into: str
    sla_policy: str
    resolved_at: _timestamp_pb2.Timestamp
    closed_at: _timestamp_pb2.Timestamp
    satisfaction: int
    satisfaction_comment: str
    testimony_consent: bool
    source_mention_id: str
    language: str
    customer_tier: str
    def __init__(self, case_id: _Optional[str] = ..., channel: _Optional[_Union[Channel, str]] = ..., visibility: _Optional[_Union[Visibility, str]] = ..., status: _Optional[_Union[CaseStatus, str]] = ..., tier: _Optional[_Union[SupportTier, str]] = ..., priority: _Optional[_Union[Priority, str]] = ..., priority_overridden: _Optional[bool] = ..., customer_id: _Optional[str] = ..., author_profile_id: _Optional[str] = ..., author_handle: _Optional[str] = ..., author_followers: _Optional[int] = ..., engagement: _Optional[int] = ..., subject: _Optional[str] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., team: _Optional[str] = ..., agent_id: _Optional[str] = ..., merged_into: _Optional[str] = ..., sla_policy: _Optional[str] = ..., resolved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., satisfaction: _Optional[int] = ..., satisfaction_comment: _Optional[str] = ..., testimony_consent: _Optional[bool] = ..., source_mention_id: _Optional[str] = ..., language: _Optional[str] = ..., customer_tier: _Optional[str] = ...) -> None: ...

class Message(_message.Message):
    __slots__ = ("message_id", "author_kind", "author_id", "visibility", "body", "at", "automated")
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_KIND_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    AUTOMATED_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    author_kind: AuthorKind
    author_id: str
    visibility: Visibility
    body: str
    at: _timestamp_pb2.Timestamp
    automated: bool
    def __init__(self, message_id: _Optional[str] = ..., author_kind: _Optional[_Union[AuthorKind, str]] = ..., author_id: _Optional[str] = ..., visibility: _Optional[_Union[Visibility, str]] = ..., body: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., automated: _Optional[bool] = ...) -> None: ...

class SlaTargetStatus(_message.Message):
    __slots__ = ("target", "state", "started_at", "due_at", "warn_at", "fulfilled_at", "warned", "budget", "spent")
    TARGET_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    WARN_AT_FIELD_NUMBER: _ClassVar[int]
    FULFILLED_AT_FIELD_NUMBER: _ClassVar[int]
    WARNED_FIELD_NUMBER: _ClassVar[int]
    BUDGET_FIELD_NUMBER: _ClassVar[int]
    SPENT_FIELD_NUMBER: _ClassVar[int]
    target: SlaTarget
    state: SlaState
    started_at: _timestamp_pb2.Timestamp
    due_at: _timestamp_pb2.Timestamp
    warn_at: _timestamp_pb2.Timestamp
    fulfilled_at: _timestamp_pb2.Timestamp
    warned: bool
    budget: _duration_pb2.Duration
    spent: _duration_pb2.Duration
    def __init__(self, target: _Optional[_Union[SlaTarget, str]] = ..., state: _Optional[_Union[SlaState, str]] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., warn_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., fulfilled_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., warned: _Optional[bool] = ..., budget: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., spent: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class GetCaseRequest(_message.Message):
    __slots__ = ("case_id", "consistency")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    consistency: _consistency_pb2.Consistency
    def __init__(self, case_id: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class GetCaseResponse(_message.Message):
    __slots__ = ("case", "messages", "targets", "redirected_from")
    CASE_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    TARGETS_FIELD_NUMBER: _ClassVar[int]
    REDIRECTED_FROM_FIELD_NUMBER: _ClassVar[int]
    case: Case
    messages: _containers.RepeatedCompositeFieldContainer[Message]
    targets: _containers.RepeatedCompositeFieldContainer[SlaTargetStatus]
    redirected_from: str
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., messages: _Optional[_Iterable[_Union[Message, _Mapping]]] = ..., targets: _Optional[_Iterable[_Union[SlaTargetStatus, _Mapping]]] = ..., redirected_from: _Optional[str] = ...) -> None: ...

class GetCaseHistoryRequest(_message.Message):
    __slots__ = ("case_id",)
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    def __init__(self, case_id: _Optional[str] = ...) -> None: ...

class CaseChange(_message.Message):
    __slots__ = ("event_type", "recorded_at", "actor", "position", "fields_json")
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    FIELDS_JSON_FIELD_NUMBER: _ClassVar[int]
    event_type: str
    recorded_at: _timestamp_pb2.Timestamp
    actor: str
    position: int
    fields_json: str
    def __init__(self, event_type: _Optional[str] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[str] = ..., position: _Optional[int] = ..., fields_json: _Optional[str] = ...) -> None: ...

class GetCaseHistoryResponse(_message.Message):
    __slots__ = ("changes",)
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    changes: _containers.RepeatedCompositeFieldContainer[CaseChange]
    def __init__(self, changes: _Optional[_Iterable[_Union[CaseChange, _Mapping]]] = ...) -> None: ...

class AddMessageRequest(_message.Message):
    __slots__ = ("case_id", "author_kind", "visibility", "body", "canned_response", "automated", "awaiting_customer", "author_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_KIND_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    CANNED_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    AUTOMATED_FIELD_NUMBER: _ClassVar[int]
    AWAITING_CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    author_kind: AuthorKind
    visibility: Visibility
    body: str
    canned_response: str
    automated: bool
    awaiting_customer: bool
    author_id: str
    def __init__(self, case_id: _Optional[str] = ..., author_kind: _Optional[_Union[AuthorKind, str]] = ..., visibility: _Optional[_Union[Visibility, str]] = ..., body: _Optional[str] = ..., canned_response: _Optional[str] = ..., automated: _Optional[bool] = ..., awaiting_customer: _Optional[bool] = ..., author_id: _Optional[str] = ...) -> None: ...

class AddMessageResponse(_message.Message):
    __slots__ = ("message_id", "write")
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    write: _consistency_pb2.WriteResult
    def __init__(self, message_id: _Optional[str] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class MoveToPrivateRequest(_message.Message):
    __slots__ = ("case_id", "channel", "public_acknowledgement")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_ACKNOWLEDGEMENT_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    channel: Channel
    public_acknowledgement: str
    def __init__(self, case_id: _Optional[str] = ..., channel: _Optional[_Union[Channel, str]] = ..., public_acknowledgement: _Optional[str] = ...) -> None: ...

class MoveToPrivateResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class AssignCaseRequest(_message.Message):
    __slots__ = ("case_id", "team", "agent_id", "mode", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    TEAM_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    team: str
    agent_id: str
    mode: AssignMode
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., team: _Optional[str] = ..., agent_id: _Optional[str] = ..., mode: _Optional[_Union[AssignMode, str]] = ..., reason: _Optional[str] = ...) -> None: ...

class AssignCaseResponse(_message.Message):
    __slots__ = ("team", "agent_id", "write")
    TEAM_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    team: str
    agent_id: str
    write: _consistency_pb2.WriteResult
    def __init__(self, team: _Optional[str] = ..., agent_id: _Optional[str] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class EscalateCaseRequest(_message.Message):
    __slots__ = ("case_id", "tier", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    tier: SupportTier
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., tier: _Optional[_Union[SupportTier, str]] = ..., reason: _Optional[str] = ...) -> None: ...

class EscalateCaseResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class SetCasePriorityRequest(_message.Message):
    __slots__ = ("case_id", "priority", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    priority: Priority
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., priority: _Optional[_Union[Priority, str]] = ..., reason: _Optional[str] = ...) -> None: ...

class SetCasePriorityResponse(_message.Message):
    __slots__ = ("priority", "write")
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    priority: Priority
    write: _consistency_pb2.WriteResult
    def __init__(self, priority: _Optional[_Union[Priority, str]] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class UpdateEngagementRequest(_message.Message):
    __slots__ = ("case_id", "engagement", "author_followers")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ENGAGEMENT_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FOLLOWERS_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    engagement: int
    author_followers: int
    def __init__(self, case_id: _Optional[str] = ..., engagement: _Optional[int] = ..., author_followers: _Optional[int] = ...) -> None: ...

class UpdateEngagementResponse(_message.Message):
    __slots__ = ("priority", "write")
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    priority: Priority
    write: _consistency_pb2.WriteResult
    def __init__(self, priority: _Optional[_Union[Priority, str]] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ResolveCaseRequest(_message.Message):
    __slots__ = ("case_id", "resolution", "accepted_message_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    resolution: str
    accepted_message_id: str
    def __init__(self, case_id: _Optional[str] = ..., resolution: _Optional[str] = ..., accepted_message_id: _Optional[str] = ...) -> None: ...

class ResolveCaseResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class CloseCaseRequest(_message.Message):
    __slots__ = ("case_id", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CloseCaseResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ReopenCaseRequest(_message.Message):
    __slots__ = ("case_id", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ReopenCaseResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class MergeCasesRequest(_message.Message):
    __slots__ = ("merged_case_id", "survivor_case_id", "reason")
    MERGED_CASE_ID_FIELD_NUMBER: _ClassVar[int]
    SURVIVOR_CASE_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    merged_case_id: str
    survivor_case_id: str
    reason: str
    def __init__(self, merged_case_id: _Optional[str] = ..., survivor_case_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class MergeCasesResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class RecordSatisfactionRequest(_message.Message):
    __slots__ = ("case_id", "score", "comment", "testimony_consent")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    TESTIMONY_CONSENT_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    score: int
    comment: str
    testimony_consent: bool
    def __init__(self, case_id: _Optional[str] = ..., score: _Optional[int] = ..., comment: _Optional[str] = ..., testimony_consent: _Optional[bool] = ...) -> None: ...

class RecordSatisfactionResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class OpeningHours(_message.Message):
    __slots__ = ("day", "opens", "closes")
    DAY_FIELD_NUMBER: _ClassVar[int]
    OPENS_FIELD_NUMBER: _ClassVar[int]
    CLOSES_FIELD_NUMBER: _ClassVar[int]
    day: Weekday
    opens: str
    closes: str
    def __init__(self, day: _Optional[_Union[Weekday, str]] = ..., opens: _Optional[str] = ..., closes: _Optional[str] = ...) -> None: ...

class Holiday(_message.Message):
    __slots__ = ("date", "name")
    DATE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    date: str
    name: str
    def __init__(self, date: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class BusinessCalendar(_message.Message):
    __slots__ = ("calendar", "time_zone", "hours", "holidays")
    CALENDAR_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    HOURS_FIELD_NUMBER: _ClassVar[int]
    HOLIDAYS_FIELD_NUMBER: _ClassVar[int]
    calendar: str
    time_zone: str
    hours: _containers.RepeatedCompositeFieldContainer[OpeningHours]
    holidays: _containers.RepeatedCompositeFieldContainer[Holiday]
    def __init__(self, calendar: _Optional[str] = ..., time_zone: _Optional[str] = ..., hours: _Optional[_Iterable[_Union[OpeningHours, _Mapping]]] = ..., holidays: _Optional[_Iterable[_Union[Holiday, _Mapping]]] = ...) -> None: ...

class DefineBusinessCalendarRequest(_message.Message):
    __slots__ = ("calendar",)
    CALENDAR_FIELD_NUMBER: _ClassVar[int]
    calendar: BusinessCalendar
    def __init__(self, calendar: _Optional[_Union[BusinessCalendar, _Mapping]] = ...) -> None: ...

class DefineBusinessCalendarResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ListBusinessCalendarsRequest(_message.Message):
    __slots__ = ("consistency",)
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    consistency: _consistency_pb2.Consistency
    def __init__(self, consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class ListBusinessCalendarsResponse(_message.Message):
    __slots__ = ("calendars",)
    CALENDARS_FIELD_NUMBER: _ClassVar[int]
    calendars: _containers.RepeatedCompositeFieldContainer[BusinessCalendar]
    def __init__(self, calendars: _Optional[_Iterable[_Union[BusinessCalendar, _Mapping]]] = ...) -> None: ...

class SlaConditions(_message.Message):
    __slots__ = ("channels", "priorities", "customer_tiers", "segments", "teams", "visibility")
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    PRIORITIES_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_TIERS_FIELD_NUMBER: _ClassVar[int]
    SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    TEAMS_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    channels: _containers.RepeatedScalarFieldContainer[Channel]
    priorities: _containers.RepeatedScalarFieldContainer[Priority]
    customer_tiers: _containers.RepeatedScalarFieldContainer[str]
    segments: _containers.RepeatedScalarFieldContainer[str]
    teams: _containers.RepeatedScalarFieldContainer[str]
    visibility: Visibility
    def __init__(self, channels: _Optional[_Iterable[_Union[Channel, str]]] = ..., priorities: _Optional[_Iterable[_Union[Priority, str]]] = ..., customer_tiers: _Optional[_Iterable[str]] = ..., segments: _Optional[_Iterable[str]] = ..., teams: _Optional[_Iterable[str]] = ..., visibility: _Optional[_Union[Visibility, str]] = ...) -> None: ...

class SlaPolicy(_message.Message):
    __slots__ = ("policy", "precedence", "conditions", "first_response", "next_response", "resolution", "calendar", "warning_percent", "reopen_window", "community_timeout")
    POLICY_FIELD_NUMBER: _ClassVar[int]
    PRECEDENCE_FIELD_NUMBER: _ClassVar[int]
    CONDITIONS_FIELD_NUMBER: _ClassVar[int]
    FIRST_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    NEXT_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    CALENDAR_FIELD_NUMBER: _ClassVar[int]
    WARNING_PERCENT_FIELD_NUMBER: _ClassVar[int]
    REOPEN_WINDOW_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_TIMEOUT_FIELD_NUMBER: _ClassVar[int]
    policy: str
    precedence: int
    conditions: SlaConditions
    first_response: _duration_pb2.Duration
    next_response: _duration_pb2.Duration
    resolution: _duration_pb2.Duration
    calendar: str
    warning_percent: int
    reopen_window: _duration_pb2.Duration
    community_timeout: _duration_pb2.Duration
    def __init__(self, policy: _Optional[str] = ..., precedence: _Optional[int] = ..., conditions: _Optional[_Union[SlaConditions, _Mapping]] = ..., first_response: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., next_response: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., resolution: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., calendar: _Optional[str] = ..., warning_percent: _Optional[int] = ..., reopen_window: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., community_timeout: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class DefineSlaPolicyRequest(_message.Message):
    __slots__ = ("policy",)
    POLICY_FIELD_NUMBER: _ClassVar[int]
    policy: SlaPolicy
    def __init__(self, policy: _Optional[_Union[SlaPolicy, _Mapping]] = ...) -> None: ...

class DefineSlaPolicyResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ListSlaPoliciesRequest(_message.Message):
    __slots__ = ("consistency",)
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    consistency: _consistency_pb2.Consistency
    def __init__(self, consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class ListSlaPoliciesResponse(_message.Message):
    __slots__ = ("policies",)
    POLICIES_FIELD_NUMBER: _ClassVar[int]
    policies: _containers.RepeatedCompositeFieldContainer[SlaPolicy]
    def __init__(self, policies: _Optional[_Iterable[_Union[SlaPolicy, _Mapping]]] = ...) -> None: ...

class DefineTeamRequest(_message.Message):
    __slots__ = ("team", "agents", "tier")
    TEAM_FIELD_NUMBER: _ClassVar[int]
    AGENTS_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    team: str
    agents: _containers.RepeatedScalarFieldContainer[str]
    tier: SupportTier
    def __init__(self, team: _Optional[str] = ..., agents: _Optional[_Iterable[str]] = ..., tier: _Optional[_Union[SupportTier, str]] = ...) -> None: ...

class DefineTeamResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class CannedResponse(_message.Message):
    __slots__ = ("key", "language", "text")
    KEY_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    key: str
    language: str
    text: str
    def __init__(self, key: _Optional[str] = ..., language: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class DefineCannedResponseRequest(_message.Message):
    __slots__ = ("response",)
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    response: CannedResponse
    def __init__(self, response: _Optional[_Union[CannedResponse, _Mapping]] = ...) -> None: ...

class DefineCannedResponseResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ListCannedResponsesRequest(_message.Message):
    __slots__ = ("language",)
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    language: str
    def __init__(self, language: _Optional[str] = ...) -> None: ...

class ListCannedResponsesResponse(_message.Message):
    __slots__ = ("responses",)
    RESPONSES_FIELD_NUMBER: _ClassVar[int]
    responses: _containers.RepeatedCompositeFieldContainer[CannedResponse]
    def __init__(self, responses: _Optional[_Iterable[_Union[CannedResponse, _Mapping]]] = ...) -> None: ...

class CaseSummary(_message.Message):
    __slots__ = ("case", "next_due_at", "breached")
    CASE_FIELD_NUMBER: _ClassVar[int]
    NEXT_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    BREACHED_FIELD_NUMBER: _ClassVar[int]
    case: Case
    next_due_at: _timestamp_pb2.Timestamp
    breached: bool
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., next_due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., breached: _Optional[bool] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ("statuses", "channel", "priority", "customer_tier", "team", "agent_id", "customer_id", "sla_state", "page_size", "page_token", "consistency")
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_TIER_FIELD_NUMBER: _ClassVar[int]
    TEAM_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    SLA_STATE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    statuses: _containers.RepeatedScalarFieldContainer[CaseStatus]
    channel: Channel
    priority: Priority
    customer_tier: str
    team: str
    agent_id: str
    customer_id: str
    sla_state: SlaState
    page_size: int
    page_token: str
    consistency: _consistency_pb2.Consistency
    def __init__(self, statuses: _Optional[_Iterable[_Union[CaseStatus, str]]] = ..., channel: _Optional[_Union[Channel, str]] = ..., priority: _Optional[_Union[Priority, str]] = ..., customer_tier: _Optional[str] = ..., team: _Optional[str] = ..., agent_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., sla_state: _Optional[_Union[SlaState, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class ListCasesResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[CaseSummary]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[CaseSummary, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetQueueRequest(_message.Message):
    __slots__ = ("agent_id", "team", "page_size", "page_token", "consistency")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    TEAM_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    team: str
    page_size: int
    page_token: str
    consistency: _consistency_pb2.Consistency
    def __init__(self, agent_id: _Optional[str] = ..., team: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class GetTeamWorkloadRequest(_message.Message):
    __slots__ = ("team", "consistency")
    TEAM_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    team: str
    consistency: _consistency_pb2.Consistency
    def __init__(self, team: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class AgentWorkload(_message.Message):
    __slots__ = ("agent_id", "open", "breached", "next_due_at")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    BREACHED_FIELD_NUMBER: _ClassVar[int]
    NEXT_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    open: int
    breached: int
    next_due_at: _timestamp_pb2.Timestamp
    def __init__(self, agent_id: _Optional[str] = ..., open: _Optional[int] = ..., breached: _Optional[int] = ..., next_due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetTeamWorkloadResponse(_message.Message):
    __slots__ = ("agents", "unassigned")
    AGENTS_FIELD_NUMBER: _ClassVar[int]
    UNASSIGNED_FIELD_NUMBER: _ClassVar[int]
    agents: _containers.RepeatedCompositeFieldContainer[AgentWorkload]
    unassigned: int
    def __init__(self, agents: _Optional[_Iterable[_Union[AgentWorkload, _Mapping]]] = ..., unassigned: _Optional[int] = ...) -> None: ...

class GetQueueResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[CaseSummary]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[CaseSummary, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListSlaBreachesRequest(_message.Message):
    __slots__ = ("before", "public_only", "page_size", "page_token", "consistency")
    BEFORE_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    before: _timestamp_pb2.Timestamp
    public_only: bool
    page_size: int
    page_token: str
    consistency: _consistency_pb2.Consistency
    def __init__(self, before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., public_only: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class ListSlaBreachesResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[CaseSummary]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[CaseSummary, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class SearchCasesRequest(_message.Message):
    __slots__ = ("query", "page_size", "page_token", "consistency")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    query: str
    page_size: int
    page_token: str
    consistency: _consistency_pb2.Consistency
    def __init__(self, query: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class SearchCasesResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[CaseSummary]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[CaseSummary, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetCaseStatsRequest(_message.Message):
    __slots__ = ("to", "team", "channel")
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    TEAM_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    to: _timestamp_pb2.Timestamp
    team: str
    channel: Channel
    def __init__(self, to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., team: _Optional[str] = ..., channel: _Optional[_Union[Channel, str]] = ..., **kwargs) -> None: ...

class TargetAttainment(_message.Message):
    __slots__ = ("target", "met", "breached", "attainment")
    TARGET_FIELD_NUMBER: _ClassVar[int]
    MET_FIELD_NUMBER: _ClassVar[int]
    BREACHED_FIELD_NUMBER: _ClassVar[int]
    ATTAINMENT_FIELD_NUMBER: _ClassVar[int]
    target: SlaTarget
    met: int
    breached: int
    attainment: float
    def __init__(self, target: _Optional[_Union[SlaTarget, str]] = ..., met: _Optional[int] = ..., breached: _Optional[int] = ..., attainment: _Optional[float] = ...) -> None: ...

class Backlog(_message.Message):
    __slots__ = ("key", "open_cases")
    KEY_FIELD_NUMBER: _ClassVar[int]
    OPEN_CASES_FIELD_NUMBER: _ClassVar[int]
    key: str
    open_cases: int
    def __init__(self, key: _Optional[str] = ..., open_cases: _Optional[int] = ...) -> None: ...

class GetCaseStatsResponse(_message.Message):
    __slots__ = ("opened", "resolved", "first_response_median", "first_response_p90", "resolution_median", "resolution_p90", "attainment", "satisfaction_average", "satisfaction_counts", "backlog_by_channel", "backlog_by_team")
    OPENED_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_FIELD_NUMBER: _ClassVar[int]
    FIRST_RESPONSE_MEDIAN_FIELD_NUMBER: _ClassVar[int]
    FIRST_RESPONSE_P90_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_MEDIAN_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_P90_FIELD_NUMBER: _ClassVar[int]
    ATTAINMENT_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_AVERAGE_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_COUNTS_FIELD_NUMBER: _ClassVar[int]
    BACKLOG_BY_CHANNEL_FIELD_NUMBER: _ClassVar[int]
    BACKLOG_BY_TEAM_FIELD_NUMBER: _ClassVar[int]
    opened: int
    resolved: int
    first_response_median: _duration_pb2.Duration
    first_response_p90: _duration_pb2.Duration
    resolution_median: _duration_pb2.Duration
    resolution_p90: _duration_pb2.Duration
    attainment: _containers.RepeatedCompositeFieldContainer[TargetAttainment]
    satisfaction_average: float
    satisfaction_counts: _containers.RepeatedScalarFieldContainer[int]
    backlog_by_channel: _containers.RepeatedCompositeFieldContainer[Backlog]
    backlog_by_team: _containers.RepeatedCompositeFieldContainer[Backlog]
    def __init__(self, opened: _Optional[int] = ..., resolved: _Optional[int] = ..., first_response_median: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., first_response_p90: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., resolution_median: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., resolution_p90: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., attainment: _Optional[_Iterable[_Union[TargetAttainment, _Mapping]]] = ..., satisfaction_average: _Optional[float] = ..., satisfaction_counts: _Optional[_Iterable[int]] = ..., backlog_by_channel: _Optional[_Iterable[_Union[Backlog, _Mapping]]] = ..., backlog_by_team: _Optional[_Iterable[_Union[Backlog, _Mapping]]] = ...) -> None: ...

class ExportSubjectDataRequest(_message.Message):
    __slots__ = ("customer_id",)
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    def __init__(self, customer_id: _Optional[str] = ...) -> None: ...

class ExportSubjectDataResponse(_message.Message):
    __slots__ = ("case", "message", "change", "case_id")
    CASE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    case: Case
    message: Message
    change: _privacy_pb2.SubjectChange
    case_id: str
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., message: _Optional[_Union[Message, _Mapping]] = ..., change: _Optional[_Union[_privacy_pb2.SubjectChange, _Mapping]] = ..., case_id: _Optional[str] = ...) -> None: ...
