"""Outbound connections to addresses that users choose: the SSRF guard.

Every connection a connector opens goes through here. A host name is resolved ONCE, every
address it resolves to is checked, and the connection is made to the checked address (the
original name still travels in `Host` and in TLS SNI, and certificates are verified against it),
so a DNS answer that changes between check and connect (DNS rebinding) cannot steer the call.

Answers are read under two limits (`fetch`): a cap on the body, counted as it streams (never a
whole body in memory first), and a deadline for the whole call — connect, TLS, sending, the
answer's headers and every byte of its body — not a timeout per socket read, which a server
trickling a byte a second would never trip.

Refused by default: loopback, unspecified, link-local (169.254.169.254, the cloud metadata
service, among them), private, CGNAT (100.64/10), benchmarking, documentation and reserved
ranges, multicast and broadcast, IPv6 unique-local and site-local, and IPv6 forms that embed an
IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo) unless the embedded address is
itself allowed. An operator may allow networks (`allow_networks`) for internal targets they
trust; the suite's own ports (`denied_ports`) stay refused on allowed networks.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

DENIED_NETWORKS: tuple[IPNetwork, ...] = tuple(
    ipaddress.ip_network(cidr)
    for cidr in (
        "0.0.0.0/8",  # "this network"; 0.0.0.0 reaches the local host on Linux
        "10.0.0.0/8",
        "100.64.0.0/10",  # CGNAT
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, cloud metadata
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, and 255.255.255.255
        "::/128",
        "::1/128",
        "::/96",  # IPv4-compatible (deprecated)
        "64:ff9b:1::/48",
        "100::/64",
        "2001::/23",  # Teredo and other IETF special purpose
        "2001:db8::/32",
        "2002::/16",  # 6to4
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local
        "ff00::/8",  # multicast
    )
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class OutboundRefused(Exception):
    """The destination is not one this service may connect to. Permanent: retrying will not help."""


class ResponseTooLarge(Exception):
    """The answer's body is larger than the caller's cap; reading stopped at the cap."""

    def __init__(self, limit: int, declared: int | None = None) -> None:
        told = f" ({declared} bytes)" if declared is not None else ""
        super().__init__(f"the response is larger than the {limit}-byte limit{told}")
        self.limit = limit


class DeadlineExceeded(httpx.TimeoutException):
    """The whole call (connect to the last byte of the answer) took longer than its deadline."""


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 form carries (mapped, NAT64), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: IPAddress) -> bool:
    """True for an address on the public internet, and only then."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:
            return is_public(inner)
        if address.scope_id:
            return False
    if any(address in network for network in DENIED_NETWORKS if network.version == address.version):
        return False
    return address.is_global and not address.is_multicast and not address.is_reserved


@dataclass(frozen=True)
class OutboundPolicy:
    """Which destinations may be reached: public addresses, plus networks an operator allows."""

    allow_networks: tuple[IPNetwork, ...] = ()
    denied_ports: frozenset[int] = field(default_factory=frozenset)
    # Extra CA certificates (PEM) trusted for TLS besides the public ones: an internal CA.
    ca_file: str | None = None

    @classmethod
    def from_settings(
        cls, *, allow: Iterable[str], denied_ports: Iterable[int], ca_file: str | None = None
    ) -> OutboundPolicy:
        return cls(
            allow_networks=tuple(ipaddress.ip_network(cidr.strip(), strict=False) for cidr in allow if cidr),
            denied_ports=frozenset(denied_ports),
            ca_file=ca_file,
        )

    def tls(self) -> ssl.SSLContext:
        return tls_context(self.ca_file)

    def check(self, address: IPAddress, port: int) -> None:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        allowed = any(
            address in network for network in self.allow_networks if network.version == address.version
        )
        if allowed:
            if port in self.denied_ports:
                raise OutboundRefused(
                    f"port {port} on {address} belongs to this suite and is never reachable"
                )
            return
        if not is_public(address):
            raise OutboundRefused(
                f"{address} is not a public address; an operator can allow its network "
                "(<SERVICE>_OUTBOUND_ALLOW_NETWORKS: INTEGRATIONS_ for actions, EXECUTOR_ for core.http_request)"
            )


