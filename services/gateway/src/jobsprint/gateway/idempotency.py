"""`Idempotency-Key` on creating POSTs (ADR-042).

A route opts in with `dependencies=[Idempotent]`. With the header, the first request claims the
key in Redis (scoped to the caller's workspace and identity), runs, and its response (status,
body, and the headers that matter) is kept for 24 h; a retry with the same key and the same
request gets that response again (`Idempotent-Replayed: true`) without running anything. The
same key with a different request is 422; a retry while the first is still running is 409.

The dependency decides before the route runs; `IdempotencyMiddleware` records what the route
answered. Answers of 500 and above are not kept (the claim is released), so a retry runs again.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import uuid
from dataclasses import dataclass
from typing import Annotated, Any

import orjson
import redis.asyncio as aioredis
from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import Response
from jobsprint.gateway.api.deps import CurrentPrincipal, State
from jobsprint.gateway.problems import Problem
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
# Printable ASCII; HTTP strips the spaces a value starts or ends with.
KEY_PATTERN = "^[!-~]([ -~]*[!-~])?$"
# Headers a replay repeats; others (rate limits, dates) belong to the request that gets them.
KEPT_HEADERS = frozenset({"content-type", "location", "etag"})
STATE_KEY = "idempotency_claim"

# Complete or release only a claim this request still holds (its lock may have lapsed and been
# taken by a retry meanwhile).
_COMPLETE = """
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current)['owner'] == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  return 1
end
return 0
"""
_RELEASE = """
local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current)['owner'] == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


@dataclass(frozen=True)
class Claim:
    """This request holds the key: what it answers is stored under it."""

    redis: aioredis.Redis
    key: str
    owner: str
    fingerprint: str
    ttl_seconds: int

    async def complete(self, *, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        record = orjson.dumps(
            {
                "owner": self.owner,
                "state": "done",
                "fingerprint": self.fingerprint,
                "status": status,
                "headers": [[name, value] for name, value in headers if name.lower() in KEPT_HEADERS],
                "body": base64.b64encode(body).decode(),
            }
        )
        try:
            await self.redis.eval(_COMPLETE, 1, self.key, self.owner, record, self.ttl_seconds)  # type: ignore[misc]
        except aioredis.RedisError as exc:
            # The answer still goes out; a retry meets the in-flight claim (409) until it lapses.
            log.warning("cannot store the response for an Idempotency-Key: %s", exc)

    async def release(self) -> None:
        try:
            await self.redis.eval(_RELEASE, 1, self.key, self.owner)  # type: ignore[misc]
        except aioredis.RedisError as exc:
            log.warning("cannot release an Idempotency-Key: %s", exc)


class Replay(Exception):
    """The stored answer of the first request with this key."""

    def __init__(self, record: dict[str, Any]) -> None:
        super().__init__("idempotent replay")
        self.record = record

    def response(self) -> Response:
        response = Response(content=base64.b64decode(self.record["body"]), status_code=self.record["status"])
        for name, value in self.record["headers"]:
            response.headers[name] = value
        response.headers[REPLAYED_HEADER] = "true"
        return response


def _fingerprint(request: Request, body: bytes) -> str:
    """The request a key was first used for: method, path, query and body (JSON compared by value,
    so the same object sent with other spacing or key order is the same request)."""
    try:
        canonical = orjson.dumps(orjson.loads(body), option=orjson.OPT_SORT_KEYS) if body else b""
    except orjson.JSONDecodeError:
        canonical = body
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.url.path.encode(), request.url.query.encode(), canonical):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _check_key(key: str) -> None:
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise Problem(
            400,
            f"{HEADER} must be 1 to {MAX_KEY_LENGTH} printable ASCII characters; a UUID is a good choice",
            title="Invalid Idempotency-Key",
        )


async def idempotent(
    request: Request,
    principal: CurrentPrincipal,
    state: State,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias=HEADER,
            description="Makes a retry safe: a request repeated with the same key (within 24 h) gets "
            "the first one's response instead of running again. Use a new UUID per operation.",
            json_schema_extra={"minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": KEY_PATTERN},
        ),
    ] = None,
) -> None:
    if idempotency_key is None:
        return
    _check_key(idempotency_key)
    fingerprint = _fingerprint(request, await request.body())
    # Scoped to the caller: another principal's identical key is another key.
    scope = hashlib.sha256(
        f"{principal.workspace_id}\0{principal.kind}\0{principal.user_id}\0{idempotency_key}".encode()
    ).hexdigest()
    key = f"jobsprint:idempotency:{scope}"
    owner = uuid.uuid4().hex
    settings = state.settings
    try:
        for _attempt in range(3):
            marker = orjson.dumps({"owner": owner, "state": "in_flight", "fingerprint": fingerprint})
            if await state.redis.set(key, marker, nx=True, ex=settings.idempotency_lock_seconds):
                request.scope.setdefault("state", {})[STATE_KEY] = Claim(
                    state.redis, key, owner, fingerprint, settings.idempotency_ttl_seconds
                )
                return
            raw = await state.redis.get(key)
            if raw is not None:
                break  # otherwise it expired just now: claim again
        else:
            raise aioredis.RedisError("the key kept changing hands")
    except aioredis.RedisError as exc:
        # Without Redis a retry cannot be recognised: refuse rather than risk running it twice.
        raise Problem(
            503,
            f"cannot check the {HEADER} right now; retry shortly with the same key",
            headers={"Retry-After": "1"},
        ) from exc
    record = orjson.loads(raw)
    if record["fingerprint"] != fingerprint:
        raise Problem(
            422,
            f"this {HEADER} was already used for a different request (another method, path, query or "
            "body); use a new key for a new operation",
            title="Idempotency-Key reused",
        )
    if record["state"] != "done":
        raise Problem(
            409,
            f"a request with this {HEADER} is still being processed; retry after it has finished to "
            "get its response",
            title="Request in progress",
            headers={"Retry-After": "1"},
        )
    raise Replay(record)


Idempotent = Depends(idempotent)


class IdempotencyMiddleware:
    """Records the answer of a request that claimed its key, before the last byte goes out, so a
    retry sent the moment the first answer arrives already finds it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        started: dict[str, Any] = {}
        chunks: list[bytes] = []
        settled = False

        async def recording_send(message: Message) -> None:
            nonlocal settled
            claim: Claim | None = scope.get("state", {}).get(STATE_KEY)
            if claim is None or settled:
                await send(message)
                return
            if message["type"] == "http.response.start":
                started.update(status=message["status"], headers=message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    settled = True
                    status = int(started.get("status", 500))
                    if status >= 500:
                        await claim.release()
                    else:
                        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in started["headers"]]
                        await claim.complete(status=status, headers=headers, body=b"".join(chunks))
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            claim = scope.get("state", {}).get(STATE_KEY)
            if claim is not None and not settled:
                # The route failed before answering (the error handler outside answers 500).
                await claim.release()


def install(app: FastAPI) -> None:
    """Replays answered from the stored record, and the middleware that records first answers.
    (`openapi.build` documents the header's statuses on every operation that takes it.)"""

    @app.exception_handler(Replay)
    async def _replay(request: Request, exc: Replay) -> Response:
        return exc.response()

    app.add_middleware(IdempotencyMiddleware)
