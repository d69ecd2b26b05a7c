"""Event envelopes: CloudEvents 1.0 in structured JSON mode, published on `jobsprint.events`."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import orjson

TYPE_PREFIX = "io.jobsprint."


def cloud_event(*, type_: str, source: str, subject: str, data: Any) -> bytes:
    """`type_` is the routing key form (`execution.finished`); the envelope's type is namespaced."""
    return orjson.dumps(
        {
            "specversion": "1.0",
            "id": str(uuid.uuid4()),
            "source": source,
            "type": f"{TYPE_PREFIX}{type_}",
            "subject": subject,
            "time": datetime.now(UTC).isoformat(),
            "datacontenttype": "application/json",
            "data": data,
        }
    )
