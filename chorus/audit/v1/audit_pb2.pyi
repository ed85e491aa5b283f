import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetSubjectHistoryRequest(_message.Message):
    __slots__ = ("subjects", "as_of", "to")
    SUBJECTS_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    subjects: _containers.RepeatedScalarFieldContainer[str]
    as_of: _timestamp_pb2.Timestamp
    to: _timestamp_pb2.Timestamp
    def __init__(self, subjects: _Optional[_Iterable[str]] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., **kwargs) -> None: ...

class HistoryEvent(_message.Message):
    __slots__ = ("service", "store", "position", "recorded_at", "event_type", "aggregate_id", "version", "subject", "actor", "purpose", "correlation_id", "causation_id", "fields_json", "erased")
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    STORE_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    AGGREGATE_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    CORRELATION_ID_FIELD_NUMBER: _ClassVar[int]
    CAUSATION_ID_FIELD_NUMBER: _ClassVar[int]
    FIELDS_JSON_FIELD_NUMBER: _ClassVar[int]
    ERASED_FIELD_NUMBER: _ClassVar[int]
    service: str
    store: str
    position: int
    recorded_at: _timestamp_pb2.Timestamp
    event_type: str
    aggregate_id: str
    version: int
    subject: str
    actor: str
    purpose: str
    correlation_id: str
    causation_id: str
    fields_json: str
    erased: bool
    def __init__(self, service: _Optional[str] = ..., store: _Optional[str] = ..., position: _Optional[int] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., event_type: _Optional[str] = ..., aggregate_id: _Optional[str] = ..., version: _Optional[int] = ..., subject: _Optional[str] = ..., actor: _Optional[str] = ..., purpose: _Optional[str] = ..., correlation_id: _Optional[str] = ..., causation_id: _Optional[str] = ..., fields_json: _Optional[str] = ..., erased: _Optional[bool] = ...) -> None: ...

class GetSubjectHistoryResponse(_message.Message):
    __slots__ = ("events",)
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[HistoryEvent]
    def __init__(self, events: _Optional[_Iterable[_Union[HistoryEvent, _Mapping]]] = ...) -> None: ...

class ExportAuditBundleRequest(_message.Message):
    __slots__ = ("store", "from_position", "to_position")
    STORE_FIELD_NUMBER: _ClassVar[int]
    FROM_POSITION_FIELD_NUMBER: _ClassVar[int]
    TO_POSITION_FIELD_NUMBER: _ClassVar[int]
    store: str
    from_position: int
    to_position: int
    def __init__(self, store: _Optional[str] = ..., from_position: _Optional[int] = ..., to_position: _Optional[int] = ...) -> None: ...

