"""`outbound.fetch` against a real local server that misbehaves: the body cap holds while the
body streams, and the deadline bounds the whole call, however slowly the server answers."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from jobsprint.common import outbound
from jobsprint.common.outbound import DeadlineExceeded, OutboundPolicy, ResponseTooLarge
from jobsprint.common.testing import MisbehavingServer, misbehaving_server

pytestmark = [pytest.mark.integration, pytest.mark.security]

LOOPBACK = OutboundPolicy.from_settings(allow=["127.0.0.0/8"], denied_ports=())


@pytest.fixture(scope="module")
def server() -> Iterator[MisbehavingServer]:
    with misbehaving_server() as served:
        yield served


@pytest.fixture
def client() -> Iterator[outbound.httpx.Client]:
    # A per-operation timeout far longer than the deadlines below: only the deadline can end them.
    with outbound.client(LOOPBACK, timeout=30) as guarded:
        yield guarded


def test_a_body_trickled_a_byte_a_second_ends_at_the_deadline_not_per_read(
    server: MisbehavingServer, client: outbound.httpx.Client
) -> None:
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match=r"within 1\.5 s"):
        outbound.fetch(client, "GET", f"{server.url}/trickle?interval=0.5", max_bytes=1024, seconds=1.5)
    assert time.monotonic() - started < 5  # 60 bytes at 0.5 s each would take 30 s


def test_headers_trickled_a_byte_at_a_time_end_at_the_deadline_too(
    server: MisbehavingServer, client: outbound.httpx.Client
) -> None:
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        outbound.fetch(
            client, "GET", f"{server.url}/trickle-headers?interval=0.2", max_bytes=1024, seconds=1.5
        )
    assert time.monotonic() - started < 5  # ~220 header bytes at 0.2 s each would take 44 s


def test_a_chunked_body_past_the_cap_is_refused_while_it_streams(
    server: MisbehavingServer, client: outbound.httpx.Client
) -> None:
    path = "/big?bytes=104857600&run=chunked"  # 100 MiB, no Content-Length
    with pytest.raises(ResponseTooLarge, match="65536-byte limit"):
        outbound.fetch(client, "GET", f"{server.url}{path}", max_bytes=65536, seconds=30)
    time.sleep(0.2)  # let the server notice the hang-up
    # Reading stopped near the cap: the server got nowhere near sending the whole body.
    assert server.sent.get(path, 0) < 20 * 1024 * 1024


def test_a_declared_length_past_the_cap_is_refused_before_reading(
    server: MisbehavingServer, client: outbound.httpx.Client
) -> None:
    with pytest.raises(ResponseTooLarge, match=r"\(1048576 bytes\)"):
        outbound.fetch(
            client, "GET", f"{server.url}/big?bytes=1048576&declared=1", max_bytes=65536, seconds=30
        )


def test_an_answer_within_both_limits_comes_back_whole(
    server: MisbehavingServer, client: outbound.httpx.Client
) -> None:
    fetched = outbound.fetch(client, "GET", f"{server.url}/big?bytes=65536", max_bytes=65536, seconds=5)
    assert fetched.response.status_code == 200
    assert fetched.body == b"x" * 65536


def test_an_inner_deadline_never_extends_an_outer_one(
    server: MisbehavingServer, client: outbound.httpx.Client
) -> None:
    started = time.monotonic()
    with outbound.deadline(1.0), pytest.raises(outbound.httpx.TimeoutException):
        outbound.fetch(client, "GET", f"{server.url}/trickle?interval=0.5", max_bytes=1024, seconds=20)
    assert time.monotonic() - started < 4
