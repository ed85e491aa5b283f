import datetime

from chorus.common.v1 import consistency_pb2 as _consistency_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
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

class LinkEvidence(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LINK_EVIDENCE_UNSPECIFIED: _ClassVar[LinkEvidence]
    LINK_EVIDENCE_SIGNED_IN_WITH_NETWORK: _ClassVar[LinkEvidence]
    LINK_EVIDENCE_CONFIRMED_BY_CODE: _ClassVar[LinkEvidence]
    LINK_EVIDENCE_AGENT_CONFIRMED: _ClassVar[LinkEvidence]

class VerificationLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VERIFICATION_LEVEL_UNSPECIFIED: _ClassVar[VerificationLevel]
    VERIFICATION_LEVEL_NONE: _ClassVar[VerificationLevel]
    VERIFICATION_LEVEL_EMAIL: _ClassVar[VerificationLevel]
    VERIFICATION_LEVEL_DOCUMENT: _ClassVar[VerificationLevel]
    VERIFICATION_LEVEL_IN_PERSON: _ClassVar[VerificationLevel]

class Purpose(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PURPOSE_UNSPECIFIED: _ClassVar[Purpose]
    PURPOSE_MARKETING: _ClassVar[Purpose]
    PURPOSE_SERVICE_NOTIFICATIONS: _ClassVar[Purpose]
    PURPOSE_PROFILING: _ClassVar[Purpose]
    PURPOSE_RESEARCH: _ClassVar[Purpose]

class Channel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHANNEL_UNSPECIFIED: _ClassVar[Channel]
    CHANNEL_EMAIL: _ClassVar[Channel]
    CHANNEL_SMS: _ClassVar[Channel]
    CHANNEL_SOCIAL_DM: _ClassVar[Channel]
    CHANNEL_PUSH: _ClassVar[Channel]

class LegalBasis(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LEGAL_BASIS_UNSPECIFIED: _ClassVar[LegalBasis]
    LEGAL_BASIS_CONSENT: _ClassVar[LegalBasis]
    LEGAL_BASIS_CONTRACT: _ClassVar[LegalBasis]
    LEGAL_BASIS_LEGAL_OBLIGATION: _ClassVar[LegalBasis]
    LEGAL_BASIS_LEGITIMATE_INTEREST: _ClassVar[LegalBasis]

class ErasureFilter(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ERASURE_FILTER_UNSPECIFIED: _ClassVar[ErasureFilter]
    ERASURE_FILTER_PENDING: _ClassVar[ErasureFilter]
    ERASURE_FILTER_OVERDUE: _ClassVar[ErasureFilter]
    ERASURE_FILTER_COMPLETED: _ClassVar[ErasureFilter]

class ContentProducerTier(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTENT_PRODUCER_TIER_UNSPECIFIED: _ClassVar[ContentProducerTier]
    CONTENT_PRODUCER_TIER_REGULAR: _ClassVar[ContentProducerTier]
    CONTENT_PRODUCER_TIER_OCCASIONAL: _ClassVar[ContentProducerTier]
    CONTENT_PRODUCER_TIER_RARE: _ClassVar[ContentProducerTier]
    CONTENT_PRODUCER_TIER_SILENT: _ClassVar[ContentProducerTier]
NETWORK_UNSPECIFIED: Network
NETWORK_X: Network
NETWORK_FACEBOOK: Network
NETWORK_INSTAGRAM: Network
NETWORK_LINKEDIN: Network
NETWORK_TIKTOK: Network
NETWORK_YOUTUBE: Network
NETWORK_FORUM: Network
LINK_EVIDENCE_UNSPECIFIED: LinkEvidence
LINK_EVIDENCE_SIGNED_IN_WITH_NETWORK: LinkEvidence
LINK_EVIDENCE_CONFIRMED_BY_CODE: LinkEvidence
LINK_EVIDENCE_AGENT_CONFIRMED: LinkEvidence
VERIFICATION_LEVEL_UNSPECIFIED: VerificationLevel
VERIFICATION_LEVEL_NONE: VerificationLevel
VERIFICATION_LEVEL_EMAIL: VerificationLevel
VERIFICATION_LEVEL_DOCUMENT: VerificationLevel
VERIFICATION_LEVEL_IN_PERSON: VerificationLevel
PURPOSE_UNSPECIFIED: Purpose
PURPOSE_MARKETING: Purpose
PURPOSE_SERVICE_NOTIFICATIONS: Purpose
PURPOSE_PROFILING: Purpose
PURPOSE_RESEARCH: Purpose
CHANNEL_UNSPECIFIED: Channel
CHANNEL_EMAIL: Channel
CHANNEL_SMS: Channel
CHANNEL_SOCIAL_DM: Channel
CHANNEL_PUSH: Channel
LEGAL_BASIS_UNSPECIFIED: LegalBasis
LEGAL_BASIS_CONSENT: LegalBasis
LEGAL_BASIS_CONTRACT: LegalBasis
LEGAL_BASIS_LEGAL_OBLIGATION: LegalBasis
LEGAL_BASIS_LEGITIMATE_INTEREST: LegalBasis
ERASURE_FILTER_UNSPECIFIED: ErasureFilter
ERASURE_FILTER_PENDING: ErasureFilter
ERASURE_FILTER_OVERDUE: ErasureFilter
ERASURE_FILTER_COMPLETED: ErasureFilter
CONTENT_PRODUCER_TIER_UNSPECIFIED: ContentProducerTier
CONTENT_PRODUCER_TIER_REGULAR: ContentProducerTier
CONTENT_PRODUCER_TIER_OCCASIONAL: ContentProducerTier
CONTENT_PRODUCER_TIER_RARE: ContentProducerTier
CONTENT_PRODUCER_TIER_SILENT: ContentProducerTier

class ImportCustomersRequest(_message.Message):
    __slots__ = ("customers",)
    CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    customers: _containers.RepeatedCompositeFieldContainer[ImportedCustomer]
    def __init__(self, customers: _Optional[_Iterable[_Union[ImportedCustomer, _Mapping]]] = ...) -> None: ...

class ImportedCustomer(_message.Message):
    __slots__ = ("customer", "profiles")
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    PROFILES_FIELD_NUMBER: _ClassVar[int]
    customer: RegisterCustomerRequest
    profiles: _containers.RepeatedCompositeFieldContainer[ImportedProfile]
    def __init__(self, customer: _Optional[_Union[RegisterCustomerRequest, _Mapping]] = ..., profiles: _Optional[_Iterable[_Union[ImportedProfile, _Mapping]]] = ...) -> None: ...

class ImportedProfile(_message.Message):
    __slots__ = ("profile", "evidence", "evidence_ref")
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REF_FIELD_NUMBER: _ClassVar[int]
    profile: RecordSocialProfileRequest
    evidence: LinkEvidence
    evidence_ref: str
    def __init__(self, profile: _Optional[_Union[RecordSocialProfileRequest, _Mapping]] = ..., evidence: _Optional[_Union[LinkEvidence, str]] = ..., evidence_ref: _Optional[str] = ...) -> None: ...

class ImportCustomersResponse(_message.Message):
    __slots__ = ("customers", "write", "social_write")
    CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    SOCIAL_WRITE_FIELD_NUMBER: _ClassVar[int]
    customers: _containers.RepeatedCompositeFieldContainer[ImportedCustomerResult]
    write: _consistency_pb2.WriteResult
    social_write: _consistency_pb2.WriteResult
    def __init__(self, customers: _Optional[_Iterable[_Union[ImportedCustomerResult, _Mapping]]] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ..., social_write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ImportedCustomerResult(_message.Message):
    __slots__ = ("customer_code", "customer_id", "already_registered", "profiles_linked")
    CUSTOMER_CODE_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    ALREADY_REGISTERED_FIELD_NUMBER: _ClassVar[int]
    PROFILES_LINKED_FIELD_NUMBER: _ClassVar[int]
    customer_code: str
    customer_id: str
    already_registered: bool
    profiles_linked: int
    def __init__(self, customer_code: _Optional[str] = ..., customer_id: _Optional[str] = ..., already_registered: _Optional[bool] = ..., profiles_linked: _Optional[int] = ...) -> None: ...

class RecordSocialProfileRequest(_message.Message):
    __slots__ = ("network", "external_id", "handle", "display_name", "url", "follower_count")
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    FOLLOWER_COUNT_FIELD_NUMBER: _ClassVar[int]
    network: Network
    external_id: str
    handle: str
    display_name: str
    url: str
    follower_count: int
    def __init__(self, network: _Optional[_Union[Network, str]] = ..., external_id: _Optional[str] = ..., handle: _Optional[str] = ..., display_name: _Optional[str] = ..., url: _Optional[str] = ..., follower_count: _Optional[int] = ...) -> None: ...

class RecordSocialProfileResponse(_message.Message):
    __slots__ = ("profile_id", "write")
    PROFILE_ID_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    profile_id: str
    write: _consistency_pb2.WriteResult
    def __init__(self, profile_id: _Optional[str] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class LinkSocialProfileRequest(_message.Message):
    __slots__ = ("profile_id", "customer_id", "evidence", "evidence_ref")
    PROFILE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REF_FIELD_NUMBER: _ClassVar[int]
    profile_id: str
    customer_id: str
    evidence: LinkEvidence
    evidence_ref: str
    def __init__(self, profile_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., evidence: _Optional[_Union[LinkEvidence, str]] = ..., evidence_ref: _Optional[str] = ...) -> None: ...

class LinkSocialProfileResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class UnlinkSocialProfileRequest(_message.Message):
    __slots__ = ("profile_id", "reason")
    PROFILE_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    profile_id: str
    reason: str
    def __init__(self, profile_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class UnlinkSocialProfileResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ResolveRequest(_message.Message):
    __slots__ = ("network", "handle", "external_id", "consistency")
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    network: Network
    handle: str
    external_id: str
    consistency: _consistency_pb2.Consistency
    def __init__(self, network: _Optional[_Union[Network, str]] = ..., handle: _Optional[str] = ..., external_id: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class ResolveResponse(_message.Message):
    __slots__ = ("known", "customer_id", "profile_id")
    KNOWN_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    PROFILE_ID_FIELD_NUMBER: _ClassVar[int]
    known: bool
    customer_id: str
    profile_id: str
    def __init__(self, known: _Optional[bool] = ..., customer_id: _Optional[str] = ..., profile_id: _Optional[str] = ...) -> None: ...

class RegisterCustomerRequest(_message.Message):
    __slots__ = ("customer_code", "legal_name", "email", "phone", "country", "preferred_language")
    CUSTOMER_CODE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    PREFERRED_LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    customer_code: str
    legal_name: str
    email: str
    phone: str
    country: str
    preferred_language: str
    def __init__(self, customer_code: _Optional[str] = ..., legal_name: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., country: _Optional[str] = ..., preferred_language: _Optional[str] = ...) -> None: ...

class UpdateCustomerRequest(_message.Message):
    __slots__ = ("customer_id", "legal_name", "email", "phone", "country", "preferred_language", "update_mask")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    LEGAL_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    PREFERRED_LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    legal_name: str
    email: str
    phone: str
    country: str
    preferred_language: str
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, customer_id: _Optional[str] = ..., legal_name: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., country: _Optional[str] = ..., preferred_language: _Optional[str] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateCustomerResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class MergeCustomersRequest(_message.Message):
    __slots__ = ("merged_customer_id", "survivor_customer_id", "reason")
    MERGED_CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    SURVIVOR_CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    merged_customer_id: str
    survivor_customer_id: str
    reason: str
    def __init__(self, merged_customer_id: _Optional[str] = ..., survivor_customer_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class MergeCustomersResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class UnmergeCustomerRequest(_message.Message):
    __slots__ = ("customer_id", "reason")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    reason: str
    def __init__(self, customer_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class UnmergeCustomerResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class CloseCustomerRequest(_message.Message):
    __slots__ = ("customer_id", "reason")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    reason: str
    def __init__(self, customer_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CloseCustomerResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class VerifyCustomerIdentityRequest(_message.Message):
    __slots__ = ("customer_id", "level", "evidence_ref")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REF_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    level: VerificationLevel
    evidence_ref: str
    def __init__(self, customer_id: _Optional[str] = ..., level: _Optional[_Union[VerificationLevel, str]] = ..., evidence_ref: _Optional[str] = ...) -> None: ...

class VerifyCustomerIdentityResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ClassifyCustomerRequest(_message.Message):
    __slots__ = ("customer_id", "add_segments", "remove_segments", "tier", "tags", "replace_tags")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    ADD_SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    REMOVE_SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    REPLACE_TAGS_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    add_segments: _containers.RepeatedScalarFieldContainer[str]
    remove_segments: _containers.RepeatedScalarFieldContainer[str]
    tier: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    replace_tags: bool
    def __init__(self, customer_id: _Optional[str] = ..., add_segments: _Optional[_Iterable[str]] = ..., remove_segments: _Optional[_Iterable[str]] = ..., tier: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., replace_tags: _Optional[bool] = ...) -> None: ...

class ClassifyCustomerResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class GiveConsentRequest(_message.Message):
    __slots__ = ("customer_id", "purpose", "channel", "legal_basis", "source")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    purpose: Purpose
    channel: Channel
    legal_basis: LegalBasis
    source: str
    def __init__(self, customer_id: _Optional[str] = ..., purpose: _Optional[_Union[Purpose, str]] = ..., channel: _Optional[_Union[Channel, str]] = ..., legal_basis: _Optional[_Union[LegalBasis, str]] = ..., source: _Optional[str] = ...) -> None: ...

class GiveConsentResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class WithdrawConsentRequest(_message.Message):
    __slots__ = ("customer_id", "purpose", "channel", "source")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    purpose: Purpose
    channel: Channel
    source: str
    def __init__(self, customer_id: _Optional[str] = ..., purpose: _Optional[_Union[Purpose, str]] = ..., channel: _Optional[_Union[Channel, str]] = ..., source: _Optional[str] = ...) -> None: ...

class WithdrawConsentResponse(_message.Message):
    __slots__ = ("write",)
    WRITE_FIELD_NUMBER: _ClassVar[int]
    write: _consistency_pb2.WriteResult
    def __init__(self, write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class GetConsentsRequest(_message.Message):
    __slots__ = ("customer_id",)
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    def __init__(self, customer_id: _Optional[str] = ...) -> None: ...

class ConsentDecision(_message.Message):
    __slots__ = ("purpose", "channel", "given", "legal_basis", "source", "decided_at", "recorded_by")
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    GIVEN_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    RECORDED_BY_FIELD_NUMBER: _ClassVar[int]
    purpose: Purpose
    channel: Channel
    given: bool
    legal_basis: LegalBasis
    source: str
    decided_at: _timestamp_pb2.Timestamp
    recorded_by: str
    def __init__(self, purpose: _Optional[_Union[Purpose, str]] = ..., channel: _Optional[_Union[Channel, str]] = ..., given: _Optional[bool] = ..., legal_basis: _Optional[_Union[LegalBasis, str]] = ..., source: _Optional[str] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., recorded_by: _Optional[str] = ...) -> None: ...

class GetConsentsResponse(_message.Message):
    __slots__ = ("current", "history")
    CURRENT_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    current: _containers.RepeatedCompositeFieldContainer[ConsentDecision]
    history: _containers.RepeatedCompositeFieldContainer[ConsentDecision]
    def __init__(self, current: _Optional[_Iterable[_Union[ConsentDecision, _Mapping]]] = ..., history: _Optional[_Iterable[_Union[ConsentDecision, _Mapping]]] = ...) -> None: ...

class RegisterCustomerResponse(_message.Message):
    __slots__ = ("customer_id", "write")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    write: _consistency_pb2.WriteResult
    def __init__(self, customer_id: _Optional[str] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

class ListCustomersRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "segment", "tier", "verification_level", "consent_purpose", "consent_channel", "consent_given", "include_closed", "consistency")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_LEVEL_FIELD_NUMBER: _ClassVar[int]
    CONSENT_PURPOSE_FIELD_NUMBER: _ClassVar[int]
    CONSENT_CHANNEL_FIELD_NUMBER: _ClassVar[int]
    CONSENT_GIVEN_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_CLOSED_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    segment: str
    tier: str
    verification_level: VerificationLevel
    consent_purpose: Purpose
    consent_channel: Channel
    consent_given: bool
    include_closed: bool
    consistency: _consistency_pb2.Consistency
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., segment: _Optional[str] = ..., tier: _Optional[str] = ..., verification_level: _Optional[_Union[VerificationLevel, str]] = ..., consent_purpose: _Optional[_Union[Purpose, str]] = ..., consent_channel: _Optional[_Union[Channel, str]] = ..., consent_given: _Optional[bool] = ..., include_closed: _Optional[bool] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class ListCustomersResponse(_message.Message):
    __slots__ = ("customers", "next_page_token")
    CUSTOMERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    customers: _containers.RepeatedCompositeFieldContainer[Customer]
    next_page_token: str
    def __init__(self, customers: _Optional[_Iterable[_Union[Customer, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetCustomerRequest(_message.Message):
    __slots__ = ("customer_id", "consistency")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    consistency: _consistency_pb2.Consistency
    def __init__(self, customer_id: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class GetCustomerResponse(_message.Message):
    __slots__ = ("customer",)
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    customer: Customer
    def __init__(self, customer: _Optional[_Union[Customer, _Mapping]] = ...) -> None: ...

class Customer(_message.Message):
    __slots__ = ("customer_id", "customer_code", "legal_name", "email", "phone", "country", "preferred_language", "verification_level", "segments", "tier", "tags", "closed", "merged_into")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_CODE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    PREFERRED_LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_LEVEL_FIELD_NUMBER: _ClassVar[int]
    SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    MERGED_INTO_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    customer_code: str
    legal_name: str
    email: str
    phone: str
    country: str
    preferred_language: str
    verification_level: VerificationLevel
    segments: _containers.RepeatedScalarFieldContainer[str]
    tier: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    closed: bool
    merged_into: str
    def __init__(self, customer_id: _Optional[str] = ..., customer_code: _Optional[str] = ..., legal_name: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., country: _Optional[str] = ..., preferred_language: _Optional[str] = ..., verification_level: _Optional[_Union[VerificationLevel, str]] = ..., segments: _Optional[_Iterable[str]] = ..., tier: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., closed: _Optional[bool] = ..., merged_into: _Optional[str] = ...) -> None: ...

class ExportSubjectDataRequest(_message.Message):
    __slots__ = ("customer_id",)
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    def __init__(self, customer_id: _Optional[str] = ...) -> None: ...

class ExportSubjectDataResponse(_message.Message):
    __slots__ = ("customer", "consent", "profile", "change", "access")
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    ACCESS_FIELD_NUMBER: _ClassVar[int]
    customer: Customer
    consent: ConsentDecision
    profile: LinkedProfile
    change: ChangeRecord
    access: AccessRecord
    def __init__(self, customer: _Optional[_Union[Customer, _Mapping]] = ..., consent: _Optional[_Union[ConsentDecision, _Mapping]] = ..., profile: _Optional[_Union[LinkedProfile, _Mapping]] = ..., change: _Optional[_Union[ChangeRecord, _Mapping]] = ..., access: _Optional[_Union[AccessRecord, _Mapping]] = ...) -> None: ...

class LinkedProfile(_message.Message):
    __slots__ = ("profile_id", "network", "external_id", "handle", "display_name", "url", "follower_count")
    PROFILE_ID_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    HANDLE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    FOLLOWER_COUNT_FIELD_NUMBER: _ClassVar[int]
    profile_id: str
    network: Network
    external_id: str
    handle: str
    display_name: str
    url: str
    follower_count: int
    def __init__(self, profile_id: _Optional[str] = ..., network: _Optional[_Union[Network, str]] = ..., external_id: _Optional[str] = ..., handle: _Optional[str] = ..., display_name: _Optional[str] = ..., url: _Optional[str] = ..., follower_count: _Optional[int] = ...) -> None: ...

class ChangeRecord(_message.Message):
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

class AccessRecord(_message.Message):
    __slots__ = ("actor", "roles", "purpose", "operation", "accessed_at")
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    OPERATION_FIELD_NUMBER: _ClassVar[int]
    ACCESSED_AT_FIELD_NUMBER: _ClassVar[int]
    actor: str
    roles: _containers.RepeatedScalarFieldContainer[str]
    purpose: str
    operation: str
    accessed_at: _timestamp_pb2.Timestamp
    def __init__(self, actor: _Optional[str] = ..., roles: _Optional[_Iterable[str]] = ..., purpose: _Optional[str] = ..., operation: _Optional[str] = ..., accessed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class EraseCustomerRequest(_message.Message):
    __slots__ = ("customer_id", "request_ref")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_REF_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    request_ref: str
    def __init__(self, customer_id: _Optional[str] = ..., request_ref: _Optional[str] = ...) -> None: ...

class EraseCustomerResponse(_message.Message):
    __slots__ = ("shredded", "write", "erasure_id")
    SHREDDED_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    ERASURE_ID_FIELD_NUMBER: _ClassVar[int]
    shredded: _containers.RepeatedScalarFieldContainer[str]
    write: _consistency_pb2.WriteResult
    erasure_id: str
    def __init__(self, shredded: _Optional[_Iterable[str]] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ..., erasure_id: _Optional[str] = ...) -> None: ...

class ListErasuresRequest(_message.Message):
    __slots__ = ("filter", "page_size", "page_token", "consistency")
    FILTER_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    filter: ErasureFilter
    page_size: int
    page_token: str
    consistency: _consistency_pb2.Consistency
    def __init__(self, filter: _Optional[_Union[ErasureFilter, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class ErasureSummary(_message.Message):
    __slots__ = ("erasure_id", "customer_id", "request_ref", "requested_by", "requested_at", "due_by", "pending", "completed", "completed_at", "overdue")
    ERASURE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_REF_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_BY_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_AT_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    erasure_id: str
    customer_id: str
    request_ref: str
    requested_by: str
    requested_at: _timestamp_pb2.Timestamp
    due_by: _timestamp_pb2.Timestamp
    pending: _containers.RepeatedScalarFieldContainer[str]
    completed: bool
    completed_at: _timestamp_pb2.Timestamp
    overdue: bool
    def __init__(self, erasure_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., request_ref: _Optional[str] = ..., requested_by: _Optional[str] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., pending: _Optional[_Iterable[str]] = ..., completed: _Optional[bool] = ..., completed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., overdue: _Optional[bool] = ...) -> None: ...

class ListErasuresResponse(_message.Message):
    __slots__ = ("erasures", "next_page_token")
    ERASURES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    erasures: _containers.RepeatedCompositeFieldContainer[ErasureSummary]
    next_page_token: str
    def __init__(self, erasures: _Optional[_Iterable[_Union[ErasureSummary, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetErasureReceiptRequest(_message.Message):
    __slots__ = ("erasure_id",)
    ERASURE_ID_FIELD_NUMBER: _ClassVar[int]
    erasure_id: str
    def __init__(self, erasure_id: _Optional[str] = ...) -> None: ...

class ErasureConfirmation(_message.Message):
    __slots__ = ("service", "erased", "confirmed_at")
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    ERASED_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_AT_FIELD_NUMBER: _ClassVar[int]
    service: str
    erased: _containers.RepeatedScalarFieldContainer[str]
    confirmed_at: _timestamp_pb2.Timestamp
    def __init__(self, service: _Optional[str] = ..., erased: _Optional[_Iterable[str]] = ..., confirmed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetErasureReceiptResponse(_message.Message):
    __slots__ = ("erasure_id", "customer_id", "request_ref", "requested_by", "participants", "confirmations", "completed", "receipt_hash", "pending", "requested_at", "due_by", "overdue")
    ERASURE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_REF_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    CONFIRMATIONS_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_HASH_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_BY_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    erasure_id: str
    customer_id: str
    request_ref: str
    requested_by: str
    participants: _containers.RepeatedScalarFieldContainer[str]
    confirmations: _containers.RepeatedCompositeFieldContainer[ErasureConfirmation]
    completed: bool
    receipt_hash: str
    pending: _containers.RepeatedScalarFieldContainer[str]
    requested_at: _timestamp_pb2.Timestamp
    due_by: _timestamp_pb2.Timestamp
    overdue: bool
    def __init__(self, erasure_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., request_ref: _Optional[str] = ..., requested_by: _Optional[str] = ..., participants: _Optional[_Iterable[str]] = ..., confirmations: _Optional[_Iterable[_Union[ErasureConfirmation, _Mapping]]] = ..., completed: _Optional[bool] = ..., receipt_hash: _Optional[str] = ..., pending: _Optional[_Iterable[str]] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., overdue: _Optional[bool] = ...) -> None: ...

class GetCustomer360Request(_message.Message):
    __slots__ = ("customer_id", "as_of", "consistency")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    as_of: _timestamp_pb2.Timestamp
    consistency: _consistency_pb2.Consistency
    def __init__(self, customer_id: _Optional[str] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., consistency: _Optional[_Union[_consistency_pb2.Consistency, _Mapping]] = ...) -> None: ...

class ActivitySummary(_message.Message):
    __slots__ = ("cases_opened", "cases_open", "ideas_submitted", "votes_cast", "comments_posted", "mentions", "mentions_last_90_days", "last_activity_at")
    CASES_OPENED_FIELD_NUMBER: _ClassVar[int]
    CASES_OPEN_FIELD_NUMBER: _ClassVar[int]
    IDEAS_SUBMITTED_FIELD_NUMBER: _ClassVar[int]
    VOTES_CAST_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_POSTED_FIELD_NUMBER: _ClassVar[int]
    MENTIONS_FIELD_NUMBER: _ClassVar[int]
    MENTIONS_LAST_90_DAYS_FIELD_NUMBER: _ClassVar[int]
    LAST_ACTIVITY_AT_FIELD_NUMBER: _ClassVar[int]
    cases_opened: int
    cases_open: int
    ideas_submitted: int
    votes_cast: int
    comments_posted: int
    mentions: int
    mentions_last_90_days: int
    last_activity_at: _timestamp_pb2.Timestamp
    def __init__(self, cases_opened: _Optional[int] = ..., cases_open: _Optional[int] = ..., ideas_submitted: _Optional[int] = ..., votes_cast: _Optional[int] = ..., comments_posted: _Optional[int] = ..., mentions: _Optional[int] = ..., mentions_last_90_days: _Optional[int] = ..., last_activity_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetCustomer360Response(_message.Message):
    __slots__ = ("customer", "profiles", "consents", "producer_tier", "activity", "merged_customer_ids", "as_of")
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    PROFILES_FIELD_NUMBER: _ClassVar[int]
    CONSENTS_FIELD_NUMBER: _ClassVar[int]
    PRODUCER_TIER_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    MERGED_CUSTOMER_IDS_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    customer: Customer
    profiles: _containers.RepeatedCompositeFieldContainer[LinkedProfile]
    consents: _containers.RepeatedCompositeFieldContainer[ConsentDecision]
    producer_tier: ContentProducerTier
    activity: ActivitySummary
    merged_customer_ids: _containers.RepeatedScalarFieldContainer[str]
    as_of: _timestamp_pb2.Timestamp
    def __init__(self, customer: _Optional[_Union[Customer, _Mapping]] = ..., profiles: _Optional[_Iterable[_Union[LinkedProfile, _Mapping]]] = ..., consents: _Optional[_Iterable[_Union[ConsentDecision, _Mapping]]] = ..., producer_tier: _Optional[_Union[ContentProducerTier, str]] = ..., activity: _Optional[_Union[ActivitySummary, _Mapping]] = ..., merged_customer_ids: _Optional[_Iterable[str]] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListContentProducersRequest(_message.Message):
    __slots__ = ("tier", "page_size", "page_token")
    TIER_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    tier: ContentProducerTier
    page_size: int
    page_token: str
    def __init__(self, tier: _Optional[_Union[ContentProducerTier, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ContentProducer(_message.Message):
    __slots__ = ("customer_id", "mentions_last_90_days")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    MENTIONS_LAST_90_DAYS_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    mentions_last_90_days: int
    def __init__(self, customer_id: _Optional[str] = ..., mentions_last_90_days: _Optional[int] = ...) -> None: ...

class ListContentProducersResponse(_message.Message):
    __slots__ = ("producers", "next_page_token")
    PRODUCERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    producers: _containers.RepeatedCompositeFieldContainer[ContentProducer]
    next_page_token: str
    def __init__(self, producers: _Optional[_Iterable[_Union[ContentProducer, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
