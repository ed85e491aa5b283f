from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class CustomerRegistered(_message.Message):
    __slots__ = ("customer_id", "customer_code")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_CODE_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    customer_code: str
    def __init__(self, customer_id: _Optional[str] = ..., customer_code: _Optional[str] = ...) -> None: ...

class CustomerClosed(_message.Message):
    __slots__ = ("customer_id",)
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    def __init__(self, customer_id: _Optional[str] = ...) -> None: ...

class ConsentChanged(_message.Message):
    __slots__ = ("customer_id", "purpose", "channel", "given", "legal_basis")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    GIVEN_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    purpose: str
    channel: str
    given: bool
    legal_basis: str
    def __init__(self, customer_id: _Optional[str] = ..., purpose: _Optional[str] = ..., channel: _Optional[str] = ..., given: _Optional[bool] = ..., legal_basis: _Optional[str] = ...) -> None: ...

class SocialProfileLinkChanged(_message.Message):
    __slots__ = ("profile_id", "network", "customer_id", "previous_customer_id")
    PROFILE_ID_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    profile_id: str
    network: str
    customer_id: str
    previous_customer_id: str
    def __init__(self, profile_id: _Optional[str] = ..., network: _Optional[str] = ..., customer_id: _Optional[str] = ..., previous_customer_id: _Optional[str] = ...) -> None: ...

class ErasureRequested(_message.Message):
    __slots__ = ("erasure_id", "customer_id", "request_ref")
    ERASURE_ID_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_REF_FIELD_NUMBER: _ClassVar[int]
    erasure_id: str
    customer_id: str
    request_ref: str
    def __init__(self, erasure_id: _Optional[str] = ..., customer_id: _Optional[str] = ..., request_ref: _Optional[str] = ...) -> None: ...

class CustomerClassified(_message.Message):
    __slots__ = ("customer_id", "tier", "segments")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    tier: str
    segments: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, customer_id: _Optional[str] = ..., tier: _Optional[str] = ..., segments: _Optional[_Iterable[str]] = ...) -> None: ...

class CustomersMerged(_message.Message):
    __slots__ = ("merged_customer_id", "survivor_customer_id")
    MERGED_CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    SURVIVOR_CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    merged_customer_id: str
    survivor_customer_id: str
    def __init__(self, merged_customer_id: _Optional[str] = ..., survivor_customer_id: _Optional[str] = ...) -> None: ...

class CustomerUnmerged(_message.Message):
    __slots__ = ("customer_id", "previous_survivor_id")
    CUSTOMER_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_SURVIVOR_ID_FIELD_NUMBER: _ClassVar[int]
    customer_id: str
    previous_survivor_id: str
    def __init__(self, customer_id: _Optional[str] = ..., previous_survivor_id: _Optional[str] = ...) -> None: ...
