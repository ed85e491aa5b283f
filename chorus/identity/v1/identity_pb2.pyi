from chorus.common.v1 import consistency_pb2 as _consistency_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
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
    __slots__ = ("customer_code", "legal_name", "email")
    CUSTOMER_CODE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    customer_code: str
    legal_name: str
    email: str
    def __init__(self, customer_code: _Optional[str] = ..., legal_name: _Optional[str] = ..., email: _Optional[str] = ...) -> None: ...

class RegisterCustomerResponse(_message.Message):
    __slots__ = ("customer_id", "write")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    WRITE_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    write: _consistency_pb2.WriteResult
    def __init__(self, customer_id: _Optional[str] = ..., write: _Optional[_Union[_consistency_pb2.WriteResult, _Mapping]] = ...) -> None: ...

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
    __slots__ = ("customer_id", "customer_code", "legal_name", "email")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_CODE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    customer_code: str
    legal_name: str
    email: str
    def __init__(self, customer_id: _Optional[str] = ..., customer_code: _Optional[str] = ..., legal_name: _Optional[str] = ..., email: _Optional[str] = ...) -> None: ...
