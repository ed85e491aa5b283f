"""An event's fields as audit trails and exports show them."""

from __future__ import annotations

import json
from typing import Any


def event_fields_json(event: Any) -> str:
    """The event's own fields (decrypted, or `[erased]`), without its envelope."""
    fields = {k: v for k, v in vars(event).items()
              if k not in ("originator_id", "originator_version", "timestamp")}
    return json.dumps(fields, default=str, sort_keys=True)
