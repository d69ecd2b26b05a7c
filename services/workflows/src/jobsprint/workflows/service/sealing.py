"""Webhook tokens and signing secrets sealed under the workspace's data key (ADR-069): AES-GCM,
bound to what the value is and whose, so a sealed value cannot stand in for another."""

from __future__ import annotations

import logging
from typing import Any

from jobsprint.common import envelope
from jobsprint.common.envelope import DataKeyStore, WorkspaceKeys, WrappedKey
from jobsprint.common.errors import FailedPrecondition
from jobsprint.workflows.domain import triggers, webhooks
from jobsprint.workflows.domain.workflow import TOKEN

log = logging.getLogger(__name__)


def seal(
    keys: WorkspaceKeys, store: DataKeyStore, *, workspace_id: str, workflow_id: str, purpose: str, value: str
) -> bytes:
    key = keys.for_workspace(store, workspace_id)
    return envelope.seal(key, value.encode(), binding=envelope.Binding(purpose, workspace_id, workflow_id))


def unseal(
    keys: WorkspaceKeys,
    key: WrappedKey | None,
    *,
    workspace_id: str,
    workflow_id: str,
    purpose: str,
    blob: bytes,
) -> str:
    """A sealed value of a workflow, opened with its workspace's wrapped data key as read."""
    try:
        if key is None:
            raise envelope.DecryptionFailed(f"workspace {workspace_id} has no data key")
        data_key = keys.unwrap(workspace_id, key.master_kid, key.wrapped)
        opened = envelope.open_sealed(
            data_key, blob, binding=envelope.Binding(purpose, workspace_id, workflow_id)
        )
    except envelope.DecryptionFailed as exc:
        log.error("workflow %s: its %s does not decrypt: %s", workflow_id, purpose, exc)
        raise FailedPrecondition(
            f"this workflow's {purpose} cannot be decrypted ({exc}); an editor can rotate the webhook"
            " token or set the webhook secret again"
        ) from exc
    return opened.decode()


def new_token(
    keys: WorkspaceKeys, store: DataKeyStore, *, workspace_id: str, workflow_id: str
) -> dict[str, Any]:
    """Fields of a fresh webhook token: its digest to look it up by, and its sealed copy."""
    token = webhooks.new_token()
    return {
        "webhook_token_hash": webhooks.token_digest(token),
        "webhook_token_sealed": seal(
            keys, store, workspace_id=workspace_id, workflow_id=workflow_id, purpose=TOKEN, value=token
        ),
    }


def trigger_fields(
    keys: WorkspaceKeys,
    store: DataKeyStore,
    trigger: triggers.Trigger,
    *,
    workspace_id: str,
    workflow_id: str,
    has_token: bool,
) -> dict[str, Any]:
    """The trigger type, and a webhook token for a webhook workflow that has none yet."""
    values: dict[str, Any] = {"trigger_type": trigger.type}
    if trigger.type == triggers.WEBHOOK and not has_token:
        values.update(new_token(keys, store, workspace_id=workspace_id, workflow_id=workflow_id))
    return values
