"""Listing and searching a workspace's workflows: filters, orders, and keyset page tokens that
are bound to the query they page through."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from jobsprint.common import paging
from jobsprint.common.errors import FieldViolation, InvalidArgument

# order_by → (what the rows are ordered by, descending); ties are broken by id.
ORDERS = {
    "updated_at desc": ("updated_at", True),
    "updated_at": ("updated_at", False),
    "created_at desc": ("created_at", True),
    "created_at": ("created_at", False),
    "name": ("name", False),
    "name desc": ("name", True),
    "relevance": ("rank", True),
}


@dataclass(frozen=True)
class ListFilter:
    query: str = ""
    tags: tuple[str, ...] = ()
    active: bool | None = None
    trigger_type: str = ""
    updated_after: datetime | None = None
    updated_before: datetime | None = None
    order_by: str = ""
    deleted: bool = False


@dataclass(frozen=True)
class Search:
    """One page's query: `filters`, ordered by `column` (`rank` is the text-search rank), after
    the (key, id) `after` of the previous page's last row, `limit` rows."""

    filters: ListFilter
    column: str
    descending: bool
    after: tuple[Any, str] | None
    limit: int
    fingerprint: str

    @property
    def ranked(self) -> bool:
        return bool(self.filters.query.strip())


def search(filters: ListFilter, *, page_size: int, page_token: str) -> Search:
    """The query for the page `page_token` names (the first when empty); `limit` is one more than
    the page's size, so a next page is known to exist."""
    order_by = " ".join(filters.order_by.lower().split()) or (
        "relevance" if filters.query else "updated_at desc"
    )
    if order_by not in ORDERS:
        raise InvalidArgument(
            f"cannot order by {filters.order_by!r}",
            [FieldViolation("order_by", f"one of: {', '.join(ORDERS)}")],
        )
    if order_by == "relevance" and not filters.query.strip():
        # Without a query there is no rank: the default order (the OpenAPI document can state no
        # rule that ties one parameter to another, so none is enforced).
        order_by = "updated_at desc"
    fingerprint = orjson.dumps(
        [
            filters.query,
            sorted(filters.tags),
            filters.active,
            filters.trigger_type,
            str(filters.updated_after),
            str(filters.updated_before),
            order_by,
            filters.deleted,
        ]
    ).decode()
    column, descending = ORDERS[order_by]
    after = paging.decode(page_token, query=fingerprint)
    position: tuple[Any, str] | None = None
    if after is not None:
        if len(after) != 2:
            raise InvalidArgument("page_token is not a token this API returned")
        value = after[0]
        if column == "rank":
            value = float(value)
        elif column in ("updated_at", "created_at"):
            value = datetime.fromisoformat(value)
        position = (value, str(after[1]))
    return Search(filters, column, descending, position, paging.page_size(page_size) + 1, fingerprint)


def next_token(query: Search, last_key: Any, last_id: str) -> str:
    """The token of the page after one that ended with the row (`last_key`, `last_id`)."""
    if isinstance(last_key, datetime):
        last_key = last_key.isoformat()
    return paging.encode(query=query.fingerprint, after=[last_key, last_id])
