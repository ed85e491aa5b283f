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

class Network(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NETWORK_UNSPECIFIED: _ClassVar[Network]
    NETWORK_X: _ClassVar[Network]
    NETWORK_FACEBOOK: _ClassVar[Network]
    NETWORK_INSTAGRAM: _ClassVar[Network]
    NETWORK_LINKEDIN: _ClassVar[Network]
    NETWORK_TIKTOK: _ClassVar[Network]
    NETWORK_YOUTUBE: _ClassVar[Network]
    NETWORK_FORUM: _ClassVar[Network]
    NETWORK_WEB: _ClassVar[Network]

class Sentiment(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SENTIMENT_UNSPECIFIED: _ClassVar[Sentiment]
    SENTIMENT_NEGATIVE: _ClassVar[Sentiment]
    SENTIMENT_NEUTRAL: _ClassVar[Sentiment]
    SENTIMENT_POSITIVE: _ClassVar[Sentiment]

class Intent(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INTENT_UNSPECIFIED: _ClassVar[Intent]
    INTENT_COMPLAINT: _ClassVar[Intent]
    INTENT_QUESTION: _ClassVar[Intent]
    INTENT_PRAISE: _ClassVar[Intent]
    INTENT_OTHER: _ClassVar[Intent]

class TermKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TERM_KIND_UNSPECIFIED: _ClassVar[TermKind]
    TERM_KIND_BRAND: _ClassVar[TermKind]
    TERM_KIND_PRODUCT: _ClassVar[TermKind]
    TERM_KIND_CAMPAIGN: _ClassVar[TermKind]
    TERM_KIND_COMPETITOR: _ClassVar[TermKind]

class AuthorFilter(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AUTHOR_FILTER_UNSPECIFIED: _ClassVar[AuthorFilter]
    AUTHOR_FILTER_AMBASSADORS: _ClassVar[AuthorFilter]
    AUTHOR_FILTER_DETRACTORS: _ClassVar[AuthorFilter]

class AlertStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ALERT_STATUS_UNSPECIFIED: _ClassVar[AlertStatus]
    ALERT_STATUS_OPEN: _ClassVar[AlertStatus]
    ALERT_STATUS_ACKNOWLEDGED: _ClassVar[AlertStatus]
    ALERT_STATUS_RESOLVED: _ClassVar[AlertStatus]
NETWORK_UNSPECIFIED: Network
NETWORK_X: Network
NETWORK_FACEBOOK: Network
NETWORK_INSTAGRAM: Network
NETWORK_LINKEDIN: Network
NETWORK_TIKTOK: Network
NETWORK_YOUTUBE: Network
NETWORK_FORUM: Network
NETWORK_WEB: Network
SENTIMENT_UNSPECIFIED: Sentiment
SENTIMENT_NEGATIVE: Sentiment
SENTIMENT_NEUTRAL: Sentiment
SENTIMENT_POSITIVE: Sentiment
INTENT_UNSPECIFIED: Intent
INTENT_COMPLAINT: Intent
INTENT_QUESTION: Intent
INTENT_PRAISE: Intent
INTENT_OTHER: Intent
TERM_KIND_UNSPECIFIED: TermKind
TERM_KIND_BRAND: TermKind
TERM_KIND_PRODUCT: TermKind
TERM_KIND_CAMPAIGN: TermKind
TERM_KIND_COMPETITOR: TermKind
AUTHOR_FILTER_UNSPECIFIED: AuthorFilter
AUTHOR_FILTER_AMBASSADORS: AuthorFilter
AUTHOR_FILTER_DETRACTORS: AuthorFilter
ALERT_STATUS_UNSPECIFIED: AlertStatus
ALERT_STATUS_OPEN: AlertStatus
ALERT_STATUS_ACKNOWLEDGED: AlertStatus
ALERT_STATUS_RESOLVED: AlertStatus

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

class Author(_message.Message):
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

class Engagement(_message.Message):
    __slots__ = ("likes", "shares", "comments")
    LIKES_FIELD_NUMBER: _ClassVar[int]
    SHARES_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    likes: int
    shares: int
    comments: int
    def __init__(self, likes: _Optional[int] = ..., shares: _Optional[int] = ..., comments: _Optional[int] = ...) -> None: ...

class MentionInput(_message.Message):
    __slots__ = ("network", "post_id", "author", "text", "url", "published_at", "reply_to", "engagement")
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    REPLY_TO_FIELD_NUMBER: _ClassVar[int]
    ENGAGEMENT_FIELD_NUMBER: _ClassVar[int]
    network: Network
    post_id: str
    author: Author
    text: str
    url: str
    published_at: _timestamp_pb2.Timestamp
    reply_to: str
    engagement: Engagement
    def __init__(self, network: _Optional[_Union[Network, str]] = ..., post_id: _Optional[str] = ..., author: _Optional[_Union[Author, _Mapping]] = ..., text: _Optional[str] = ..., url: _Optional[str] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reply_to: _Optional[str] = ..., engagement: _Optional[_Union[Engagement, _Mapping]] = ...) -> None: ...

class RecordMentionsRequest(_message.Message):
    __slots__ = ("mentions",)
    MENTIONS_FIELD_NUMBER: _ClassVar[int]
    mentions: _containers.RepeatedCompositeFieldContainer[MentionInput]
    def __init__(self, mentions: _Optional[_Iterable[_Union[MentionInput, _Mapping]]] = ...) -> None: ...

class RecordMentionsResponse(_message.Message):
    __slots__ = ("recorded", "duplicates", "write", "mention_ids")
    RECORDED_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    MENTION_IDS_FIELD_NUMBER: _ClassVar[int]
    recorded: int
    duplicates: int
    write: _consistency_pb2.WriteResult
    mention_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, recorded: _Optional[int] = ..., duplicates: _Optional[int] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ..., mention_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateEngagementRequest(_message.Message):
    __slots__ = ("network", "post_id", "engagement")
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    ENGAGEMENT_FIELD_NUMBER: _ClassVar[int]
    network: Network
    post_id: str
    engagement: Engagement
    def __init__(self, network: _Optional[_Union[Network, str]] = ..., post_id: _Optional[str] = ..., engagement: _Optional[_Union[Engagement, _Mapping]] = ...) -> None: ...

class UpdateEngagementResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class Analysis(_message.Message):
    __slots__ = ("language", "sentiment", "sentiment_score", "intent", "terms", "analyser")
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    SENTIMENT_FIELD_NUMBER: _ClassVar[int]
    SENTIMENT_SCORE_FIELD_NUMBER: _ClassVar[int]
    INTENT_FIELD_NUMBER: _ClassVar[int]
    TERMS_FIELD_NUMBER: _ClassVar[int]
    ANALYSER_FIELD_NUMBER: _ClassVar[int]
    language: str
    sentiment: Sentiment
    sentiment_score: float
    intent: Intent
    terms: _containers.RepeatedScalarFieldContainer[str]
    analyser: str
    def __init__(self, language: _Optional[str] = ..., sentiment: _Optional[_Union[Sentiment, str]] = ..., sentiment_score: _Optional[float] = ..., intent: _Optional[_Union[Intent, str]] = ..., terms: _Optional[_Iterable[str]] = ..., analyser: _Optional[str] = ...) -> None: ...

class Mention(_message.Message):
    __slots__ = ("mention_id", "network", "post_id", "author", "author_profile_id", "text", "url", "published_at", "reply_to", "engagement", "analysis", "answer_requested", "brand_replied_at")
    MENTION_ID_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_PROFILE_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    REPLY_TO_FIELD_NUMBER: _ClassVar[int]
    ENGAGEMENT_FIELD_NUMBER: _ClassVar[int]
    ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    ANSWER_REQUESTED_FIELD_NUMBER: _ClassVar[int]
    BRAND_REPLIED_AT_FIELD_NUMBER: _ClassVar[int]
    mention_id: str
    network: Network
    post_id: str
    author: Author
    author_profile_id: str
    text: str
    url: str
    published_at: _timestamp_pb2.Timestamp
    reply_to: str
    engagement: Engagement
    analysis: Analysis
    answer_requested: str
    brand_replied_at: _timestamp_pb2.Timestamp
    def __init__(self, mention_id: _Optional[str] = ..., network: _Optional[_Union[Network, str]] = ..., post_id: _Optional[str] = ..., author: _Optional[_Union[Author, _Mapping]] = ..., author_profile_id: _Optional[str] = ..., text: _Optional[str] = ..., url: _Optional[str] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reply_to: _Optional[str] = ..., engagement: _Optional[_Union[Engagement, _Mapping]] = ..., analysis: _Optional[_Union[Analysis, _Mapping]] = ..., answer_requested: _Optional[str] = ..., brand_replied_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetMentionRequest(_message.Message):
    __slots__ = ("mention_id", "consistency")
    MENTION_ID_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    mention_id: str
    consistency: _consistency_pb2.Consistency
    def __init__(self, mention_id: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class GetMentionResponse(_message.Message):
    __slots__ = ("mention",)
    MENTION_FIELD_NUMBER: _ClassVar[int]
    mention: Mention
    def __init__(self, mention: _Optional[_Union[Mention, _Mapping]] = ...) -> None: ...

class SearchMentionsRequest(_message.Message):
    __slots__ = ("query", "network", "language", "sentiment", "intent", "term", "author_profile_id", "to", "page_size", "page_token", "consistency")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    SENTIMENT_FIELD_NUMBER: _ClassVar[int]
    INTENT_FIELD_NUMBER: _ClassVar[int]
    TERM_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_PROFILE_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    query: str
    network: Network
    language: str
    sentiment: Sentiment
    intent: Intent
    term: str
    author_profile_id: str
    to: _timestamp_pb2.Timestamp
    page_size: int
    page_token: str
    consistency: _consistency_pb2.Consistency
    def __init__(self, query: _Optional[str] = ..., network: _Optional[_Union[Network, str]] = ..., language: _Optional[str] = ..., sentiment: _Optional[_Union[Sentiment, str]] = ..., intent: _Optional[_Union[Intent, str]] = ..., term: _Optional[str] = ..., author_profile_id: _Optional[str] = ..., to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ..., **kwargs) -> None: ...

class SearchMentionsResponse(_message.Message):
    __slots__ = ("mentions", "next_page_token")
    MENTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    mentions: _containers.RepeatedCompositeFieldContainer[Mention]
    next_page_token: str
    def __init__(self, mentions: _Optional[_Iterable[_Union[Mention, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetTimelineRequest(_message.Message):
    __slots__ = ("to", "bucket", "term", "network", "consistency")
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    TERM_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    to: _timestamp_pb2.Timestamp
    bucket: _duration_pb2.Duration
    term: str
    network: Network
    consistency: _consistency_pb2.Consistency
    def __init__(self, to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., bucket: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., term: _Optional[str] = ..., network: _Optional[_Union[Network, str]] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ..., **kwargs) -> None: ...

class TimelineBucket(_message.Message):
    __slots__ = ("start", "mentions", "negative", "neutral", "positive", "engagement")
    START_FIELD_NUMBER: _ClassVar[int]
    MENTIONS_FIELD_NUMBER: _ClassVar[int]
    NEGATIVE_FIELD_NUMBER: _ClassVar[int]
    NEUTRAL_FIELD_NUMBER: _ClassVar[int]
    POSITIVE_FIELD_NUMBER: _ClassVar[int]
    ENGAGEMENT_FIELD_NUMBER: _ClassVar[int]
    start: _timestamp_pb2.Timestamp
    mentions: int
    negative: int
    neutral: int
    positive: int
    engagement: int
    def __init__(self, start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., mentions: _Optional[int] = ..., negative: _Optional[int] = ..., neutral: _Optional[int] = ..., positive: _Optional[int] = ..., engagement: _Optional[int] = ...) -> None: ...

class GetTimelineResponse(_message.Message):
    __slots__ = ("buckets",)
    BUCKETS_FIELD_NUMBER: _ClassVar[int]
    buckets: _containers.RepeatedCompositeFieldContainer[TimelineBucket]
    def __init__(self, buckets: _Optional[_Iterable[_Union[TimelineBucket, _Mapping]]] = ...) -> None: ...

class AuthorSummary(_message.Message):
    __slots__ = ("author_profile_id", "network", "handle", "followers", "mentions", "engagement", "positive_share", "negative_share", "influence", "producer_tier")
    AUTHOR_PROFILE_ID_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    FOLLOWERS_FIELD_NUMBER: _ClassVar[int]
    MENTIONS_FIELD_NUMBER: _ClassVar[int]
    ENGAGEMENT_FIELD_NUMBER: _ClassVar[int]
    POSITIVE_SHARE_FIELD_NUMBER: _ClassVar[int]
    NEGATIVE_SHARE_FIELD_NUMBER: _ClassVar[int]
    INFLUENCE_FIELD_NUMBER: _ClassVar[int]
    PRODUCER_TIER_FIELD_NUMBER: _ClassVar[int]
    author_profile_id: str
    network: Network
    handle: str
    followers: int
    mentions: int
    engagement: int
    positive_share: float
    negative_share: float
    influence: float
    producer_tier: str
    def __init__(self, author_profile_id: _Optional[str] = ..., network: _Optional[_Union[Network, str]] = ..., handle: _Optional[str] = ..., followers: _Optional[int] = ..., mentions: _Optional[int] = ..., engagement: _Optional[int] = ..., positive_share: _Optional[float] = ..., negative_share: _Optional[float] = ..., influence: _Optional[float] = ..., producer_tier: _Optional[str] = ...) -> None: ...

class ListAuthorsRequest(_message.Message):
    __slots__ = ("to", "filter", "limit")
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    to: _timestamp_pb2.Timestamp
    filter: AuthorFilter
    limit: int
    def __init__(self, to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., filter: _Optional[_Union[AuthorFilter, str]] = ..., limit: _Optional[int] = ..., **kwargs) -> None: ...

class ListAuthorsResponse(_message.Message):
    __slots__ = ("authors",)
    AUTHORS_FIELD_NUMBER: _ClassVar[int]
    authors: _containers.RepeatedCompositeFieldContainer[AuthorSummary]
    def __init__(self, authors: _Optional[_Iterable[_Union[AuthorSummary, _Mapping]]] = ...) -> None: ...

class TrackedTerm(_message.Message):
    __slots__ = ("term", "kind")
    TERM_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    term: str
    kind: TermKind
    def __init__(self, term: _Optional[str] = ..., kind: _Optional[_Union[TermKind, str]] = ...) -> None: ...

class DefineTrackedTermsRequest(_message.Message):
    __slots__ = ("terms",)
    TERMS_FIELD_NUMBER: _ClassVar[int]
    terms: _containers.RepeatedCompositeFieldContainer[TrackedTerm]
    def __init__(self, terms: _Optional[_Iterable[_Union[TrackedTerm, _Mapping]]] = ...) -> None: ...

class DefineTrackedTermsResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ListTopPostsRequest(_message.Message):
    __slots__ = ("to", "term", "network", "limit", "consistency")
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    TERM_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    to: _timestamp_pb2.Timestamp
    term: str
    network: Network
    limit: int
    consistency: _consistency_pb2.Consistency
    def __init__(self, to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., term: _Optional[str] = ..., network: _Optional[_Union[Network, str]] = ..., limit: _Optional[int] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ..., **kwargs) -> None: ...

class ListTopPostsResponse(_message.Message):
    __slots__ = ("mentions",)
    MENTIONS_FIELD_NUMBER: _ClassVar[int]
    mentions: _containers.RepeatedCompositeFieldContainer[Mention]
    def __init__(self, mentions: _Optional[_Iterable[_Union[Mention, _Mapping]]] = ...) -> None: ...

class ExportSubjectDataRequest(_message.Message):
    __slots__ = ("customer_id",)
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    def __init__(self, customer_id: _Optional[str] = ...) -> None: ...

class ExportSubjectDataResponse(_message.Message):
    __slots__ = ("mention", "change")
    MENTION_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    mention: Mention
    change: _privacy_pb2.SubjectChange
    def __init__(self, mention: _Optional[_Union[Mention, _Mapping]] = ..., change: _Optional[_Union[_privacy_pb2.SubjectChange, _Mapping]] = ...) -> None: ...

class GetShareOfVoiceRequest(_message.Message):
    __slots__ = ("to", "terms", "consistency")
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    TERMS_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    to: _timestamp_pb2.Timestamp
    terms: _containers.RepeatedScalarFieldContainer[str]
    consistency: _consistency_pb2.Consistency
    def __init__(self, to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., terms: _Optional[_Iterable[str]] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ..., **kwargs) -> None: ...

class TermShare(_message.Message):
    __slots__ = ("term", "kind", "mentions", "share", "negative_share", "positive_share")
    TERM_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    MENTIONS_FIELD_NUMBER: _ClassVar[int]
    SHARE_FIELD_NUMBER: _ClassVar[int]
    NEGATIVE_SHARE_FIELD_NUMBER: _ClassVar[int]
    POSITIVE_SHARE_FIELD_NUMBER: _ClassVar[int]
    term: str
    kind: TermKind
    mentions: int
    share: float
    negative_share: float
    positive_share: float
    def __init__(self, term: _Optional[str] = ..., kind: _Optional[_Union[TermKind, str]] = ..., mentions: _Optional[int] = ..., share: _Optional[float] = ..., negative_share: _Optional[float] = ..., positive_share: _Optional[float] = ...) -> None: ...

class GetShareOfVoiceResponse(_message.Message):
    __slots__ = ("shares", "mentions")
    SHARES_FIELD_NUMBER: _ClassVar[int]
    MENTIONS_FIELD_NUMBER: _ClassVar[int]
    shares: _containers.RepeatedCompositeFieldContainer[TermShare]
    mentions: int
    def __init__(self, shares: _Optional[_Iterable[_Union[TermShare, _Mapping]]] = ..., mentions: _Optional[int] = ...) -> None: ...

class AlertPolicy(_message.Message):
    __slots__ = ("term", "bucket", "min_volume", "z_threshold", "min_negative_share", "viral_per_hour", "baseline_days", "min_baseline", "quiet_buckets")
    TERM_FIELD_NUMBER: _ClassVar[int]
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    MIN_VOLUME_FIELD_NUMBER: _ClassVar[int]
    Z_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    MIN_NEGATIVE_SHARE_FIELD_NUMBER: _ClassVar[int]
    VIRAL_PER_HOUR_FIELD_NUMBER: _ClassVar[int]
    BASELINE_DAYS_FIELD_NUMBER: _ClassVar[int]
    MIN_BASELINE_FIELD_NUMBER: _ClassVar[int]
    QUIET_BUCKETS_FIELD_NUMBER: _ClassVar[int]
    term: str
    bucket: _duration_pb2.Duration
    min_volume: int
    z_threshold: float
    min_negative_share: float
    viral_per_hour: int
    baseline_days: int
    min_baseline: int
    quiet_buckets: int
    def __init__(self, term: _Optional[str] = ..., bucket: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ..., min_volume: _Optional[int] = ..., z_threshold: _Optional[float] = ..., min_negative_share: _Optional[float] = ..., viral_per_hour: _Optional[int] = ..., baseline_days: _Optional[int] = ..., min_baseline: _Optional[int] = ..., quiet_buckets: _Optional[int] = ...) -> None: ...

class DefineAlertPolicyRequest(_message.Message):
    __slots__ = ("policy",)
    POLICY_FIELD_NUMBER: _ClassVar[int]
    policy: AlertPolicy
    def __init__(self, policy: _Optional[_Union[AlertPolicy, _Mapping]] = ...) -> None: ...

class DefineAlertPolicyResponse(_message.Message):
    __slots__ = ("policy", "write")
    POLICY_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    policy: AlertPolicy
    write: _consistency_pb2.WriteResult
    def __init__(self, policy: _Optional[_Union[AlertPolicy, _Mapping]] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class KnownIncident(_message.Message):
    __slots__ = ("started_at", "ended_at", "label")
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    ENDED_AT_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    started_at: _timestamp_pb2.Timestamp
    ended_at: _timestamp_pb2.Timestamp
    label: str
    def __init__(self, started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ended_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., label: _Optional[str] = ...) -> None: ...

class BacktestAlertPolicyRequest(_message.Message):
    __slots__ = ("policy", "term", "to", "known_incidents", "consistency")
    POLICY_FIELD_NUMBER: _ClassVar[int]
    TERM_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    KNOWN_INCIDENTS_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    policy: AlertPolicy
    term: str
    to: _timestamp_pb2.Timestamp
    known_incidents: _containers.RepeatedCompositeFieldContainer[KnownIncident]
    consistency: _consistency_pb2.Consistency
    def __init__(self, policy: _Optional[_Union[AlertPolicy, _Mapping]] = ..., term: _Optional[str] = ..., to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., known_incidents: _Optional[_Iterable[_Union[KnownIncident, _Mapping]]] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ..., **kwargs) -> None: ...

class SimulatedAlert(_message.Message):
    __slots__ = ("kind", "bucket_start", "raised_at", "reasons", "volume", "negative_share", "z_score", "driving_mention_ids")
    KIND_FIELD_NUMBER: _ClassVar[int]
    BUCKET_START_FIELD_NUMBER: _ClassVar[int]
    RAISED_AT_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    VOLUME_FIELD_NUMBER: _ClassVar[int]
    NEGATIVE_SHARE_FIELD_NUMBER: _ClassVar[int]
    Z_SCORE_FIELD_NUMBER: _ClassVar[int]
    DRIVING_MENTION_IDS_FIELD_NUMBER: _ClassVar[int]
    kind: str
    bucket_start: _timestamp_pb2.Timestamp
    raised_at: _timestamp_pb2.Timestamp
    reasons: _containers.RepeatedScalarFieldContainer[str]
    volume: int
    negative_share: float
    z_score: float
    driving_mention_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, kind: _Optional[str] = ..., bucket_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., raised_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reasons: _Optional[_Iterable[str]] = ..., volume: _Optional[int] = ..., negative_share: _Optional[float] = ..., z_score: _Optional[float] = ..., driving_mention_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class IncidentResult(_message.Message):
    __slots__ = ("incident", "detected", "detection_delay")
    INCIDENT_FIELD_NUMBER: _ClassVar[int]
    DETECTED_FIELD_NUMBER: _ClassVar[int]
    DETECTION_DELAY_FIELD_NUMBER: _ClassVar[int]
    incident: KnownIncident
    detected: bool
    detection_delay: _duration_pb2.Duration
    def __init__(self, incident: _Optional[_Union[KnownIncident, _Mapping]] = ..., detected: _Optional[bool] = ..., detection_delay: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class BacktestAlertPolicyResponse(_message.Message):
    __slots__ = ("policy", "alerts", "incidents", "missed", "false_alarms")
    POLICY_FIELD_NUMBER: _ClassVar[int]
    ALERTS_FIELD_NUMBER: _ClassVar[int]
    INCIDENTS_FIELD_NUMBER: _ClassVar[int]
    MISSED_FIELD_NUMBER: _ClassVar[int]
    FALSE_ALARMS_FIELD_NUMBER: _ClassVar[int]
    policy: AlertPolicy
    alerts: _containers.RepeatedCompositeFieldContainer[SimulatedAlert]
    incidents: _containers.RepeatedCompositeFieldContainer[IncidentResult]
    missed: int
    false_alarms: int
    def __init__(self, policy: _Optional[_Union[AlertPolicy, _Mapping]] = ..., alerts: _Optional[_Iterable[_Union[SimulatedAlert, _Mapping]]] = ..., incidents: _Optional[_Iterable[_Union[IncidentResult, _Mapping]]] = ..., missed: _Optional[int] = ..., false_alarms: _Optional[int] = ...) -> None: ...

class Alert(_message.Message):
    __slots__ = ("alert_id", "term", "status", "bucket_start", "raised_at", "last_bucket_start", "escalations", "reasons", "volume", "negative_share", "z_score", "driving_mention_ids", "acknowledged_by", "resolved_by", "note")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    TERM_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    BUCKET_START_FIELD_NUMBER: _ClassVar[int]
    RAISED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_BUCKET_START_FIELD_NUMBER: _ClassVar[int]
    ESCALATIONS_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    VOLUME_FIELD_NUMBER: _ClassVar[int]
    NEGATIVE_SHARE_FIELD_NUMBER: _ClassVar[int]
    Z_SCORE_FIELD_NUMBER: _ClassVar[int]
    DRIVING_MENTION_IDS_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_BY_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    term: str
    status: AlertStatus
    bucket_start: _timestamp_pb2.Timestamp
    raised_at: _timestamp_pb2.Timestamp
    last_bucket_start: _timestamp_pb2.Timestamp
    escalations: int
    reasons: _containers.RepeatedScalarFieldContainer[str]
    volume: int
    negative_share: float
    z_score: float
    driving_mention_ids: _containers.RepeatedScalarFieldContainer[str]
    acknowledged_by: str
    resolved_by: str
    note: str
    def __init__(self, alert_id: _Optional[str] = ..., term: _Optional[str] = ..., status: _Optional[_Union[AlertStatus, str]] = ..., bucket_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., raised_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_bucket_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., escalations: _Optional[int] = ..., reasons: _Optional[_Iterable[str]] = ..., volume: _Optional[int] = ..., negative_share: _Optional[float] = ..., z_score: _Optional[float] = ..., driving_mention_ids: _Optional[_Iterable[str]] = ..., acknowledged_by: _Optional[str] = ..., resolved_by: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ListAlertsRequest(_message.Message):
    __slots__ = ("statuses", "term", "page_size", "page_token", "consistency")
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    TERM_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    statuses: _containers.RepeatedScalarFieldContainer[AlertStatus]
    term: str
    page_size: int
    page_token: str
    consistency: _consistency_pb2.Consistency
    def __init__(self, statuses: _Optional[_Iterable[_Union[AlertStatus, str]]] = ..., term: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class ListAlertsResponse(_message.Message):
    __slots__ = ("alerts", "next_page_token")
    ALERTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    alerts: _containers.RepeatedCompositeFieldContainer[Alert]
    next_page_token: str
    def __init__(self, alerts: _Optional[_Iterable[_Union[Alert, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AcknowledgeAlertRequest(_message.Message):
    __slots__ = ("alert_id",)
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    def __init__(self, alert_id: _Optional[str] = ...) -> None: ...

class AcknowledgeAlertResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ResolveAlertRequest(_message.Message):
    __slots__ = ("alert_id", "note")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    note: str
    def __init__(self, alert_id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ResolveAlertResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class WatchAlertsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class WatchAlertsResponse(_message.Message):
    __slots__ = ("alert",)
    ALERT_FIELD_NUMBER: _ClassVar[int]
    alert: Alert
    def __init__(self, alert: _Optional[_Union[Alert, _Mapping]] = ...) -> None: ...

class FeedSource(_message.Message):
    __slots__ = ("source_id", "url", "network", "interval")
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    INTERVAL_FIELD_NUMBER: _ClassVar[int]
    source_id: str
    url: str
    network: Network
    interval: _duration_pb2.Duration
    def __init__(self, source_id: _Optional[str] = ..., url: _Optional[str] = ..., network: _Optional[_Union[Network, str]] = ..., interval: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class FeedSourceState(_message.Message):
    __slots__ = ("source", "last_polled_at", "last_recorded", "last_duplicates", "last_error", "not_modified")
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    LAST_POLLED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_RECORDED_FIELD_NUMBER: _ClassVar[int]
    LAST_DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    NOT_MODIFIED_FIELD_NUMBER: _ClassVar[int]
    source: FeedSource
    last_polled_at: _timestamp_pb2.Timestamp
    last_recorded: int
    last_duplicates: int
    last_error: str
    not_modified: int
    def __init__(self, source: _Optional[_Union[FeedSource, _Mapping]] = ..., last_polled_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_recorded: _Optional[int] = ..., last_duplicates: _Optional[int] = ..., last_error: _Optional[str] = ..., not_modified: _Optional[int] = ...) -> None: ...

class DefineFeedSourceRequest(_message.Message):
    __slots__ = ("source",)
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    source: FeedSource
    def __init__(self, source: _Optional[_Union[FeedSource, _Mapping]] = ...) -> None: ...

class DefineFeedSourceResponse(_message.Message):
    __slots__ = ("source_id", "write")
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    source_id: str
    write: _consistency_pb2.WriteResult
    def __init__(self, source_id: _Optional[str] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class RemoveFeedSourceRequest(_message.Message):
    __slots__ = ("source_id",)
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    source_id: str
    def __init__(self, source_id: _Optional[str] = ...) -> None: ...

class RemoveFeedSourceResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ListFeedSourcesRequest(_message.Message):
    __slots__ = ("consistency",)
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    consistency: _consistency_pb2.Consistency
    def __init__(self, consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class ListFeedSourcesResponse(_message.Message):
    __slots__ = ("sources",)
    SOURCES_FIELD_NUMBER: _ClassVar[int]
    sources: _containers.RepeatedCompositeFieldContainer[FeedSourceState]
    def __init__(self, sources: _Optional[_Iterable[_Union[FeedSourceState, _Mapping]]] = ...) -> None: ...

class PollFeedSourceRequest(_message.Message):
    __slots__ = ("source_id", "consistency")
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    source_id: str
    consistency: _consistency_pb2.Consistency
    def __init__(self, source_id: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class PollFeedSourceResponse(_message.Message):
    __slots__ = ("recorded", "duplicates", "not_modified", "write")
    RECORDED_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    NOT_MODIFIED_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    recorded: int
    duplicates: int
    not_modified: bool
    write: _consistency_pb2.WriteResult
    def __init__(self, recorded: _Optional[int] = ..., duplicates: _Optional[int] = ..., not_modified: _Optional[bool] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ObjectToTrackingRequest(_message.Message):
    __slots__ = ("network", "author_external_id", "reason")
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    network: Network
    author_external_id: str
    reason: str
    def __init__(self, network: _Optional[_Union[Network, str]] = ..., author_external_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ObjectToTrackingResponse(_message.Message):
    __slots__ = ("author_profile_id", "write")
    AUTHOR_PROFILE_ID_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    author_profile_id: str
    write: _consistency_pb2.WriteResult
    def __init__(self, author_profile_id: _Optional[str] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class WithdrawTrackingObjectionRequest(_message.Message):
    __slots__ = ("network", "author_external_id")
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    network: Network
    author_external_id: str
    def __init__(self, network: _Optional[_Union[Network, str]] = ..., author_external_id: _Optional[str] = ...) -> None: ...

class WithdrawTrackingObjectionResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ReanalyzeMentionsRequest(_message.Message):
    __slots__ = ("to", "stale_only", "page_size", "page_token")
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    STALE_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    to: _timestamp_pb2.Timestamp
    stale_only: bool
    page_size: int
    page_token: str
    def __init__(self, to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., stale_only: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., **kwargs) -> None: ...

class ReanalyzeMentionsResponse(_message.Message):
    __slots__ = ("scanned", "changed", "erased", "analyser", "next_page_token", "write")
    SCANNED_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    ERASED_FIELD_NUMBER: _ClassVar[int]
    ANALYSER_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    scanned: int
    changed: int
    erased: int
    analyser: str
    next_page_token: str
    write: _consistency_pb2.WriteResult
    def __init__(self, scanned: _Optional[int] = ..., changed: _Optional[int] = ..., erased: _Optional[int] = ..., analyser: _Optional[str] = ..., next_page_token: _Optional[str] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...
