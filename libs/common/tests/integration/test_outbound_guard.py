"""The SSRF guard against a canary listener on this machine: every forbidden address and every
encoding of one is refused before a connection is made, and the canary sees nothing."""

from __future__ import annotations

import http.server
import ipaddress
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest
from jobsprint.common import outbound
from jobsprint.common.outbound import OutboundPolicy, OutboundRefused

pytestmark = [pytest.mark.integration, pytest.mark.security]


class Canary:
    """A TCP listener on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self) -> None:
        self.connections = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.02)
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._server.close()


@pytest.fixture
def canary() -> Iterator[Canary]:
    listener = Canary()
    yield listener
    listener.close()


LOOPBACK_FORMS = [
    "127.0.0.1",
    "127.0.0.2",
    "127.255.255.254",
    "127.1",
    "127.0.1",
    "2130706433",  # decimal
    "0x7f000001",  # hexadecimal
    "0x7f.0x0.0x0.0x1",
    "0177.0.0.1",  # octal
    "017700000001",
    "0",
    "0.0.0.0",
    "localhost",
    "LOCALHOST",
    "localhost.",
    "[::1]",
    "[0:0:0:0:0:0:0:1]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[0:0:0:0:0:ffff:127.0.0.1]",
    "[::127.0.0.1]",  # IPv4-compatible
    "[64:ff9b::127.0.0.1]",  # NAT64
    "[::]",
]
FORBIDDEN_ADDRESSES = [
    "169.254.169.254",  # cloud metadata
    "169.254.0.1",
    "[fd00:ec2::254]",  # AWS metadata over IPv6
    "[::ffff:169.254.169.254]",
    "[64:ff9b::a9fe:a9fe]",
    "10.0.0.1",
    "10.255.255.255",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.0.1",
    "192.168.255.255",
    "100.64.0.1",  # CGNAT
    "100.127.255.254",
    "198.18.0.1",
    "192.0.0.170",
    "192.0.2.1",
    "224.0.0.1",  # multicast
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "[fe80::1]",
    "[fc00::1]",
    "[fd12:3456:789a::1]",
    "[fec0::1]",
    "[ff02::1]",
    "[2002:7f00:1::1]",  # 6to4 of 127.0.0.1
    "[2001:0:4136:e378:8000:63bf:3fff:fdd2]",  # Teredo
    "[2001:db8::1]",
    "[100::1]",
]


def test_the_suite_covers_at_least_forty_addresses_and_encodings() -> None:
    assert len(LOOPBACK_FORMS) + len(FORBIDDEN_ADDRESSES) >= 40


@pytest.mark.parametrize("host", LOOPBACK_FORMS + FORBIDDEN_ADDRESSES)
def test_refuses_a_forbidden_destination_before_connecting(canary: Canary, host: str) -> None:
    with (
        outbound.client(OutboundPolicy(), timeout=2) as client,
        pytest.raises((OutboundRefused, httpx.InvalidURL)),
    ):
        client.get(f"http://{host}:{canary.port}/")
    assert canary.connections == 0


def test_refuses_a_name_that_resolves_to_a_private_address_even_once(canary: Canary) -> None:
    answers = iter([["93.184.215.14", "127.0.0.1"]])
    with (
        outbound.client(OutboundPolicy(), timeout=2, resolver=lambda _h, _p: next(answers)) as client,
        pytest.raises(OutboundRefused, match="not a public address"),
    ):
        client.get(f"http://rebinding.example:{canary.port}/")
    assert canary.connections == 0


def test_connects_to_the_address_it_checked_not_to_a_second_lookup(canary: Canary) -> None:
    lookups: list[str] = []

    def resolver(host: str, _port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]

    policy = OutboundPolicy(allow_networks=(ipaddress.ip_network("127.0.0.1/32"),))
    with outbound.client(policy, timeout=2, resolver=resolver) as client:
        response = client.get(f"http://service.internal:{canary.port}/")
    assert response.text == "ok"
    assert lookups == ["service.internal"]
    assert canary.connections == 1


def test_an_allowed_network_is_reached_but_the_suites_own_ports_stay_refused(canary: Canary) -> None:
    allowed = OutboundPolicy(allow_networks=(ipaddress.ip_network("127.0.0.0/8"),))
    with outbound.client(allowed, timeout=2) as client:
        assert client.get(f"http://127.0.0.1:{canary.port}/").text == "ok"
    denied = OutboundPolicy(
        allow_networks=(ipaddress.ip_network("127.0.0.0/8"),), denied_ports=frozenset({canary.port})
    )
    with (
        outbound.client(denied, timeout=2) as client,
        pytest.raises(OutboundRefused, match="belongs to this suite"),
    ):
        client.get(f"http://127.0.0.1:{canary.port}/")
    assert canary.connections == 1


class _Redirector(http.server.BaseHTTPRequestHandler):
    target = ""

    def do_GET(self) -> None:
        self.send_response(302)
        self.send_header("Location", self.target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_rechecks_every_redirect_hop(canary: Canary) -> None:
    _Redirector.target = f"http://127.0.0.2:{canary.port}/"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Redirector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        policy = OutboundPolicy(allow_networks=(ipaddress.ip_network("127.0.0.1/32"),))
        with (
            outbound.client(policy, timeout=2) as client,
            pytest.raises(OutboundRefused, match=r"127\.0\.0\.2"),
        ):
            client.get(f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
    assert canary.connections == 0


def test_refuses_schemes_other_than_http(canary: Canary) -> None:
    with (
        outbound.client(OutboundPolicy(), timeout=2) as client,
        pytest.raises((OutboundRefused, httpx.UnsupportedProtocol)),
    ):
        client.get("file:///etc/passwd")


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass_the_policy(address: str) -> None:
    OutboundPolicy().check(ipaddress.ip_address(address), 443)
