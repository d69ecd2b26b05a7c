"""Opaque page tokens for keyset pagination: the sort key and id of a page's last item, plus a
fingerprint of the query, so a page never repeats or skips an item because others were inserted
meanwhile, and a token is never applied to another query (ADR-038)."""

from __future__ import annotations

import base64
from typing import Any

import orjson
from jobsprint.common.errors import FieldViolation, InvalidArgument

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def page_size(requested: int, *, default: int = DEFAULT_PAGE_SIZE, maximum: int = MAX_PAGE_SIZE) -> int:
    if requested < 0:
        raise InvalidArgument("page_size must not be negative", [FieldViolation("page_size", "at least 0")])
    return min(requested or default, maximum)


def encode(*, query: str, after: list[Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps({"q": query, "a": after})).decode().rstrip("=")


def decode(token: str, *, query: str, field: str = "page_token") -> list[Any] | None:
    """The position after which the page starts; None for the first page."""
    if not token:
        return None
    try:
        raw = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        after = raw["a"]
        matches = raw["q"] == query
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidArgument(
            f"{field} is not a token this API returned", [FieldViolation(field, "not a page token")]
        ) from exc
    if not matches or not isinstance(after, list):
        raise InvalidArgument(
            f"{field} belongs to a different query, filter or order; start again without it",
            [FieldViolation(field, "from another query")],
        )
    return after
