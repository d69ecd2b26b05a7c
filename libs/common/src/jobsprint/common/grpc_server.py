"""gRPC server bootstrap: health checking, reflection, graceful shutdown, and the interceptors
that verify the caller, map domain errors to status codes with details, and count calls."""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent import futures
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

import grpc
import psycopg
import redis
import sqlalchemy.exc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from grpc_status import rpc_status
from jobsprint.common import audit, db, deadlines, grpc_inprocess, identity, revocation, tracing
from jobsprint.common.access import Action, MethodPolicy, authorize, classify
from jobsprint.common.errors import DomainError, PermissionDenied, Unauthenticated, Unavailable
from jobsprint.common.grpc_errors import grpc_code, status_for
from jobsprint.common.settings import GrpcServiceSettings
from jobsprint.common.tokens import KeyRing, Principal, bearer_token
from prometheus_client import Counter, Histogram
from sqlalchemy import Engine

log = logging.getLogger(__name__)

RPC_TOTAL = Counter("jobsprint_grpc_server_handled_total", "gRPC calls served", ["method", "code"])
RPC_SECONDS = Histogram("jobsprint_grpc_server_handling_seconds", "gRPC call latency", ["method"])

MAX_CONNECTION_AGE_MS = 5 * 60 * 1000
MAX_CONNECTION_AGE_GRACE_MS = 30 * 1000
ALWAYS_PUBLIC = ("/grpc.health.v1.Health/", "/grpc.reflection.")
# The health service's name for "the process is alive": SERVING from start to stop whatever the
# probe finds, for liveness and startup probes (restarting a service does not bring its database
# back). The overall name "" and each service's name say "ready": what the gateway's /readyz and
# readiness probes ask.
LIVENESS = "liveness"
# How often a server's health probe (its database) runs: readiness follows an outage within this.
PROBE_INTERVAL_SECONDS = 2.0


@dataclass(frozen=True)
class ServiceBinding:
    """One servicer and how to register it: `add_XServicer_to_server` and its full service name."""

    register: Callable[[Any, grpc.Server], None]
    servicer: object
    name: str