Resolver = Callable[[str, int], list[str]]


@functools.cache
def tls_context(ca_file: str | None = None) -> ssl.SSLContext:
    """One verifying TLS context per trust configuration, shared by every client: loading the CA
    bundle costs tens of milliseconds, far more than the call it would be loaded for."""
    context = httpx.create_ssl_context()
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    return context


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def resolve_checked(
    host: str, port: int, policy: OutboundPolicy, resolver: Resolver = system_resolver
) -> str:
    """Resolve `host` once and return an address to connect to; refuse if ANY answer is refused
    (a name that resolves to both a public and a private address is an attack, not a mistake)."""
    if not host:
        raise OutboundRefused("the URL has no host")
    try:
        answers = resolver(host.strip("[]"), port)
    except (OSError, UnicodeError) as exc:
        raise OutboundRefused(f"cannot resolve {host!r}: {exc}") from exc
    if not answers:
        raise OutboundRefused(f"{host!r} resolves to no address")
    for answer in answers:
        try:
            address = ipaddress.ip_address(answer)
        except ValueError as exc:
            raise OutboundRefused(f"{host!r} resolved to an unusable address {answer!r}") from exc
        try:
            policy.check(address, port)
        except OutboundRefused as exc:
            raise OutboundRefused(f"{host!r} is refused: {exc}") from exc
    return answers[0].split("%", 1)[0]


def _pinned(request: httpx.Request, address: str) -> httpx.Request:
    """A copy of `request` aimed at `address`; Host and SNI keep the original name."""
    host = request.url.host
    extensions = dict(request.extensions)
    if request.url.scheme == "https":
        extensions["sni_hostname"] = host
    return httpx.Request(
        request.method,
        request.url.copy_with(host=address),
        headers=request.headers,
        stream=request.stream,
        extensions=extensions,
    )


def _port(url: httpx.URL) -> int:
    if url.port is not None:
        return url.port
    if url.scheme not in ("http", "https"):
        raise OutboundRefused(f"scheme {url.scheme!r} is not allowed; use http or https")
    return 443 if url.scheme == "https" else 80


# --- the deadline of a whole call, and the size cap of its answer --------------------------------

# When the current call must be over (time.monotonic()), for the sockets of guarded clients. A
# context variable: each thread (and each asyncio task) has its own, so one pooled client serves
# calls with different deadlines at once.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("outbound_deadline", default=None)
# Writes are cut into pieces this big, so a server that reads slowly meets the deadline too.
_WRITE_PIECE = 64 * 1024


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Every connect, TLS handshake, write and read that guarded clients do in this context ends by
    `seconds` from now, however the time is spread over them (an inner deadline never extends an
    outer one). Past it, the operation fails with a timeout."""
    due = time.monotonic() + seconds
    outer = _DEADLINE.get()
    token = _DEADLINE.set(due if outer is None else min(due, outer))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _bounded(timeout: float | None, on_passed: type[httpcore.TimeoutException]) -> float | None:
    """`timeout` of one socket operation, shortened to what is left before the deadline."""
    due = _DEADLINE.get()
    if due is None:
        return timeout
    left = due - time.monotonic()
    if left <= 0:
        raise on_passed("the call's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineBoundStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        for start in range(0, len(buffer), _WRITE_PIECE):
            self._inner.write(buffer[start : start + _WRITE_PIECE], _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineBoundStream(self._inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBoundBackend(httpcore.NetworkBackend):
    """httpcore's own socket backend, with every operation's timeout cut to the deadline."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineBoundStream(
            self._inner.connect_tcp(host, port, bounded, local_address, socket_options)
        )

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not outbound destinations")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _DeadlineBoundTransport(httpx.HTTPTransport):
    """httpx's own transport over a connection pool whose sockets honour `deadline`."""

    def __init__(self, ssl_context: ssl.SSLContext) -> None:
        super().__init__(verify=ssl_context, retries=0)
        # httpx takes no network backend, so its pool is made again with one (httpx's defaults:
        # 100 connections, 20 kept alive for 5 s).
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            retries=0,
            network_backend=_DeadlineBoundBackend(),
        )


