"""Keyset page tokens shared by the services' list methods (ADR-038)."""

from __future__ import annotations

import pytest
from jobsprint.common import paging
from jobsprint.common.errors import FieldViolation, InvalidArgument


def test_a_page_token_round_trips_and_is_refused_for_another_query():
    token = paging.encode(query="q1", after=["2026-01-01T00:00:00+00:00", "id"])
    assert paging.decode(token, query="q1") == ["2026-01-01T00:00:00+00:00", "id"]
    assert paging.decode("", query="q1") is None
    with pytest.raises(InvalidArgument, match="different query") as other:
        paging.decode(token, query="q2")
    assert other.value.violations == [FieldViolation("page_token", "from another query")]
    with pytest.raises(InvalidArgument, match=r"^cursor is not a token") as garbage:
        paging.decode("garbage!", query="q1", field="cursor")
    assert garbage.value.violations == [FieldViolation("cursor", "not a page token")]


def test_a_page_size_of_zero_means_the_default_and_large_ones_are_capped():
    assert paging.page_size(0) == paging.DEFAULT_PAGE_SIZE
    assert paging.page_size(10_000) == paging.MAX_PAGE_SIZE
    assert paging.page_size(0, default=500, maximum=1000) == 500
    assert paging.page_size(7) == 7
    with pytest.raises(InvalidArgument, match="negative"):
        paging.page_size(-1)
