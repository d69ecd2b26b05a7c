"""Integrations use cases: credentials (write-only secrets, envelope-encrypted), the connector
catalogue, invoking an action, testing a credential, and rotating the master key."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import grpc
import httpx
import orjson
from jobsprint.common import envelope
from jobsprint.common.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    ServiceError,
)
from jobsprint.common.outbound import OutboundPolicy
from jobsprint.common.redaction import Masker
from jobsprint.common.tokens import Principal
from jobsprint.integrations.adapters.orm import credentials, data_keys
from jobsprint.integrations.domain.connector import (
    Action,
    ActionContext,
    ActionError,
    ActionResult,
    Budget,
    Cache,
    Connector,
    Credential,
    Limits,
    RateLimited,
)
from jobsprint.integrations.domain.credential_types import CredentialType, check, credential_type
from prometheus_client import Counter, Histogram
from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

ACTIONS = Counter(
    "jobsprint_integration_actions_total", "Actions invoked", ["connector", "action", "outcome"]
)
ACTION_SECONDS = Histogram("jobsprint_integration_action_seconds", "Action latency", ["connector"])
MAX_PAGE_SIZE = 100
MAX_JSON_BYTES = 1024 * 1024
UPDATABLE = frozenset({"name", "config", "secret"})
MAX_BATCH = 500


@dataclass
class IntegrationsContext:
    sessions: sessionmaker[Session]
    master_keys: envelope.MasterKeyRing
    policy: OutboundPolicy
    limits: Limits
    cache: Cache
    budget: Budget
    connectors: Mapping[str, Connector]
    http: Callable[..., httpx.Client]
    max_concurrent_actions: int = 8
    _gates: dict[str, threading.BoundedSemaphore] = field(default_factory=dict)
    _gates_lock: threading.Lock = field(default_factory=threading.Lock)
    data_keys: envelope.DataKeys = field(init=False)

    def __post_init__(self) -> None:
        self.data_keys = envelope.DataKeys(self.master_keys, data_keys)

    @contextmanager
    def gate(self, connector: str) -> Iterator[None]:
        """At most `max_concurrent_actions` calls of one connector at once in this process."""
        with self._gates_lock:
            gate = self._gates.setdefault(connector, threading.BoundedSemaphore(self.max_concurrent_actions))
        if not gate.acquire(timeout=self.limits.http_timeout_seconds):
            raise ServiceError(
                f"too many {connector} actions are running; retry shortly",
                [],
                grpc.StatusCode.RESOURCE_EXHAUSTED,
            )
        try:
            yield
        finally:
            gate.release()


# --- credentials -------------------------------------------------------------------------------


def _json_object(raw: bytes, *, field_name: str, required: bool) -> dict[str, Any]:
    if not raw:
        if required:
            raise InvalidArgument(f"`{field_name}` is required", [FieldViolation(field_name, "required")])
        return {}
    if len(raw) > MAX_JSON_BYTES:
        raise InvalidArgument(f"`{field_name}` is larger than {MAX_JSON_BYTES} bytes")
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        # The decoder's message may quote the input; a secret's must not be echoed.
        raise InvalidArgument(
            f"`{field_name}` is not JSON", [FieldViolation(field_name, "must be a JSON object")]
        ) from exc
    if not isinstance(value, dict):
        raise InvalidArgument(f"`{field_name}` must be a JSON object", [FieldViolation(field_name, "object")])
    return value


def _check_name(name: str) -> str:
    if not name.strip() or len(name) > 200:
        raise InvalidArgument("the credential needs a name", [FieldViolation("name", "1 to 200 characters")])
    return name.strip()


def _parse_id(credential_id: str) -> str:
    try:
        return str(uuid.UUID(credential_id))
    except ValueError as exc:
        raise NotFound(f"no credential {credential_id!r} in this workspace") from exc


def _load(session: Session, principal: Principal, credential_id: str) -> Row[Any]:
    row = session.execute(
        select(credentials).where(
            credentials.c.id == _parse_id(credential_id), credentials.c.workspace_id == principal.workspace_id
        )
    ).first()
    if row is None:
        raise NotFound(f"no credential {credential_id!r} in this workspace")
    return row


def _seal(
    session: Session,
    ctx: IntegrationsContext,
    *,
    workspace_id: str,
    credential_id: str,
    secret: dict[str, Any],
) -> bytes:
    key = ctx.data_keys.for_workspace(session, workspace_id)
    return envelope.seal(key, orjson.dumps(secret), binding=_binding(workspace_id, credential_id))


def _binding(workspace_id: str, credential_id: str) -> envelope.Binding:
    """A secret opens only in its own credential's row of its own workspace (ADR-045)."""
    return envelope.Binding("credential", workspace_id, credential_id)


