"""Request validation at the API edge: collect every violation, then fail once."""

from __future__ import annotations

import re
from uuid import UUID

from chorus.grpc.errors import FieldViolation, InvalidArgument

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class Check:
    def __init__(self) -> None:
        self.violations: list[FieldViolation] = []

    def fail(self, field: str, description: str) -> None:
        self.violations.append(FieldViolation(field, description))

    def text(self, field: str, value: str, *, max_len: int = 200, required: bool = True) -> str:
        value = value.strip()
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

    def email(self, field: str, value: str) -> str:
        value = value.strip()
        if not EMAIL.match(value) or len(value) > 254:
            self.fail(field, "must be an email address")
        return value

    def non_negative(self, field: str, value: int) -> int:
        if value < 0:
            self.fail(field, "must not be negative")
        return value

    def done(self) -> None:
        if self.violations:
            raise InvalidArgument(self.violations)
