"""The `eventsourcing` Mapper, with personal fields sealed under the data subject's key.

Domain events name their personal fields in `personal_fields`; those are encrypted before
transcoding, everything else stays in clear so that statistics survive erasure.
"""

from __future__ import annotations

import functools
from typing import Any

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    StoredEvent,
    Transcoder,
    UUIDAsHex,
)
from eventsourcing.utils import resolve_topic

from chorus.privacy.fields import decrypt_value, encrypt_value


def personal_fields(event_cls: type[Any]) -> tuple[str, ...]:
    return tuple(getattr(event_cls, "personal_fields", ()))


@functools.cache
def topic_has_personal_fields(topic: str) -> bool:
    """Whether events of the topic hold personal fields (a fact of their class)."""
    return bool(personal_fields(resolve_topic(topic)))


def default_transcoder() -> Transcoder:
    t = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DatetimeAsISO(), DecimalAsStr()):
        t.register(transcoding)
    return t


def _aad(field: str, tenant: str, subject: str) -> bytes:
    return f"{tenant}/{subject}/{field}".encode()


def open_field(key: bytes | None, token: Any, tenant: str, subject: str, field: str) -> Any:
    """Decrypts a personal field copied from a sealed event into a read model."""
    return decrypt_value(key, token, _aad(field, tenant, subject))


def _clone(event: Any, state: dict[str, Any]) -> Any:
    copy = object.__new__(type(event))
    object.__setattr__(copy, "__dict__", state)
    return copy


class PersonalDataMapper(Mapper[Any]):
    def __init__(self, transcoder: Transcoder | None = None) -> None:
        super().__init__(transcoder or default_transcoder())

    def seal(self, event: DomainEventProtocol[Any], tenant: str, subject: str | None,
             key: bytes | None) -> StoredEvent:
        # An empty field holds nothing about anyone (e.g. a mention kept without its author).
        fields = [f for f in personal_fields(type(event)) if vars(event).get(f) not in (None, "")]
        if not fields:
            return self.to_stored_event(event)
        if subject is None or key is None:
            raise ValueError(f"{type(event).__name__} has personal data but no data subject")
        state = dict(vars(event))
        for f in fields:
            state[f] = encrypt_value(key, state[f], _aad(f, tenant, subject))
        return self.to_stored_event(_clone(event, state))

    def open(self, stored: StoredEvent, tenant: str, subject: str | None,
             key: bytes | None) -> DomainEventProtocol[Any]:
        event = self.to_domain_event(stored)
        fields = personal_fields(type(event))
        if fields and subject is not None:
            state = vars(event)
            for f in fields:
                if f in state:
                    state[f] = decrypt_value(key, state[f], _aad(f, tenant, subject))
        return event