def read_capped(response: httpx.Response, limit: int) -> bytes:
    """The body of a streamed `response`, refused (ResponseTooLarge) as soon as it passes `limit`
    bytes: a declared larger length is refused before reading anything."""
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ResponseTooLarge(limit, int(declared))
    body = bytearray()
    for chunk in response.iter_bytes():
        body.extend(chunk)
        if len(body) > limit:
            raise ResponseTooLarge(limit)
    return bytes(body)


@dataclass(frozen=True)
class Fetched:
    """A whole answer: the (closed) response for its status, headers, URL and encoding, and its body."""

    response: httpx.Response
    body: bytes


def fetch(
    client: httpx.Client, method: str, url: str | httpx.URL, *, max_bytes: int, seconds: float, **request: Any
) -> Fetched:
    """One request through a guarded `client`, redirects included, over in `seconds` at most from
    the first connect to the last byte, its body read up to `max_bytes`. Raises ResponseTooLarge,
    DeadlineExceeded (an httpx.TimeoutException) and httpx's errors."""
    due = time.monotonic() + seconds
    try:
        with deadline(seconds), client.stream(method, url, **request) as response:
            body = read_capped(response, max_bytes)
    except httpx.TimeoutException as exc:
        # A socket timed out at the deadline (give or take the clock's grain), or before it.
        if time.monotonic() >= due - 0.01:
            raise DeadlineExceeded(f"no complete answer within {seconds:g} s") from exc
        raise
    return Fetched(response, body)


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport that checks and pins every request's destination, redirects included
    (httpx sends each redirect hop through the transport again)."""

    def __init__(
        self,
        policy: OutboundPolicy,
        *,
        resolver: Resolver = system_resolver,
        inner: httpx.BaseTransport | None = None,
    ) -> None:
        self._policy = policy
        self._resolver = resolver
        self._inner = inner or _DeadlineBoundTransport(policy.tls())

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        address = resolve_checked(request.url.host, _port(request.url), self._policy, self._resolver)
        return self._inner.handle_request(_pinned(request, address))

    def close(self) -> None:
        self._inner.close()


class AsyncGuardedTransport(httpx.AsyncBaseTransport):
    """The asyncio form of `GuardedTransport` (for SDKs that speak httpx.AsyncClient)."""

    def __init__(
        self,
        policy: OutboundPolicy,
        *,
        resolver: Resolver = system_resolver,
        inner: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._policy = policy
        self._resolver = resolver
        self._inner = inner or httpx.AsyncHTTPTransport(verify=policy.tls(), retries=0)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        address = await asyncio.to_thread(
            resolve_checked, request.url.host, _port(request.url), self._policy, self._resolver
        )
        return await self._inner.handle_async_request(_pinned(request, address))

    async def aclose(self) -> None:
        await self._inner.aclose()


def client(
    policy: OutboundPolicy,
    *,
    timeout: float,
    max_redirects: int = 5,
    resolver: Resolver = system_resolver,
) -> httpx.Client:
    """An httpx client whose every connection passes the guard; proxies from the environment
    are ignored (a proxy would connect on our behalf to an address we never checked)."""
    return httpx.Client(
        transport=GuardedTransport(policy, resolver=resolver),
        timeout=timeout,
        follow_redirects=max_redirects > 0,
        max_redirects=max(max_redirects, 0),
        trust_env=False,
    )


def async_client(
    policy: OutboundPolicy,
    *,
    timeout: float,
    headers: dict[str, str] | None = None,
    resolver: Resolver = system_resolver,
) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=AsyncGuardedTransport(policy, resolver=resolver),
        timeout=timeout,
        headers=headers,
        follow_redirects=True,
        max_redirects=5,
        trust_env=False,
    )


def connect_checked(
    host: str, port: int, policy: OutboundPolicy, *, timeout: float, resolver: Resolver = system_resolver
) -> socket.socket:
    """A TCP connection to `host:port` through the guard (for protocols other than HTTP: SMTP)."""
    address = resolve_checked(host, port, policy, resolver)
    return socket.create_connection((address, port), timeout=timeout)