def create_credential(
    ctx: IntegrationsContext, *, principal: Principal, name: str, type_: str, config: bytes, secret: bytes
) -> Row[Any]:
    kind = credential_type(type_)
    config_value = _json_object(config, field_name="config", required=False)
    secret_value = _json_object(secret, field_name="secret", required=True)
    check(kind.config_schema, config_value, path="config")
    check(kind.secret_schema, secret_value, path="secret", redact=True)
    credential_id = str(uuid.uuid4())
    try:
        with ctx.sessions.begin() as session:
            sealed = _seal(
                session,
                ctx,
                workspace_id=principal.workspace_id,
                credential_id=credential_id,
                secret=secret_value,
            )
            session.execute(
                insert(credentials).values(
                    id=credential_id,
                    workspace_id=principal.workspace_id,
                    name=_check_name(name),
                    type=kind.name,
                    config=config_value,
                    secret_fields=sorted(secret_value),
                    secret_ciphertext=sealed,
                )
            )
            return _load(session, principal, credential_id)
    except IntegrityError as exc:
        raise AlreadyExists(f"a credential named {name.strip()!r} already exists in this workspace") from exc


def get_credential(ctx: IntegrationsContext, *, principal: Principal, credential_id: str) -> Row[Any]:
    with ctx.sessions() as session:
        return _load(session, principal, credential_id)


def list_credentials(
    ctx: IntegrationsContext, *, principal: Principal, page_size: int, page_token: str, type_: str
) -> tuple[list[Row[Any]], str]:
    """Credentials ordered by name; the page token is the last name of the previous page."""
    size = min(page_size or 50, MAX_PAGE_SIZE)
    query = select(credentials).where(credentials.c.workspace_id == principal.workspace_id)
    if type_:
        query = query.where(credentials.c.type == type_)
    if page_token:
        query = query.where(credentials.c.name > page_token)
    with ctx.sessions() as session:
        rows = list(session.execute(query.order_by(credentials.c.name).limit(size + 1)))
    return rows[:size], (rows[size - 1].name if len(rows) > size else "")


def batch_get_credentials(
    ctx: IntegrationsContext, *, principal: Principal, ids: Sequence[str], names: Sequence[str]
) -> list[Row[Any]]:
    """The workspace's credentials with any of `ids` or `names`, ordered by name. What matches
    nothing is simply absent: the caller names every missing reference at once."""
    if len(ids) > MAX_BATCH or len(names) > MAX_BATCH:
        raise InvalidArgument(
            f"ask for at most {MAX_BATCH} ids and {MAX_BATCH} names at once",
            [FieldViolation("ids" if len(ids) > MAX_BATCH else "names", f"at most {MAX_BATCH}")],
        )
    wanted_ids = set()
    for credential_id in ids:
        try:
            wanted_ids.add(str(uuid.UUID(credential_id)))
        except ValueError:
            continue  # not an id, so no credential has it
    wanted_names = {n for n in names if n}
    if not wanted_ids and not wanted_names:
        return []
    query = (
        select(credentials)
        .where(
            credentials.c.workspace_id == principal.workspace_id,
            or_(credentials.c.id.in_(wanted_ids), credentials.c.name.in_(wanted_names)),
        )
        .order_by(credentials.c.name)
    )
    with ctx.sessions() as session:
        return list(session.execute(query))


