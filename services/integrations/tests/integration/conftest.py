"""The integrations service over real gRPC, Postgres and Redis, and local servers speaking the
outside protocols (HTTP with every credential type, a Slack-compatible webhook, SMTP, an
OpenAI-compatible endpoint), all started by the tests."""

from __future__ import annotations

import base64
import functools
import http.server
import ipaddress
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import grpc
import orjson
import pytest
import redis
from jobsprint.api.integrations.v1 import integrations_pb2, integrations_pb2_grpc
from jobsprint.common import db
from jobsprint.common.envelope import MasterKeyRing
from jobsprint.common.grpc_server import serving_locally
from jobsprint.common.outbound import OutboundPolicy
from jobsprint.common.tokens import KeyRing
from jobsprint.integrations import bootstrap
from jobsprint.integrations.adapters.stores import RedisCache
from jobsprint.integrations.domain.connector import Limits
from jobsprint.integrations.entrypoints import grpc_api
from jobsprint.integrations.service.dependencies import Dependencies
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

RING = KeyRing(keys={"k1": "i" * 40}, current_kid="k1", issuer="jobsprint", audience="jobsprint")
MASTER_A = base64.b64encode(b"A" * 32).decode()
MASTER_B = base64.b64encode(b"B" * 32).decode()
LOOPBACK = OutboundPolicy(
    allow_networks=(ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))
)


def master_ring(current: str = "a", **keys: str) -> MasterKeyRing:
    return MasterKeyRing.from_base64(keys or {"a": MASTER_A}, current)


@dataclass
class Wired:
    """The service's dependencies as bootstrap wires them, over a database engine of their own."""

    deps: Dependencies
    engine: Engine

    @property
    def sessions(self) -> sessionmaker[Session]:
        """Sessions for tests that read or tamper with the tables directly."""
        return db.make_session_factory(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()


def build_context(
    it_env: dict[str, str],
    *,
    master_keys: MasterKeyRing | None = None,
    budget: int = 0,
    cache_ttl: int = 60,
    policy: OutboundPolicy = LOOPBACK,
) -> Wired:
    engine = db.make_engine(it_env["INTEGRATIONS_DATABASE_URL"], pool_size=2)
    deps = bootstrap.wire(
        engine=engine,
        master_keys=master_keys or master_ring(),
        policy=policy,
        limits=Limits(
            http_timeout_seconds=2,
            http_max_response_bytes=64 * 1024,
            smtp_timeout_seconds=5,
            ai_timeout_seconds=5,
            ai_cache_ttl_seconds=cache_ttl,
        ),
        cache=RedisCache(redis.Redis.from_url(it_env["JOBSPRINT_REDIS_URL"])),
        monthly_tokens=budget,
    )
    return Wired(deps, engine)


@dataclass
class Caller:
    """A user of one workspace, holding a gRPC stub and their token."""

    stub: integrations_pb2_grpc.IntegrationsServiceStub
    workspace_id: str
    token: str

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.token}"),)

    def __getattr__(self, method: str) -> Any:
        rpc = getattr(self.stub, method)
        return functools.partial(rpc, metadata=self.metadata, timeout=15)

    def create(self, type_: str, config: dict[str, Any], secret: dict[str, Any], name: str = "") -> Any:
        return self.CreateCredential(
            integrations_pb2.CreateCredentialRequest(
                name=name or f"{type_}-{uuid.uuid4().hex[:8]}",
                type=type_,
                config=orjson.dumps(config),
                secret=orjson.dumps(secret),
            )
        ).credential

    def invoke(
        self, connector: str, action: str, parameters: dict[str, Any], credential_id: str = "", **kw: Any
    ) -> Any:
        reply = self.InvokeAction(
            integrations_pb2.InvokeActionRequest(
                connector=connector,
                action=action,
                parameters=orjson.dumps(parameters),
                credential_id=credential_id,
                **kw,
            )
        )
        return reply


@pytest.fixture(scope="module")
def ctx(it_env: dict[str, str]) -> Iterator[Wired]:
    context = build_context(it_env)
    yield context
    context.dispose()


@pytest.fixture(scope="module")
def channel(ctx: Wired) -> Iterator[grpc.Channel]:
    with (
        serving_locally(grpc_api.binding(ctx.deps), key_ring=RING) as target,
        grpc.insecure_channel(target) as chan,
    ):
        yield chan


