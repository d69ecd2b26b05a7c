"""`Idempotency-Key` on creating POSTs (ADR-042, ADR-061).

A route opts in with `dependencies=[idempotent(Action.WRITE)]`, naming the action it is. With the
header, the caller is first authorised for that action, then the first request claims the key in
Redis (scoped to the caller's workspace and identity), runs, and its response (status, body, and
the headers that matter) is kept for 24 h; a retry with the same key and the same request gets
that response again (`Idempotent-Replayed: true`) without running anything — if the caller still
holds the rights it had when the key was first used. The same key with a different request is
422; a retry while the first is still running is 409.

Secrets never go into a record: a route names the fields of its answer that hold one
(`secret_fields`), and the record keeps the answer without them; a replay then answers 200 with
that record ("already created"), as the secret was shown once.

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
from jobsprint.common import access
from jobsprint.common.errors import PermissionDenied
from jobsprint.common.tokens import Principal
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
KEPT_HEADERS = frozenset({"content-type", "location", "etag", "x-execution-id"})
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


def _rights(principal: Principal) -> dict[str, Any]:
    """What the caller may do, to compare a replay's caller with the first request's."""
    return {
        "rank": max((access.rank(role) for role in principal.roles), default=0),
        "scopes": None if principal.scopes is None else sorted(principal.scopes),
    }


def _holds(principal: Principal, rights: dict[str, Any]) -> bool:
    """Whether the caller still holds every right it had when the key was first used."""
    now = _rights(principal)
    if now["rank"] < rights.get("rank", 0):
        return False
    first_scopes = rights.get("scopes")
    return first_scopes is None or now["scopes"] is None or set(first_scopes) <= set(now["scopes"])


def _without_secrets(body: bytes, fields: tuple[str, ...]) -> bytes:
    document = orjson.loads(body)
    if isinstance(document, dict):
        for name in fields:
            document.pop(name, None)
    return orjson.dumps(document)


@dataclass(frozen=True)
class Claim:
    """This request holds the key: what it answers is stored under it."""

    redis: aioredis.Redis
    key: str
    owner: str
    fingerprint: str
    ttl_seconds: int
    rights: dict[str, Any]
    secret_fields: tuple[str, ...] = ()
    # Statuses whose answer is kept; others release the key, so a retry runs again. None: every
    # answer below 500.
    kept_statuses: frozenset[int] | None = None

    def keeps(self, status: int) -> bool:
        return status < 500 if self.kept_statuses is None else status in self.kept_statuses

    async def complete(self, *, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        withheld = bool(self.secret_fields) and 200 <= status < 300
        if withheld:
            # The secret was shown once, in this answer; the record keeps the rest, and a replay
            # says "already created" (200) with it.
            body, status = _without_secrets(body, self.secret_fields), 200
        record = orjson.dumps(
            {
                "owner": self.owner,
                "state": "done",
                "fingerprint": self.fingerprint,
                "rights": self.rights,
                "status": status,
                "headers": [[name, value] for name, value in headers if name.lower() in KEPT_HEADERS],
                "body": base64.b64encode(body).decode(),
                "withheld": list(self.secret_fields) if withheld else [],
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


KeyHeader = Annotated[
    str | None,
    Header(
        alias=HEADER,
        description="Makes a retry safe: a request repeated with the same key (within 24 h) gets "
        "the first one's response instead of running again. Use a new UUID per operation.",
        json_schema_extra={"minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": KEY_PATTERN},
    ),
]


class Idempotent:
    """The dependency of a route that takes `Idempotency-Key`: `action` is what the route does
    (the action its service's method policy gives the RPC it calls), checked before any replay;
    `secret_fields` are the fields of its answer never kept."""

    def __init__(self, action: access.Action, *, secret_fields: tuple[str, ...] = ()) -> None:
        self.action = action
        self.secret_fields = secret_fields

    async def __call__(
        self, request: Request, principal: CurrentPrincipal, state: State, idempotency_key: KeyHeader = None
    ) -> None:
        if idempotency_key is None:
            return
        try:
            # Before the record is even looked at: a replay is an answer of the route, and gets
            # no further than the route would (a member demoted since gets 403, not the answer).
            access.authorize(principal, self.action)
        except PermissionDenied as exc:
            raise Problem(403, exc.message) from exc
        _check_key(idempotency_key)
        # Scoped to the caller: another principal's identical key is another key.
        identity = f"{principal.workspace_id}\0{principal.kind}\0{principal.user_id}"
        record = await _claim(
            request,
            state,
            identity,
            idempotency_key,
            rights=_rights(principal),
            secret_fields=self.secret_fields,
        )
        if record is not None:
            if not _holds(principal, record.get("rights", {})):
                raise Problem(
                    403,
                    "your role or scopes in this workspace changed since this Idempotency-Key was first "
                    "used; its answer is not yours to see any more",
                )
            raise Replay(record)


# A webhook's answers that mean a run was started (and so are kept): `async` 202, `wait` 200, and
# `wait` mode's 502 (the run failed) and 504 (still running). Refusals (401, 404, 405, 413, 422,
# 429, 503) started nothing, so a retry with the same key is tried again.
HOOK_KEPT_STATUSES = frozenset({200, 202, 502, 504})


class HookIdempotent:
    """`Idempotency-Key` on a webhook URL: the same key sent again to the same webhook gets the
    first answer (and the first run) instead of a second run. Scoped to the webhook's token, as the
    caller has no other identity; a rotated URL starts afresh."""

    async def __call__(self, request: Request, state: State, idempotency_key: KeyHeader = None) -> None:
        if idempotency_key is None:
            return
        _check_key(idempotency_key)
        identity = f"hook\0{request.path_params.get('token', '')}"
        record = await _claim(
            request, state, identity, idempotency_key, rights={}, kept_statuses=HOOK_KEPT_STATUSES
        )
        if record is not None:
            raise Replay(record)


def idempotent(action: access.Action, *, secret_fields: tuple[str, ...] = ()) -> Any:
    """`dependencies=[idempotent(Action.WRITE)]`: the route takes `Idempotency-Key`."""
    return Depends(Idempotent(action, secret_fields=secret_fields))


async def _claim(
    request: Request,
    state: Any,
    identity: str,
    idempotency_key: str,
    *,
    rights: dict[str, Any],
    secret_fields: tuple[str, ...] = (),
    kept_statuses: frozenset[int] | None = None,
) -> dict[str, Any] | None:
    """Claim the key of `identity` for this request (None: go on and run the route), or the
    finished record of the first request with it."""
    fingerprint = _fingerprint(request, await request.body())
    scope = hashlib.sha256(f"{identity}\0{idempotency_key}".encode()).hexdigest()
    key = f"jobsprint:idempotency:{scope}"
    owner = uuid.uuid4().hex
    settings = state.settings
    try:
        for _attempt in range(3):
            marker = orjson.dumps({"owner": owner, "state": "in_flight", "fingerprint": fingerprint})
            if await state.redis.set(key, marker, nx=True, ex=settings.idempotency_lock_seconds):
                request.scope.setdefault("state", {})[STATE_KEY] = Claim(
                    state.redis,
                    key,
                    owner,
                    fingerprint,
                    settings.idempotency_ttl_seconds,
                    rights,
                    secret_fields,
                    kept_statuses,
                )
                return None
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
    record: dict[str, Any] = orjson.loads(raw)
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
    return record


class IdempotencyMiddleware:
    """Records the answer of a request that claimed its key, before the last byte goes out, so a
    retry sent the moment the first answer arrives already finds it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Creating POSTs, and webhooks whatever their method; only a request that sends a key can
        # claim one (most webhook calls do not: their answers pass straight through).
        if (
            scope["type"] != "http"
            or (scope["method"] != "POST" and not scope["path"].startswith("/v1/hooks/"))
            or not any(name == b"idempotency-key" for name, _value in scope["headers"])
        ):
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
                    if not claim.keeps(status):
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
