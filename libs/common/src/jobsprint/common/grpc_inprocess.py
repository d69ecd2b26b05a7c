"""Calls between services hosted in one process go to the callee's handler in the caller's thread
(ADR-107), as gRPC's in-process transport does in Java and C++ (Python's grpcio has none).

Only in a host of several services (the node, ADR-106), which builds a `ProcessServers` and hands
it to each service's `start`: a `GrpcServer` started with it registers its services' handlers
while it serves, and a client channel made with it (`grpc_client.channel`) whose target is such a
server's port calls them directly. Everything but the
transport stays: the request and the answer are serialised and parsed as on the wire (each side
holds its own copy, and a message too large for the wire is refused the same way), the callee's
interceptor verifies the token, authorises the method, maps errors to status codes and counts the
call, the deadline and the trace context pass in the metadata, a status comes back as the same
`grpc.RpcError`, and UNAVAILABLE is retried as the channel's retry policy retries it. The handler
runs in a context of its own (what the caller set in its context variables is not seen by it).
Calls to a service of another process, and streaming calls, go over the wire as before.
"""

from __future__ import annotations

import contextvars
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import grpc
from prometheus_client import Counter

# gRPC's default limit on a received message (neither side sets another, grpc_client, grpc_server).
MAX_MESSAGE_BYTES = 4 * 1024 * 1024
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]", "0.0.0.0", "[::]", ""})

CALLS = Counter(
    "jobsprint_grpc_client_inprocess_total",
    "gRPC calls made in-process to a service of this node",
    ["method"],
)


@dataclass(frozen=True)
class Retry:
    """A channel's retry policy for UNAVAILABLE (grpc_client's service config says it to grpcio)."""

    attempts: int
    initial_backoff_seconds: float
    max_backoff_seconds: float
    multiplier: float


@dataclass(frozen=True)
class LocalServer:
    """A serving GrpcServer's methods: `handler(method)` is the method's handler as the server's
    interceptors wrap it, or None when the server has no such method."""

    host: str
    handler: Callable[[str], grpc.RpcMethodHandler | None]


class ProcessServers:
    """The gRPC servers of one process that its own clients may call in-process, by port. A host of
    several services (the node) builds one and hands it to each service's `start`, whose server
    registers with it and whose clients look in it; elsewhere there is none and calls go on the wire."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._servers: dict[int, LocalServer] = {}

    def register(self, port: int, server: LocalServer) -> None:
        with self._lock:
            self._servers[port] = server

    def unregister(self, port: int, server: LocalServer) -> None:
        with self._lock:
            if self._servers.get(port) is server:
                del self._servers[port]

    def get(self, port: int) -> LocalServer | None:
        return self._servers.get(port)


@dataclass(frozen=True)
class _Target:
    """A channel's target as host and port (port 0: not one a server of this process could have)."""

    host: str
    port: int

    @classmethod
    def parse(cls, target: str) -> _Target:
        address = target.removeprefix("dns:///").removeprefix("ipv4:").removeprefix("ipv6:")
        host, _, port = address.rpartition(":")
        return cls(host, int(port) if port.isdigit() else 0)

    def server(self, servers: ProcessServers) -> LocalServer | None:
        """The server among `servers` serving this target now, if any."""
        server = servers.get(self.port) if self.port else None
        if server is None or not (self.host in LOOPBACK or self.host == server.host):
            return None
        return server


class RecordingRegistrar:
    """Passed to a generated `add_XServicer_to_server` in place of the server: registers the
    servicer with the server as usual and keeps its method handlers by full method name."""

    def __init__(self, server: grpc.Server) -> None:
        self._server = server
        self.handlers: dict[str, grpc.RpcMethodHandler] = {}

    def add_generic_rpc_handlers(self, handlers: Sequence[grpc.GenericRpcHandler]) -> None:
        self._server.add_generic_rpc_handlers(handlers)

    def add_registered_method_handlers(
        self, service: str, handlers: dict[str, grpc.RpcMethodHandler]
    ) -> None:
        self._server.add_registered_method_handlers(service, handlers)
        for name, handler in handlers.items():
            self.handlers[f"/{service}/{name}"] = handler


class _Ended(grpc.Call):  # type: ignore[misc]
    """A local call once it has ended: its status and trailing metadata."""

    def __init__(self, code: grpc.StatusCode, details: str, trailing_metadata: tuple = ()) -> None:
        self._code = code
        self._details = details
        self._trailing = tuple(trailing_metadata)

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return self._details

    def trailing_metadata(self) -> tuple:
        return self._trailing

    def initial_metadata(self) -> tuple:
        return ()

    def is_active(self) -> bool:
        return False

    def time_remaining(self) -> float | None:
        return None

    def cancel(self) -> bool:
        return False

    def add_callback(self, callback: Callable[[], None]) -> bool:
        return False