class _UnaryInterceptor(grpc.ServerInterceptor):
    """Wraps every unary-unary behaviour: identity, authorisation (the method policy), error
    mapping and metrics in one place."""

    def __init__(
        self,
        *,
        key_ring: KeyRing,
        public_methods: Iterable[str],
        is_revoked: Callable[[Principal], bool],
        policy: MethodPolicy,
        audit_sink: audit.AuditSink | None,
        audit_source: str,
        unaudited_methods: Iterable[str] = (),
    ):
        self._key_ring = key_ring
        self._unaudited = frozenset(unaudited_methods)
        self._public = frozenset(public_methods)
        self._is_revoked = is_revoked
        self._policy = policy
        self._audit = audit_sink
        self._source = audit_source
        self._handlers: dict[str, Any] = {}

    def _audit_call(self, principal: Principal | None, method: str, request: object, outcome: str) -> None:
        if self._audit is not None and principal is not None:
            record = audit.record_for(
                principal, method=method, request=request, outcome=outcome, source=self._source
            )
            audit.safely(self._audit, record)

    def intercept_service(self, continuation, handler_call_details):  # type: ignore[no-untyped-def]
        # grpcio asks for every call; what it answers depends on the method alone, so the
        # wrapped handler is built once per method (building it cost more than the lookup).
        method = handler_call_details.method
        wrapped = self._handlers.get(method)
        if wrapped is None:
            handler = continuation(handler_call_details)
            if handler is None:
                return None  # not a method of this server (not kept: callers choose the names)
            wrapped = self._handlers[method] = self._wrap(handler, method)
        return wrapped

    def _wrap(self, handler, method: str):  # type: ignore[no-untyped-def]
        if handler.unary_unary is None or method.startswith(ALWAYS_PUBLIC):
            return handler
        behaviour = handler.unary_unary
        seconds = RPC_SECONDS.labels(method)
        public = method in self._public
        action = self._policy.action_for(method)
        # Every call that changes something is audited, and every refused one; reads are not, nor
        # the internal hops a service declares audited at the edge that made them (ADR-048).
        audited = classify(method) is not Action.READ and method.rsplit("/", 1)[-1] not in self._unaudited

        def wrapped(request, context):  # type: ignore[no-untyped-def]
            metadata = dict(context.invocation_metadata())
            # In the caller's trace: what this call logs, calls and writes is part of it.
            with tracing.span_from(method, metadata, tracing.SERVER):
                return served(request, context, metadata)

        def served(request, context, metadata):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            code = grpc.StatusCode.OK
            token = None
            principal: Principal | None = None
            # The calls this one makes to other services get no more time than its caller gave it.
            deadline = deadlines.set_remaining(context.time_remaining())
            try:
                if not public:
                    principal = self._key_ring.verify(bearer_token(metadata.get("authorization")))
                    # Service tokens are never handed out, live a minute, and nothing revokes
                    # them (revocation lists users' tokens and sessions): no Redis round trip.
                    if not identity.is_service(principal):
                        try:
                            revoked = self._is_revoked(principal)
                        except Exception as exc:
                            # Fail closed: a token whose revocation cannot be checked is not accepted.
                            raise Unavailable(
                                "cannot check token revocation right now; retry shortly"
                            ) from exc
                        if revoked:
                            raise Unauthenticated("the access token has been revoked")
                    authorize(principal, action)
                    token = identity.set_principal(principal)
                response = behaviour(request, context)
                if audited:
                    self._audit_call(principal, method, request, audit.SUCCESS)
                return response
            except DomainError as error:
                # The one table of domain error → status code (grpc_errors.GRPC_CODES).
                code = grpc_code(error)
                if isinstance(error, PermissionDenied):
                    self._audit_call(principal, method, request, audit.DENIED)
                context.abort_with_status(rpc_status.to_status(status_for(error)))
            except (sqlalchemy.exc.DataError, psycopg.DataError) as exc:
                # Postgres refused a value the request carried (a NUL character, a number out
                # of range): the caller's data, not a fault of the service. Raw psycopg errors
                # come from the hot statements run on the driver (db.execute_on_driver).
                code = grpc.StatusCode.INVALID_ARGUMENT
                log.info("%s: the database refused a value: %s", method, getattr(exc, "orig", exc))
                context.abort(
                    code,
                    "the request holds a value that cannot be stored (a NUL character, or a number "
                    "out of range); remove it and retry",
                )
            except Exception as exc:
                if context.code() not in (None, grpc.StatusCode.OK):
                    code = context.code()
                    raise
                if db.is_database_unavailable(exc):
                    # Postgres restarted under a pooled connection (the pool is invalidated), or
                    # it is down and refuses new ones: callers retry UNAVAILABLE (grpc_client),
                    # and the gateway answers 503 with Retry-After once their retries are spent.
                    code = grpc.StatusCode.UNAVAILABLE
                    log.warning("%s: the database is unavailable: %s", method, getattr(exc, "orig", exc))
                    context.abort(code, "the service cannot reach its database right now; retry shortly")
                code = grpc.StatusCode.INTERNAL
                log.exception("unhandled error in %s", method)
                context.abort(grpc.StatusCode.INTERNAL, "internal error; see the service log")
            finally:
                deadlines.reset(deadline)
                if token is not None:
                    identity.reset_principal(token)
                RPC_TOTAL.labels(method, code.name).inc()
                seconds.observe(time.perf_counter() - started)

        return grpc.unary_unary_rpc_method_handler(
            wrapped,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )


class _CallDetails(NamedTuple):
    method: str
    invocation_metadata: tuple