def make_caller(chan: grpc.Channel) -> Caller:
    workspace_id = str(uuid.uuid4())
    token, _ = RING.issue(
        subject=str(uuid.uuid4()), workspace_id=workspace_id, roles=["owner"], ttl_seconds=600
    )
    return Caller(integrations_pb2_grpc.IntegrationsServiceStub(chan), workspace_id, token)


@pytest.fixture
def caller(channel: grpc.Channel) -> Caller:
    return make_caller(channel)


@pytest.fixture
def stranger(channel: grpc.Channel) -> Caller:
    return make_caller(channel)


# --- a local HTTP server: echo, every credential type, redirects, big and failing answers -----------


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeWeb:
    port: int
    requests: list[Recorded] = field(default_factory=list)
    oauth_token: str = "oauth-access-token-1"
    chat_posts: list[Any] = field(default_factory=list)
    ai_requests: list[Any] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def _handler(web: FakeWeb) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _reply(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            raw = body if isinstance(body, bytes) else orjson.dumps(body)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(raw)

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            record = Recorded(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            web.requests.append(record)
            path = self.path.split("?", 1)[0]
            if path == "/oauth/token":
                expected = "Basic " + base64.b64encode(b"client-1:client-secret-1").decode()
                if (
                    record.headers.get("authorization") != expected
                    or b"grant_type=client_credentials" not in body
                ):
                    return self._reply(401, {"error": "invalid_client"})
                return self._reply(
                    200, {"access_token": web.oauth_token, "token_type": "bearer", "expires_in": 3600}
                )
            if path == "/redirect":
                return self._reply(302, {}, {"Location": "/echo?redirected=1"})
            if path == "/redirect-elsewhere":
                return self._reply(302, {}, {"Location": f"http://localhost:{web.port}/echo?elsewhere=1"})
            if path == "/redirect-away":
                return self._reply(302, {}, {"Location": "http://169.254.169.254/latest/meta-data/"})
            if path == "/big":
                return self._reply(200, b"x" * (200 * 1024))
            if path.startswith("/status/"):
                return self._reply(int(path.rsplit("/", 1)[1]), {"error": "as asked"})
            if path == "/slow":
                time.sleep(3)
                return self._reply(200, {})
            if path == "/slack":
                web.chat_posts.append(orjson.loads(body))
                raw = b"ok"
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(raw)
                return None
            if path == "/v1/chat/completions":
                if record.headers.get("authorization") != "Bearer sk-test-key":
                    return self._reply(401, {"error": {"message": "bad key"}})
                request = orjson.loads(body)
                web.ai_requests.append(request)
                prompt = request["messages"][-1]["content"]
                return self._reply(
                    200,
                    {
                        "id": "chatcmpl-1",
                        "object": "chat.completion",
                        "model": request["model"],
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": f"echo: {prompt}"},
                                "finish_reason": "stop",
                            }
                        ],
                        "usage": {"prompt_tokens": 7, "completion_tokens": 5, "total_tokens": 12},
                    },
                )
            if path == "/v1/models":
                ok = record.headers.get("authorization") == "Bearer sk-test-key"
                return self._reply(200 if ok else 401, {"data": [{"id": "fake-model"}]})
            return self._reply(
                200,
                {"method": self.command, "path": self.path, "headers": record.headers, "body": body.decode()},
            )

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    return Handler


@pytest.fixture(scope="module")
def web() -> Iterator[FakeWeb]:
    fake = FakeWeb(port=0)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()


# --- a local SMTP server (aiosmtpd) with AUTH ---------------------------------------------------


@dataclass
class FakeSmtp:
    port: int
    messages: list[Message] = field(default_factory=list)
    envelopes: list[Any] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def smtp() -> Iterator[FakeSmtp]:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    fake = FakeSmtp(port=_free_port())

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            fake.envelopes.append(envelope)
            fake.messages.append(message_from_bytes(envelope.content))
            return "250 Message accepted for delivery"

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data == (b"mailer", b"smtp-password-1")
        return AuthResult(success=ok, handled=False)

    controller = Controller(
        Handler(),
        hostname="127.0.0.1",
        port=fake.port,
        authenticator=authenticator,
        auth_require_tls=False,
    )
    controller.start()
    yield fake
    controller.stop()


@pytest.fixture
def keys() -> tuple[Any, Any, str, str]:
    """What the key-rotation tests build contexts from: (build_context, master_ring, key a, key b)."""
    return build_context, master_ring, MASTER_A, MASTER_B