class LocalRpcError(grpc.RpcError, _Ended, grpc.Future):  # type: ignore[misc]
    """A call's status other than OK, as a wire call's `grpc.RpcError` carries it (also a done
    `grpc.Future`, which grpcio's client interceptors take it for)."""

    def __init__(self, code: grpc.StatusCode, details: str, trailing_metadata: tuple = ()) -> None:
        grpc.RpcError.__init__(self, f"{code.name}: {details}")
        _Ended.__init__(self, code, details, trailing_metadata)

    def result(self, timeout: float | None = None) -> Any:
        raise self

    def exception(self, timeout: float | None = None) -> LocalRpcError:
        return self

    def traceback(self, timeout: float | None = None) -> Any:
        return self.__traceback__

    def done(self) -> bool:
        return True

    def cancelled(self) -> bool:
        return False

    def running(self) -> bool:
        return False

    def add_done_callback(self, fn: Callable[[Any], None]) -> None:
        fn(self)


class _Aborted(Exception):
    """Raised by `abort`, as grpcio's own context raises to end the handler."""


class _Context(grpc.ServicerContext):  # type: ignore[misc]
    """The callee's view of one local call: its metadata, deadline and the status it set."""

    def __init__(self, metadata: tuple, deadline: float | None) -> None:
        self._metadata = metadata
        self._deadline = deadline
        self._code: grpc.StatusCode | None = None
        self._details = ""
        self._trailing: tuple = ()

    def invocation_metadata(self) -> tuple:
        return self._metadata

    def time_remaining(self) -> float | None:
        return None if self._deadline is None else max(0.0, self._deadline - time.monotonic())

    def abort(self, code: grpc.StatusCode, details: str) -> None:
        if code == grpc.StatusCode.OK:
            raise ValueError("abort() with OK is not allowed")
        self._code, self._details = code, details
        raise _Aborted(details)

    def abort_with_status(self, status: grpc.Status) -> None:
        self._trailing = tuple(status.trailing_metadata or ())
        self.abort(status.code, status.details)

    def code(self) -> grpc.StatusCode | None:
        return self._code

    def details(self) -> str:
        return self._details

    def set_code(self, code: grpc.StatusCode) -> None:
        self._code = code

    def set_details(self, details: str) -> None:
        self._details = details

    def set_trailing_metadata(self, trailing_metadata: tuple) -> None:
        self._trailing = tuple(trailing_metadata)

    def trailing_metadata(self) -> tuple:
        return self._trailing

    def is_active(self) -> bool:
        return self._deadline is None or time.monotonic() < self._deadline

    def peer(self) -> str:
        return "inprocess:"

    def peer_identities(self) -> None:
        return None

    def peer_identity_key(self) -> None:
        return None

    def auth_context(self) -> dict:
        return {}

    def send_initial_metadata(self, initial_metadata: tuple) -> None:
        pass

    def set_compression(self, compression: grpc.Compression) -> None:
        pass

    def disable_next_message_compression(self) -> None:
        pass

    def add_callback(self, callback: Callable[[], None]) -> bool:
        return False

    def cancel(self) -> None:
        pass


def _too_large(size: int) -> LocalRpcError:
    return LocalRpcError(
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        f"Received message larger than max ({size} vs. {MAX_MESSAGE_BYTES})",
    )


