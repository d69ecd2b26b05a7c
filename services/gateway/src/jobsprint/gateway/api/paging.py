"""Cursor pagination, the same on every list: `limit` and `cursor` in, `next_cursor` out, and a
`Link: <…>; rel="next"` header. The services page with `page_size`/`page_token` (gRPC's
convention); this is where one becomes the other."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated, TypeVar
from urllib.parse import urlencode

import grpc
from fastapi import Query, Request, Response
from jobsprint.gateway.problems import Problem

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=200, description="Page size (the service may cap it lower).")]
Cursor = Annotated[
    str | None, Query(max_length=2000, description="`next_cursor` of the previous page; none for the first.")
]


async def page(call: Awaitable[T]) -> T:
    """Await a List call; a page token the service refuses is reported as the caller's `cursor`."""
    try:
        return await call
    except grpc.aio.AioRpcError as exc:
        details = exc.details() or ""
        if exc.code() == grpc.StatusCode.INVALID_ARGUMENT and "page_token" in details:
            raise Problem(
                422,
                details.replace("page_token", "cursor"),
                title="Invalid cursor",
                errors=[{"field": "cursor", "message": "not a cursor of this listing"}],
            ) from exc
        raise


def next_cursor(request: Request, response: Response, token: str) -> str | None:
    """The next page's cursor, also sent as a `Link: rel="next"` URL with the same filters."""
    if not token:
        return None
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
    response.headers["Link"] = f'<{request.url.path}?{urlencode([*query, ("cursor", token)])}>; rel="next"'
    return token
