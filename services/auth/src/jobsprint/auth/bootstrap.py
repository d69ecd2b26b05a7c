"""The composition root of the auth service: the one place concrete adapters are chosen and wired
into the use cases' dependencies. Tests call `wire` with their own parts; `start` is what
`python -m jobsprint.auth` serves (and `python -m jobsprint.node` hosts)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor

import argon2
import redis
from jobsprint.auth.adapters.audit_store import SqlAuditLog
from jobsprint.auth.adapters.revocations import DurableRevocations
from jobsprint.auth.adapters.security import Argon2Passwords, owasp_hasher
from jobsprint.auth.adapters.unit_of_work import SqlUnitOfWork
from jobsprint.auth.config import Settings
from jobsprint.auth.entrypoints import grpc_api
from jobsprint.auth.entrypoints.audit_consumer import AuditConsumer
from jobsprint.auth.service import auditing
from jobsprint.auth.service.dependencies import Dependencies
from jobsprint.auth.service.ports import AuditLog
from jobsprint.auth.service.tokens import Tokens
from jobsprint.common import audit, db, redis_clients, service
from jobsprint.common.grpc_inprocess import ProcessServers
from jobsprint.common.grpc_server import GrpcServer
from jobsprint.common.grpc_server import build_server as build_grpc_server
from jobsprint.common.tokens import KeyRing
from sqlalchemy import Engine


def wire(
    *,
    engine: Engine,
    key_ring: KeyRing,
    redis_client: redis.Redis,
    hasher: argon2.PasswordHasher,
    access_token_ttl: int,
    session_ttl: int,
    api_key_token_ttl: int = 300,
    operator_emails: frozenset[str] = frozenset(),
    background: Executor | None = None,
) -> Dependencies:
    """The use cases' dependencies over `engine` and `redis_client`, every other part explicit."""
    sessions = db.make_session_factory(engine)
    return Dependencies(
        uow=lambda: SqlUnitOfWork(sessions),
        passwords=Argon2Passwords(hasher),
        tokens=Tokens(
            key_ring=key_ring,
            revocations=DurableRevocations(engine, redis_client),
            access_token_ttl=access_token_ttl,
            session_ttl=session_ttl,
            api_key_token_ttl=api_key_token_ttl,
            operator_emails=operator_emails,
        ),
        audit_log=SqlAuditLog(engine),
        background=background or ThreadPoolExecutor(max_workers=1, thread_name_prefix="auth-background"),
    )


def dependencies(settings: Settings, engine: Engine, redis_client: redis.Redis) -> Dependencies:
    return wire(
        engine=engine,
        key_ring=settings.key_ring(),
        redis_client=redis_client,
        hasher=owasp_hasher(),
        access_token_ttl=settings.access_token_ttl_seconds,
        session_ttl=settings.session_ttl_seconds,
        api_key_token_ttl=settings.api_key_token_ttl_seconds,
        operator_emails=settings.operators(),
    )


class AuditSink:
    """Audit records of the auth service's own calls go straight into its table."""

    source = auditing.AUDIT_SOURCE

    def __init__(self, log: AuditLog) -> None:
        self._log = log

    def __call__(self, record: audit.AuditRecord) -> None:
        self._log.append_now([record])


def build_server(
    settings: Settings, deps: Dependencies, redis_client: redis.Redis, engine: Engine
) -> GrpcServer:
    return build_grpc_server(
        settings,
        bindings=[grpc_api.binding(deps)],
        database=engine,
        revocations=redis_client,
        public_methods=grpc_api.PUBLIC_METHODS,
        policy=grpc_api.POLICY,
        audit_sink=AuditSink(deps.audit_log),
    )


def start(settings: Settings, local: ProcessServers | None = None) -> Callable[[], None]:
    """Serve gRPC and store other services' audit events; returns what stops them."""
    engine = db.make_engine(settings.database_url, pool_size=settings.db_pool_size)
    redis_client = redis_clients.client(settings.redis_url)
    deps = dependencies(settings, engine, redis_client)
    consumer = AuditConsumer(audit_log=deps.audit_log, amqp_url=settings.amqp_url)
    consumer.start()
    # Redis restarted empty: the revocation list is loaded from Postgres again within a second.
    stopping = threading.Event()
    threading.Thread(
        target=DurableRevocations(engine, redis_client).keep_loaded,
        args=(stopping,),
        name="revocations",
        daemon=True,
    ).start()
    server = build_server(settings, deps, redis_client, engine)
    server.start(local)

    def stop() -> None:
        server.stop(service.STOP_GRACE_SECONDS)
        stopping.set()
        consumer.stop()

    return stop
