"""Webhooks: the token that is the hook's URL (rotated by an editor), the optional HMAC signing
secret, and a hook request starting a run (ADR-069)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

import orjson
from jobsprint.common import definitions, jsondoc
from jobsprint.common.envelope import WorkspaceKeys
from jobsprint.common.errors import (
    FailedPrecondition,
    FieldViolation,
    Internal,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Unauthenticated,
)
from jobsprint.common.identity import is_service, service_principal
from jobsprint.common.tokens import KeyRing, Principal
from jobsprint.workflows.domain import triggers, webhooks
from jobsprint.workflows.domain.workflow import SIGNING_SECRET, MethodNotAllowed, WebhookRun, WorkflowView
from jobsprint.workflows.service.ports import Executor, WebhookTargets, WorkflowsUnitOfWork
from jobsprint.workflows.service.sealing import new_token, seal, unseal
from jobsprint.workflows.service.views import event, load

SERVICE_NAME = "workflows"


def rotate_webhook_token(
    uow: WorkflowsUnitOfWork, keys: WorkspaceKeys, *, principal: Principal, workflow_id: str
) -> WorkflowView:
    workspace_id = principal.workspace_id
    with uow:
        current = load(uow, keys, workspace_id=workspace_id, workflow_id=workflow_id, for_update=True)
        if current.row.trigger_type != triggers.WEBHOOK:
            # The workflow's state, not the request, is what is wrong: 409.
            raise FailedPrecondition(
                f"this workflow's trigger is {current.row.trigger_type}; only trigger.webhook workflows have a URL"
            )
        uow.workflows.update(
            workflow_id, new_token(keys, uow.data_keys, workspace_id=workspace_id, workflow_id=workflow_id)
        )
        uow.publish(event("workflow.updated", workflow_id, workspace_id, fields=["webhook_token"]))
        rotated = load(uow, keys, workspace_id=workspace_id, workflow_id=workflow_id)
        uow.commit()
    return rotated


def set_webhook_secret(
    uow: WorkflowsUnitOfWork, keys: WorkspaceKeys, *, principal: Principal, workflow_id: str, secret: str
) -> WorkflowView:
    if secret and not webhooks.MIN_SECRET_LENGTH <= len(secret) <= webhooks.MAX_SECRET_LENGTH:
        raise InvalidArgument(
            "the webhook secret is too short or too long",
            [
                FieldViolation(
                    "secret",
                    f"{webhooks.MIN_SECRET_LENGTH} to {webhooks.MAX_SECRET_LENGTH} characters; empty turns signing off",
                )
            ],
        )
    workspace_id = principal.workspace_id
    with uow:
        load(uow, keys, workspace_id=workspace_id, workflow_id=workflow_id, for_update=True)
        sealed = (
            seal(
                keys,
                uow.data_keys,
                workspace_id=workspace_id,
                workflow_id=workflow_id,
                purpose=SIGNING_SECRET,
                value=secret,
            )
            if secret
            else None
        )
        uow.workflows.update(workflow_id, {"webhook_secret_sealed": sealed})
        uow.publish(event("workflow.updated", workflow_id, workspace_id, fields=["webhook_secret"]))
        changed = load(uow, keys, workspace_id=workspace_id, workflow_id=workflow_id)
        uow.commit()
    return changed


class TriggerMemo:
    """Versions' triggers, parsed once per process (a version's definition never changes), by
    the definition's text; at most `size`, then it starts again."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._parsed: dict[str, triggers.Trigger] = {}
        self._lock = threading.Lock()

    def trigger(self, definition: str) -> triggers.Trigger:
        found = self._parsed.get(definition)
        if found is None:
            found = triggers.trigger_of(definitions.parse(orjson.loads(definition)))
            with self._lock:
                if len(self._parsed) >= self._size:
                    self._parsed.clear()
                self._parsed[definition] = found
        return found


@dataclass(frozen=True)
class WebhookIngress:
    """What a hook request needs: the hot path's read, the keys that open the signing secret,
    the executor, the service's key ring to call it as the workflow's workspace, and the header
    names redacted (besides the credential ones) in the request kept with the run."""

    targets: WebhookTargets
    keys: WorkspaceKeys
    executor: Executor
    key_ring: KeyRing | None
    redacted_headers: tuple[str, ...] = ()
    memo: TriggerMemo = field(default_factory=TriggerMemo)


def trigger_webhook(
    ingress: WebhookIngress,
    *,
    principal: Principal,
    token: str,
    method: str,
    headers: Sequence[tuple[str, str]],
    query: Sequence[tuple[str, str]],
    body: bytes,
) -> WebhookRun:
    """Start a run from a hook request. Only webhook ingress (a service token) may call this."""
    if not is_service(principal):
        raise PermissionDenied("only the webhook ingress may trigger webhooks")
    if ingress.key_ring is None:
        raise Internal("webhooks need the service key ring")
    not_found = NotFound("no active webhook at this URL; check the token or activate the workflow")
    if not token or len(token) > 64:
        raise not_found
    # The hot path of every hook call: one statement, outside a transaction (one round trip).
    target = ingress.targets.find(webhooks.token_digest(token))
    if target is None:
        raise not_found
    trigger = ingress.memo.trigger(target.definition)
    if trigger.webhook_method and method.upper() != trigger.webhook_method:
        raise MethodNotAllowed(trigger.webhook_method)
    if target.webhook_secret_sealed is not None:
        secret = unseal(
            ingress.keys,
            target.key,
            workspace_id=target.workspace_id,
            workflow_id=target.id,
            purpose=SIGNING_SECRET,
            blob=target.webhook_secret_sealed,
        )
        presented = next((v for k, v in headers if k.lower() == webhooks.SIGNATURE_HEADER), None)
        if not webhooks.signature_matches(secret, body, presented):
            raise Unauthenticated(
                f"the request's {webhooks.SIGNATURE_HEADER} header is missing or does not match: send "
                "sha256=<hex HMAC-SHA256 of the raw body with the webhook secret>"
            )
    content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
    try:
        run_input = webhooks.run_input(content_type=content_type, body=body)
    except jsondoc.UnstorableDocument as exc:
        where = f"body.{exc.where}" if exc.where and not exc.where.startswith("[") else f"body{exc.where}"
        raise InvalidArgument(
            f"the webhook body cannot be a run's input: {exc.what}", [FieldViolation(where, exc.what)]
        ) from exc
    request = webhooks.request_scope(
        method=method, headers=headers, query=query, redacted_headers=ingress.redacted_headers
    )
    acting = service_principal(
        ingress.key_ring, service=SERVICE_NAME, workspace_id=target.workspace_id, scopes=("read", "run")
    )
    execution = ingress.executor.start_execution(
        acting,
        workflow_id=target.id,
        version=target.current_version,
        definition=target.definition.encode(),
        input_=orjson.dumps(run_input),
        request=orjson.dumps(request),
    )
    return WebhookRun(
        execution.id,
        target.workspace_id,
        target.id,
        target.current_version,
        trigger.response_mode,
        trigger.wait_timeout_seconds,
    )
