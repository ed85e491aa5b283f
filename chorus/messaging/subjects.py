"""Subject and stream names: `chorus.<service>.<tenant>.<EventName>`, one stream per service."""

from __future__ import annotations

import re

TOKEN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


def stream_name(service: str) -> str:
    return f"CHORUS_{service.upper()}"


def subject(service: str, tenant: str, event_name: str) -> str:
    if not TOKEN.match(tenant):
        raise ValueError(f"tenant {tenant!r} is not a valid subject token")
    return f"chorus.{service}.{tenant}.{event_name}"


def all_events_of(service: str, event_name: str = "*") -> str:
    return f"chorus.{service}.*.{event_name}"