class BundleHeader(_message.Message):
    __slots__ = ("service", "store", "tenant", "from_position", "to_position", "public_key", "key_id", "exported_at")
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    STORE_FIELD_NUMBER: _ClassVar[int]
    TENANT_FIELD_NUMBER: _ClassVar[int]
    FROM_POSITION_FIELD_NUMBER: _ClassVar[int]
    TO_POSITION_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_KEY_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    EXPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    service: str
    store: str
    tenant: str
    from_position: int
    to_position: int
    public_key: bytes
    key_id: str
    exported_at: _timestamp_pb2.Timestamp
    def __init__(self, service: _Optional[str] = ..., store: _Optional[str] = ..., tenant: _Optional[str] = ..., from_position: _Optional[int] = ..., to_position: _Optional[int] = ..., public_key: _Optional[bytes] = ..., key_id: _Optional[str] = ..., exported_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class BundleEvent(_message.Message):
    __slots__ = ("position", "hash", "withheld", "event_id", "originator_id", "originator_version", "topic", "state", "tenant", "subject_id", "has_subject", "metadata_json", "recorded_at", "prev_hash")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    HASH_FIELD_NUMBER: _ClassVar[int]
    WITHHELD_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    ORIGINATOR_ID_FIELD_NUMBER: _ClassVar[int]
    ORIGINATOR_VERSION_FIELD_NUMBER: _ClassVar[int]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TENANT_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    HAS_SUBJECT_FIELD_NUMBER: _ClassVar[int]
    METADATA_JSON_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    PREV_HASH_FIELD_NUMBER: _ClassVar[int]
    position: int
    hash: bytes
    withheld: bool
    event_id: str
    originator_id: str
    originator_version: int
    topic: str
    state: bytes
    tenant: str
    subject_id: str
    has_subject: bool
    metadata_json: str
    recorded_at: str
    prev_hash: bytes
    def __init__(self, position: _Optional[int] = ..., hash: _Optional[bytes] = ..., withheld: _Optional[bool] = ..., event_id: _Optional[str] = ..., originator_id: _Optional[str] = ..., originator_version: _Optional[int] = ..., topic: _Optional[str] = ..., state: _Optional[bytes] = ..., tenant: _Optional[str] = ..., subject_id: _Optional[str] = ..., has_subject: _Optional[bool] = ..., metadata_json: _Optional[str] = ..., recorded_at: _Optional[str] = ..., prev_hash: _Optional[bytes] = ...) -> None: ...

class BundleCheckpoint(_message.Message):
    __slots__ = ("seq", "from_position", "to_position", "range_digest", "prev_digest", "digest", "signature", "key_id")
    SEQ_FIELD_NUMBER: _ClassVar[int]
    FROM_POSITION_FIELD_NUMBER: _ClassVar[int]
    TO_POSITION_FIELD_NUMBER: _ClassVar[int]
    RANGE_DIGEST_FIELD_NUMBER: _ClassVar[int]
    PREV_DIGEST_FIELD_NUMBER: _ClassVar[int]
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    seq: int
    from_position: int
    to_position: int
    range_digest: bytes
    prev_digest: bytes
    digest: bytes
    signature: bytes
    key_id: str
    def __init__(self, seq: _Optional[int] = ..., from_position: _Optional[int] = ..., to_position: _Optional[int] = ..., range_digest: _Optional[bytes] = ..., prev_digest: _Optional[bytes] = ..., digest: _Optional[bytes] = ..., signature: _Optional[bytes] = ..., key_id: _Optional[str] = ...) -> None: ...

class BundleEvents(_message.Message):
    __slots__ = ("events",)
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[BundleEvent]
    def __init__(self, events: _Optional[_Iterable[_Union[BundleEvent, _Mapping]]] = ...) -> None: ...

class ExportAuditBundleResponse(_message.Message):
    __slots__ = ("header", "event", "checkpoint", "events")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINT_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    header: BundleHeader
    event: BundleEvent
    checkpoint: BundleCheckpoint
    events: BundleEvents
    def __init__(self, header: _Optional[_Union[BundleHeader, _Mapping]] = ..., event: _Optional[_Union[BundleEvent, _Mapping]] = ..., checkpoint: _Optional[_Union[BundleCheckpoint, _Mapping]] = ..., events: _Optional[_Union[BundleEvents, _Mapping]] = ...) -> None: ...

class VerifyLogRequest(_message.Message):
    __slots__ = ("store",)
    STORE_FIELD_NUMBER: _ClassVar[int]
    store: str
    def __init__(self, store: _Optional[str] = ...) -> None: ...

class VerifyLogResponse(_message.Message):
    __slots__ = ("service", "store", "events", "checkpoints", "ok", "problems", "key_id")
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    STORE_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINTS_FIELD_NUMBER: _ClassVar[int]
    OK_FIELD_NUMBER: _ClassVar[int]
    PROBLEMS_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    service: str
    store: str
    events: int
    checkpoints: int
    ok: bool
    problems: _containers.RepeatedScalarFieldContainer[str]
    key_id: str
    def __init__(self, service: _Optional[str] = ..., store: _Optional[str] = ..., events: _Optional[int] = ..., checkpoints: _Optional[int] = ..., ok: _Optional[bool] = ..., problems: _Optional[_Iterable[str]] = ..., key_id: _Optional[str] = ...) -> None: ...

class GetProcessingRecordsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ProcessingRecord(_message.Message):
    __slots__ = ("service", "event", "personal_fields", "purpose", "legal_basis", "retention", "read_by", "readers")
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    PERSONAL_FIELDS_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    RETENTION_FIELD_NUMBER: _ClassVar[int]
    READ_BY_FIELD_NUMBER: _ClassVar[int]
    READERS_FIELD_NUMBER: _ClassVar[int]
    service: str
    event: str
    personal_fields: _containers.RepeatedScalarFieldContainer[str]
    purpose: str
    legal_basis: str
    retention: str
    read_by: _containers.RepeatedScalarFieldContainer[str]
    readers: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, service: _Optional[str] = ..., event: _Optional[str] = ..., personal_fields: _Optional[_Iterable[str]] = ..., purpose: _Optional[str] = ..., legal_basis: _Optional[str] = ..., retention: _Optional[str] = ..., read_by: _Optional[_Iterable[str]] = ..., readers: _Optional[_Iterable[str]] = ...) -> None: ...

class GetProcessingRecordsResponse(_message.Message):
    __slots__ = ("records",)
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    records: _containers.RepeatedCompositeFieldContainer[ProcessingRecord]
    def __init__(self, records: _Optional[_Iterable[_Union[ProcessingRecord, _Mapping]]] = ...) -> None: ...

class GetAccessLogRequest(_message.Message):
    __slots__ = ("subjects",)
    SUBJECTS_FIELD_NUMBER: _ClassVar[int]
    subjects: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, subjects: _Optional[_Iterable[str]] = ...) -> None: ...

class AccessEntry(_message.Message):
    __slots__ = ("subject", "actor", "roles", "purpose", "operation", "accessed_at")
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    OPERATION_FIELD_NUMBER: _ClassVar[int]
    ACCESSED_AT_FIELD_NUMBER: _ClassVar[int]
    subject: str
    actor: str
    roles: _containers.RepeatedScalarFieldContainer[str]
    purpose: str
    operation: str
    accessed_at: _timestamp_pb2.Timestamp
    def __init__(self, subject: _Optional[str] = ..., actor: _Optional[str] = ..., roles: _Optional[_Iterable[str]] = ..., purpose: _Optional[str] = ..., operation: _Optional[str] = ..., accessed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetAccessLogResponse(_message.Message):
    __slots__ = ("entries",)
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[AccessEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[AccessEntry, _Mapping]]] = ...) -> None: ...