class GrpcServer:
    def __init__(
        self,
        *,
        bindings: list[ServiceBinding],
        port: int,
        host: str = "127.0.0.1",
        key_ring: KeyRing,
        public_methods: Iterable[str] = (),
        is_revoked: Callable[[Principal], bool] = lambda _principal: False,
        policy: MethodPolicy | None = None,
        audit_sink: audit.AuditSink | None = None,
        audit_source: str = "",
        unaudited_methods: Iterable[str] = (),
        max_workers: int = 16,
        probe: Callable[[], str | None] | None = None,
        probe_interval: float = PROBE_INTERVAL_SECONDS,
    ) -> None:
        """`probe`: None while what the service needs answers (its database), else why not; run
        every `probe_interval` seconds, it turns the health service NOT_SERVING while it fails,
        so readiness (the gateway's `/readyz`, a Kubernetes probe) fails with it."""
        self._probe = probe
        self._probe_interval = probe_interval
        self._stopping = threading.Event()
        self._probing: threading.Thread | None = None
        self._interceptor = _UnaryInterceptor(
            key_ring=key_ring,
            public_methods=public_methods,
            is_revoked=is_revoked,
            policy=policy or MethodPolicy(),
            audit_sink=audit_sink,
            audit_source=audit_source,
            unaudited_methods=unaudited_methods,
        )
        self._server = grpc.server(
            futures.ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="grpc"),
            interceptors=[self._interceptor],
            options=[
                ("grpc.so_reuseport", 0),
                # Clients balance round-robin over the addresses DNS gave them (a headless Service
                # in Kubernetes) and re-resolve only when a connection closes. Ending each
                # connection after a few minutes lets them find pods added by a scale-out.
                ("grpc.max_connection_age_ms", MAX_CONNECTION_AGE_MS),
                ("grpc.max_connection_age_grace_ms", MAX_CONNECTION_AGE_GRACE_MS),
                # Accept the clients' keepalive pings (grpc_client: every 30 s); the default policy
                # answers pings more often than every 5 minutes with GOAWAY "too_many_pings".
                ("grpc.http2.min_recv_ping_interval_without_data_ms", 20_000),
                ("grpc.keepalive_permit_without_calls", 1),
            ],
        )
        self._health = health.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(self._health, self._server)
        # The methods as registered, for calls from this process when it hosts several services.
        registrar = grpc_inprocess.RecordingRegistrar(self._server)
        for binding in bindings:
            binding.register(binding.servicer, registrar)
        # Each method's handler as the interceptor wraps it, built once: an in-process call's handler.
        local_handlers = {
            method: self._interceptor.intercept_service(
                lambda _details, h=handler: h, _CallDetails(method, ())
            )
            for method, handler in registrar.handlers.items()
        }
        self._local = grpc_inprocess.LocalServer(host=host, handler=local_handlers.get)
        self._local_servers: grpc_inprocess.ProcessServers | None = None
        names = [b.name for b in bindings]
        reflection.enable_server_reflection(
            [*names, health.SERVICE_NAME, reflection.SERVICE_NAME], self._server
        )
        self._names = names
        self.port = self._server.add_insecure_port(f"{host}:{port}")
        if self.port == 0:
            raise RuntimeError(f"cannot listen on {host}:{port}")

    def set_serving(self, serving: bool) -> None:
        status = (
            health_pb2.HealthCheckResponse.SERVING if serving else health_pb2.HealthCheckResponse.NOT_SERVING
        )
        for name in ["", *self._names]:
            self._health.set(name, status)

    def start(self, local: grpc_inprocess.ProcessServers | None = None) -> None:
        """Serve; with `local` (a host of several services, ADR-107), also to its own clients
        in-process while serving."""
        self._server.start()
        self._local_servers = local
        if local is not None:
            local.register(self.port, self._local)
        self.set_serving(True)
        self._health.set(LIVENESS, health_pb2.HealthCheckResponse.SERVING)
        if self._probe is not None:
            self._probing = threading.Thread(target=self._keep_probing, name="health-probe", daemon=True)
            self._probing.start()
        log.info("gRPC listening on port %s", self.port)

    def _keep_probing(self) -> None:
        assert self._probe is not None
        failing: str | None = None
        while True:
            try:
                problem = self._probe()
            except Exception as exc:  # a probe that raises fails, it does not end the probing
                problem = f"the health probe failed: {exc}"
            if self._stopping.is_set():
                return
            if (problem is None) != (failing is None):
                # Logged once per change of state, not once per probe.
                if problem is not None:
                    log.warning("not serving: %s", problem)
                else:
                    log.info("serving again: %s", "the health probe passes")
                self.set_serving(problem is None)
            failing = problem
            if self._stopping.wait(self._probe_interval):
                return

    def stop(self, grace: float = 5.0) -> None:
        self._stopping.set()
        if self._local_servers is not None:
            self._local_servers.unregister(self.port, self._local)
        self.set_serving(False)
        self._health.set(LIVENESS, health_pb2.HealthCheckResponse.NOT_SERVING)
        self._server.stop(grace).wait()
        if self._probing is not None:
            self._probing.join(timeout=grace)


def build_server(
    settings: GrpcServiceSettings,
    *,
    bindings: list[ServiceBinding],
    revocations: redis.Redis,
    public_methods: Iterable[str] = (),
    policy: MethodPolicy | None = None,
    audit_sink: audit.AuditSink | None = None,
    unaudited_methods: Iterable[str] = (),
    database: Engine | None = None,
) -> GrpcServer:
    """A server for a service's settings: its port, its key ring, revocation checked in Redis,
    every method authorised by `policy` (by default: by its name, see `access`), and its health
    NOT_SERVING while `database` is unreachable."""
    return GrpcServer(
        bindings=bindings,
        host=settings.grpc_host,
        port=settings.grpc_port,
        key_ring=settings.key_ring(),
        public_methods=public_methods,
        is_revoked=revocation.RevocationChecker(revocations),
        policy=policy,
        audit_sink=audit_sink,
        audit_source=getattr(audit_sink, "source", ""),
        unaudited_methods=unaudited_methods,
        max_workers=settings.grpc_max_workers,
        probe=None if database is None else functools.partial(db.reachable, database),
    )


@contextmanager
def serving_locally(binding: ServiceBinding, *, key_ring: KeyRing) -> Iterator[str]:
    """One servicer on a free loopback port, for tests and tools; yields its target."""
    server = GrpcServer(bindings=[binding], port=0, key_ring=key_ring)
    server.start()
    try:
        yield f"127.0.0.1:{server.port}"
    finally:
        server.stop(grace=0)