def update_credential(
    ctx: IntegrationsContext,
    *,
    principal: Principal,
    credential_id: str,
    name: str,
    config: bytes,
    secret: bytes,
    mask: Sequence[str],
) -> Row[Any]:
    paths = set(mask) or {p for p, v in (("name", name), ("config", config), ("secret", secret)) if v}
    if not paths or paths - UPDATABLE:
        raise InvalidArgument(
            "say what to update",
            [FieldViolation("update_mask", "a non-empty subset of name, config, secret")],
        )
    try:
        with ctx.sessions.begin() as session:
            row = _load(session, principal, credential_id)
            kind = credential_type(row.type)
            values: dict[str, Any] = {"updated_at": func.now()}
            if "name" in paths:
                values["name"] = _check_name(name)
            if "config" in paths:
                config_value = _json_object(config, field_name="config", required=False)
                check(kind.config_schema, config_value, path="config")
                _require_secret_to_move(kind, row, config_value, secret_given="secret" in paths)
                values["config"] = config_value
            if "secret" in paths:
                secret_value = _json_object(secret, field_name="secret", required=True)
                check(kind.secret_schema, secret_value, path="secret", redact=True)
                values["secret_fields"] = sorted(secret_value)
                values["secret_ciphertext"] = _seal(
                    session,
                    ctx,
                    workspace_id=principal.workspace_id,
                    credential_id=row.id,
                    secret=secret_value,
                )
            session.execute(update(credentials).where(credentials.c.id == row.id).values(**values))
            return _load(session, principal, credential_id)
    except IntegrityError as exc:
        raise AlreadyExists(f"a credential named {name.strip()!r} already exists in this workspace") from exc


def _require_secret_to_move(
    kind: CredentialType, row: Row[Any], config: dict[str, Any], *, secret_given: bool
) -> None:
    """A change of where the secret is sent (a base URL, a host, a token URL, the hosts it may
    go to) must come with the secret: no role can read a secret, so none may send the stored
    one somewhere new (ADR-067)."""
    moved = kind.moved_destinations(dict(row.config), config)
    if moved and row.secret_fields and not secret_given:
        fields = ", ".join(f"config.{name}" for name in moved)
        raise InvalidArgument(
            f"changing {fields} sends this credential's secret to a new destination: "
            "send the secret again in the same request",
            [
                FieldViolation(
                    "secret",
                    f"required when {fields} changes: enter {', '.join(row.secret_fields)} again",
                )
            ],
        )


def delete_credential(ctx: IntegrationsContext, *, principal: Principal, credential_id: str) -> None:
    with ctx.sessions.begin() as session:
        row = _load(session, principal, credential_id)
        session.execute(delete(credentials).where(credentials.c.id == row.id))


def decrypted_credential(ctx: IntegrationsContext, *, principal: Principal, credential_id: str) -> Credential:
    """The credential with its secret opened: one query for the row and its workspace's wrapped
    data key (a credential's data key exists: it was made when the secret was sealed)."""
    query = (
        select(credentials, data_keys.c.master_kid, data_keys.c.wrapped_key)
        .join(data_keys, data_keys.c.workspace_id == credentials.c.workspace_id)
        .where(
            credentials.c.id == _parse_id(credential_id), credentials.c.workspace_id == principal.workspace_id
        )
    )
    with ctx.sessions() as session:
        row = session.execute(query).first()
    if row is None:
        raise NotFound(f"no credential {credential_id!r} in this workspace")
    try:
        key = ctx.data_keys.unwrap(principal.workspace_id, row.master_kid, row.wrapped_key)
        plaintext = envelope.open_sealed(
            key, row.secret_ciphertext, binding=_binding(principal.workspace_id, row.id)
        )
    except envelope.DecryptionFailed as exc:
        log.error("credential %s does not decrypt: %s", row.id, exc)
        raise FailedPrecondition(
            f"credential {row.id} cannot be decrypted ({exc}); if it was tampered with or moved, "
            "set its secret again"
        ) from exc
    return Credential(id=row.id, type=row.type, config=row.config, secret=orjson.loads(plaintext))


