"""Opaque page tokens: the sort key and id of the last item of a page (keyset pagination), so a
page never repeats or skips an item because others were inserted meanwhile."""

from __future__ import annotations

import base64
from typing import Any

import orjson
from jobsprint.common.errors import InvalidArgument

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def page_size(requested: int) -> int:
    if requested < 0:
        raise InvalidArgument("page_size must not be negative")
    return min(requested or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)


def encode(*, query: str, after: list[Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps({"q": query, "a": after})).decode().rstrip("=")


def decode(token: str, *, query: str) -> list[Any] | None:
    """The position after which the page starts; None for the first page."""
    if not token:
        return None
    try:
        raw = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        after = raw["a"]
        matches = raw["q"] == query
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidArgument("page_token is not a token this API returned") from exc
    if not matches or not isinstance(after, list):
        raise InvalidArgument("page_token belongs to a different query, filter or order; start again")
    return after
