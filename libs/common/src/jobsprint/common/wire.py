"""Small conversions between the wire (protobuf) and Python values, shared by every servicer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson
from google.protobuf.timestamp_pb2 import Timestamp


def timestamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


def json_bytes(value: Any) -> bytes:
    return b"" if value is None else orjson.dumps(value)