# --- connectors and actions --------------------------------------------------------------------


def _connector(ctx: IntegrationsContext, name: str) -> Connector:
    connector = ctx.connectors.get(name)
    if connector is None:
        raise NotFound(f"no connector {name!r}; the catalogue has {', '.join(sorted(ctx.connectors))}")
    return connector


def _action(connector: Connector, name: str) -> Action:
    for action in connector.actions:
        if action.name == name:
            return action
    names = ", ".join(a.name for a in connector.actions)
    raise NotFound(f"connector {connector.name!r} has no action {name!r}; it has {names}")


def _action_context(
    ctx: IntegrationsContext, principal: Principal, credential: Credential | None, idempotency_key: str
) -> ActionContext:
    return ActionContext(
        workspace_id=principal.workspace_id,
        credential=credential,
        idempotency_key=idempotency_key,
        policy=ctx.policy,
        limits=ctx.limits,
        http=ctx.http,
        cache=ctx.cache,
        budget=ctx.budget,
        masker=masker_for(credential),
    )


# Credential types whose secret travels in `Authorization` (Bearer or Basic).
_AUTHORIZATION_TYPES = frozenset({"bearer", "basic", "oauth2_client_credentials", "ai_provider", "mcp"})


def masker_for(credential: Credential | None) -> Masker:
    """What must not leave the service from a call with `credential`: its secret values and
    their encodings, basic auth's `user:password` token, and the headers it authenticates with."""
    masker = Masker()
    if credential is None:
        return masker
    for value in credential.secret.values():
        masker.add_secret(value)
    if credential.type == "basic":
        masker.add_basic_auth(str(credential.config.get("username", "")), str(credential.secret["password"]))
    if credential.type in _AUTHORIZATION_TYPES:
        masker.add_header("authorization")
    if credential.type == "api_key":
        masker.add_header(str(credential.config.get("header") or "X-API-Key"))
    return masker


@contextmanager
def _masked_errors(masker: Masker) -> Iterator[None]:
    """An action's failure leaves with the call's secrets masked in its message."""
    try:
        yield
    except ActionError as error:
        error.message = masker.text(error.message)
        error.args = (error.message,)
        raise


def _credential_for(
    ctx: IntegrationsContext, principal: Principal, connector: Connector, credential_id: str
) -> Credential | None:
    if not credential_id:
        if connector.credential_required:
            raise InvalidArgument(
                f"connector {connector.name!r} needs a credential",
                [
                    FieldViolation(
                        "credential_id", f"a credential of type {' or '.join(connector.credential_types)}"
                    )
                ],
            )
        return None
    credential = decrypted_credential(ctx, principal=principal, credential_id=credential_id)
    if credential.type not in connector.credential_types:
        raise InvalidArgument(
            f"connector {connector.name!r} cannot use a {credential.type!r} credential",
            [
                FieldViolation(
                    "credential_id",
                    f"a credential of type {' or '.join(connector.credential_types) or 'none'}",
                )
            ],
        )
    return credential


def _service_error(error: ActionError) -> ServiceError:
    if isinstance(error, RateLimited):
        code = grpc.StatusCode.RESOURCE_EXHAUSTED
    elif error.retryable:
        code = grpc.StatusCode.UNAVAILABLE
    else:
        code = grpc.StatusCode.FAILED_PRECONDITION
    return ServiceError(error.message, [], code)


