"""Request validation at the API edge: collect every violation, then fail once."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from uuid import UUID

from chorus.grpc.errors import FieldViolation, InvalidArgument

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
PHONE = re.compile(r"^\+[1-9][0-9]{6,14}$")  # E.164
COUNTRY = re.compile(r"^[A-Z]{2}$")  # ISO 3166-1 alpha-2
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # BCP 47 (common forms)
CLOCK_SKEW = timedelta(minutes=5)  # a caller's clock a little ahead is not "the future"
OLDEST = datetime(2000, 1, 1, tzinfo=UTC)


class Check:
    def __init__(self) -> None:
        self.violations: list[FieldViolation] = []

    def fail(self, field: str, description: str) -> None:
        self.violations.append(FieldViolation(field, description))

    def _storable(self, field: str, value: str) -> str:
        """PostgreSQL cannot store NUL characters in text: refuse them at the edge."""
        if "\x00" in value:
            self.fail(field, "must not contain NUL characters")
            return value.replace("\x00", "")
        return value

    def text(self, field: str, value: str, *, max_len: int = 200, required: bool = True) -> str:
        value = self._storable(field, value).strip()
        if required and not value:
            self.fail(field, "is required")
        elif len(value) > max_len:
            self.fail(field, f"must be at most {max_len} characters")
        return value

    def uuid(self, field: str, value: str) -> UUID:
        try:
            return UUID(value)
        except ValueError:
            self.fail(field, "must be a UUID")
            return UUID(int=0)

    def merge(self, request: Any, merged_field: str, survivor_field: str) -> tuple[UUID, UUID]:
        """The (merged, survivor) ids of a merge request: two ids, never the same one."""
        merged = self.uuid(merged_field, getattr(request, merged_field))
        survivor = self.uuid(survivor_field, getattr(request, survivor_field))
        if getattr(request, merged_field) and merged == survivor:
            self.fail(survivor_field, f"must differ from {merged_field}")
        return merged, survivor

    def email(self, field: str, value: str) -> str:
        value = self._storable(field, value).strip()
        if not EMAIL.match(value) or len(value) > 254:
            self.fail(field, "must be an email address")
        return value

    def optional_pattern(self, field: str, value: str, pattern: re.Pattern[str],
                         what: str) -> str:
        value = self._storable(field, value).strip()
        if value and not pattern.match(value):
            self.fail(field, f"must be {what}")
        return value

    def phone(self, field: str, value: str) -> str:
        return self.optional_pattern(field, value.replace(" ", ""), PHONE,
                                     "an E.164 phone number such as +33612345678")

    def country(self, field: str, value: str) -> str:
        return self.optional_pattern(field, value.upper(), COUNTRY,
                                     "an ISO 3166-1 alpha-2 country code such as FR")

    def language(self, field: str, value: str) -> str:
        return self.optional_pattern(field, value, LANGUAGE, "a BCP 47 language tag such as fr")

    def enum(self, field: str, value: int, enum_type: Any, prefix: str) -> str:
        """The lower-case name of a proto enum value, refusing UNSPECIFIED and unknown ones."""
        if value == 0 or value not in enum_type.DESCRIPTOR.values_by_number:
            names = [n.removeprefix(prefix).lower() for n in enum_type.keys()[1:]]
            self.fail(field, "must be one of " + ", ".join(names))
            return ""
        return str(enum_type.Name(value)).removeprefix(prefix).lower()

    def non_negative(self, field: str, value: int) -> int:
        if value < 0:
            self.fail(field, "must not be negative")
        return value

    def past_time(self, field: str, message: Any, attribute: str = "",
                  required: bool = True) -> datetime | None:
        """A timestamp field of `message` (`attribute`, default the field's name) of
        something that happened: required or optional, never absurd, never in the future."""
        attribute = attribute or field
        if not message.HasField(attribute):
            if required:
                self.fail(field, "is required")
            return None
        at: datetime = getattr(message, attribute).ToDatetime(tzinfo=UTC)
        if at > datetime.now(UTC) + CLOCK_SKEW:
            self.fail(field, "must not be in the future")
        elif at < OLDEST:
            self.fail(field, "must be after 2000-01-01")
        return at

    def done(self) -> None:
        if self.violations:
            raise InvalidArgument(self.violations)


class Reader(Protocol):
    async def caught_up(self, min_position: int) -> None: ...


async def read_your_writes(check: Check, consistency: Any, *readers: Reader) -> None:
    """Ends a query's validation (its `consistency.min_position` included), then waits until
    every read model it reads has handled the log up to that position."""
    check.non_negative("consistency.min_position", consistency.min_position)
    check.done()
    for reader in readers:
        await reader.caught_up(consistency.min_position)
