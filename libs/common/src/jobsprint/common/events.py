"""Event envelopes: CloudEvents 1.0 in structured JSON mode, published on `jobsprint.events`."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import orjson

TYPE_PREFIX = "io.jobsprint."
# The topic exchange every service publishes its events on (declared by `messaging`).
EVENTS_EXCHANGE = "jobsprint.events"


SEQUENCE_DIGITS = 12


def cloud_event(
    *,
    type_: str,
    source: str,
    subject: str,
    data: Any,
    sequence: int | None = None,
    time: datetime | None = None,
) -> bytes:
    """`type_` is the routing key form (`execution.finished`); the envelope's type is namespaced.

    `sequence` is the event's number in its subject's history, sent as the CloudEvents `sequence`
    extension: a string that orders lexicographically, so zero-padded."""
    envelope: dict[str, Any] = {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": source,
        "type": f"{TYPE_PREFIX}{type_}",
        "subject": subject,
        "time": (time or datetime.now(UTC)).isoformat(),
        "datacontenttype": "application/json",
        "data": data,
    }
    if sequence is not None:
        envelope["sequence"] = str(sequence).zfill(SEQUENCE_DIGITS)
    return orjson.dumps(envelope)


def sequence_of(envelope: dict[str, Any]) -> int | None:
    """The `sequence` extension of a parsed envelope as a number; None when absent or not one."""
    raw = envelope.get("sequence")
    if isinstance(raw, str) and raw.isdigit():
        return int(raw)
    return None