def invoke_action(
    ctx: IntegrationsContext,
    *,
    principal: Principal,
    connector_name: str,
    action_name: str,
    parameters: bytes,
    credential_id: str,
    idempotency_key: str,
) -> ActionResult:
    connector = _connector(ctx, connector_name)
    values = _json_object(parameters, field_name="parameters", required=False)
    if connector.name == "mcp" and action_name not in {a.name for a in connector.actions}:
        # A tool of the server, called by its own name: the parameters are its arguments.
        values, action_name = {"tool": action_name, "arguments": values}, "call_tool"
    action = _action(connector, action_name)
    check(dict(action.parameters_schema), values, path="parameters")
    credential = _credential_for(ctx, principal, connector, credential_id)
    action_ctx = _action_context(ctx, principal, credential, idempotency_key)
    masker = action_ctx.masker
    timer = ACTION_SECONDS.labels(connector.name).time()
    with ctx.gate(connector.name), timer:
        try:
            with _masked_errors(masker):
                result = connector.invoke(action_ctx, action.name, values)
        except ActionError as error:
            ACTIONS.labels(connector.name, action.name, "retryable" if error.retryable else "permanent").inc()
            log.info("%s.%s failed: %s", connector.name, action.name, error.message)
            raise _service_error(error) from error
    ACTIONS.labels(connector.name, action.name, "cached" if result.cached else "ok").inc()
    if masker:
        # Outside servers echo what they were sent (errors, debug endpoints): the step's output
        # must not carry the credential, in any encoding (ADR-066).
        result = ActionResult(masker.mask(result.output), result.usage, result.cached)
    return result


def try_credential(
    ctx: IntegrationsContext, *, principal: Principal, credential_id: str, url: str
) -> tuple[bool, str]:
    """Try the credential; the answer's message is masked like an action's output, since its
    caller may be anyone allowed to run workflows (ADR-066)."""
    credential = decrypted_credential(ctx, principal=principal, credential_id=credential_id)
    connector = next((c for c in ctx.connectors.values() if credential.type in c.credential_types), None)
    if connector is None:
        return False, f"no connector uses {credential.type!r} credentials"
    action_ctx = _action_context(ctx, principal, credential, "")
    try:
        with _masked_errors(action_ctx.masker):
            return True, action_ctx.masker.text(connector.test(action_ctx, url))
    except ActionError as error:
        return False, error.message


@dataclass(frozen=True)
class ConnectorView:
    """A connector as the catalogue shows it; an MCP server's tools become actions of their own."""

    name: str
    description: str
    credential_types: tuple[str, ...]
    credential_required: bool
    actions: tuple[Action, ...]


def list_connectors(
    ctx: IntegrationsContext, *, principal: Principal, mcp_credential_id: str = ""
) -> list[ConnectorView]:
    views = [
        ConnectorView(
            c.name, c.description, tuple(c.credential_types), c.credential_required, tuple(c.actions)
        )
        for c in sorted(ctx.connectors.values(), key=lambda c: c.name)
    ]
    mcp = ctx.connectors.get("mcp")
    if not mcp_credential_id or mcp is None:
        return views
    credential = _credential_for(ctx, principal, mcp, mcp_credential_id)
    action_ctx = _action_context(ctx, principal, credential, "")
    try:
        with _masked_errors(action_ctx.masker):
            tools = action_ctx.masker.mask(mcp.tools(action_ctx))  # type: ignore[attr-defined]
    except ActionError as error:
        raise _service_error(error) from error
    tool_actions = tuple(
        Action(t["name"], t["description"], t["input_schema"], {"type": "object"}) for t in tools
    )
    return [
        ConnectorView(
            v.name, v.description, v.credential_types, v.credential_required, v.actions + tool_actions
        )
        if v.name == "mcp"
        else v
        for v in views
    ]


# --- operations --------------------------------------------------------------------------------


def rotate_master_key(ctx: IntegrationsContext) -> envelope.RotationReport:
    """Rewrap every data key that is not under the current master key, while serving (ADR-045)."""
    return ctx.data_keys.rewrap_all(ctx.sessions)