class _UnaryUnary(grpc.UnaryUnaryMultiCallable):  # type: ignore[misc]
    def __init__(
        self,
        target: _Target,
        servers: ProcessServers,
        retry: Retry,
        method: str,
        serializer: Callable[[Any], bytes] | None,
        deserializer: Callable[[bytes], Any] | None,
        wire: grpc.UnaryUnaryMultiCallable,
    ) -> None:
        self._target = target
        self._servers = servers
        self._retry = retry
        self._method = method
        self._serialize = serializer or (lambda message: message)
        self._deserialize = deserializer or (lambda payload: payload)
        self._wire = wire

    def __call__(
        self, request: Any, timeout: float | None = None, metadata: Any = None, **kwargs: Any
    ) -> Any:
        response, _call = self.with_call(request, timeout=timeout, metadata=metadata, **kwargs)
        return response

    def with_call(
        self, request: Any, timeout: float | None = None, metadata: Any = None, **kwargs: Any
    ) -> tuple[Any, grpc.Call]:
        server = self._target.server(self._servers)
        handler = server.handler(self._method) if server is not None else None
        if handler is None or handler.unary_unary is None:
            return self._wire.with_call(request, timeout=timeout, metadata=metadata, **kwargs)
        CALLS.labels(self._method).inc()
        deadline = None if timeout is None else time.monotonic() + timeout
        payload = self._serialize(request)
        if len(payload) > MAX_MESSAGE_BYTES:
            raise _too_large(len(payload))
        retry = self._retry
        backoff = retry.initial_backoff_seconds
        for attempt in range(1, retry.attempts + 1):
            try:
                return self._once(handler, payload, tuple(metadata or ()), deadline)
            except LocalRpcError as error:
                if error.code() != grpc.StatusCode.UNAVAILABLE or attempt == retry.attempts:
                    raise
                pause = random.uniform(0, backoff)
                if deadline is not None and time.monotonic() + pause >= deadline:
                    raise
                time.sleep(pause)
                backoff = min(backoff * retry.multiplier, retry.max_backoff_seconds)
        raise AssertionError("unreachable")

    def _once(
        self, handler: grpc.RpcMethodHandler, payload: bytes, metadata: tuple, deadline: float | None
    ) -> tuple[Any, grpc.Call]:
        if deadline is not None and time.monotonic() >= deadline:
            raise LocalRpcError(grpc.StatusCode.DEADLINE_EXCEEDED, "Deadline Exceeded")
        parse = handler.request_deserializer or (lambda data: data)
        context = _Context(metadata, deadline)
        try:
            # A context of its own, as a server thread has: the caller's variables stay the caller's.
            response = contextvars.Context().run(handler.unary_unary, parse(payload), context)
        except Exception as exc:  # an abort, or a status set before raising: answered below
            if context._code in (None, grpc.StatusCode.OK):
                raise LocalRpcError(grpc.StatusCode.UNKNOWN, f"Exception calling application: {exc}") from exc
            response = None
        if context._code not in (None, grpc.StatusCode.OK):
            raise LocalRpcError(context._code, context._details, context._trailing)
        if deadline is not None and time.monotonic() >= deadline:
            raise LocalRpcError(grpc.StatusCode.DEADLINE_EXCEEDED, "Deadline Exceeded")
        answer = (handler.response_serializer or (lambda message: message))(response)
        if len(answer) > MAX_MESSAGE_BYTES:
            raise _too_large(len(answer))
        return self._deserialize(answer), _Ended(grpc.StatusCode.OK, "", context._trailing)

    def future(self, request: Any, timeout: float | None = None, metadata: Any = None, **kwargs: Any) -> Any:
        return self._wire.future(request, timeout=timeout, metadata=metadata, **kwargs)


class LocalChannel(grpc.Channel):  # type: ignore[misc]
    """A channel to `target` whose unary calls go in-process while one of `servers` serves that
    port, and over `wire` (a real channel to the same target, with the same `retry`) otherwise."""

    def __init__(self, target: str, wire: grpc.Channel, retry: Retry, servers: ProcessServers) -> None:
        self._target = _Target.parse(target)
        self._wire = wire
        self._retry = retry
        self._servers = servers

    def unary_unary(
        self,
        method: str,
        request_serializer: Callable[[Any], bytes] | None = None,
        response_deserializer: Callable[[bytes], Any] | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> grpc.UnaryUnaryMultiCallable:
        wire = self._wire.unary_unary(method, request_serializer, response_deserializer, *args, **kwargs)
        return _UnaryUnary(
            self._target, self._servers, self._retry, method, request_serializer, response_deserializer, wire
        )

    def unary_stream(self, *args: Any, **kwargs: Any) -> Any:
        return self._wire.unary_stream(*args, **kwargs)

    def stream_unary(self, *args: Any, **kwargs: Any) -> Any:
        return self._wire.stream_unary(*args, **kwargs)

    def stream_stream(self, *args: Any, **kwargs: Any) -> Any:
        return self._wire.stream_stream(*args, **kwargs)

    def subscribe(self, callback: Any, try_to_connect: bool = False) -> None:
        self._wire.subscribe(callback, try_to_connect)

    def unsubscribe(self, callback: Any) -> None:
        self._wire.unsubscribe(callback)

    def close(self) -> None:
        self._wire.close()

    def __enter__(self) -> LocalChannel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
