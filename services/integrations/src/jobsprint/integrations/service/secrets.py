"""Sealing and opening credential secrets with the workspace's data key (envelope encryption,
ADR-045): a secret opens only in its own credential's row of its own workspace."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from jobsprint.common import envelope
from jobsprint.common.errors import FailedPrecondition
from jobsprint.integrations.domain.connector import Credential
from jobsprint.integrations.domain.credentials import not_found, parse_id
from jobsprint.integrations.service.ports import IntegrationsUnitOfWork

log = logging.getLogger(__name__)


def binding(workspace_id: str, credential_id: str) -> envelope.Binding:
    return envelope.Binding("credential", workspace_id, credential_id)


def seal(
    uow: IntegrationsUnitOfWork,
    keys: envelope.WorkspaceKeys,
    *,
    workspace_id: str,
    credential_id: str,
    secret: dict[str, Any],
) -> bytes:
    """`secret` sealed under the workspace's data key (made in `uow` on the workspace's first)."""
    key = keys.for_workspace(uow.data_keys, workspace_id)
    return envelope.seal(key, orjson.dumps(secret), binding=binding(workspace_id, credential_id))


def decrypted_credential(
    uow: IntegrationsUnitOfWork, keys: envelope.WorkspaceKeys, *, workspace_id: str, credential_id: str
) -> Credential:
    """The credential with its secret opened, from one read of the row and its workspace's
    wrapped data key (a credential's data key exists: it was made when the secret was sealed)."""
    with uow:
        sealed = uow.credentials.get_sealed(workspace_id, parse_id(credential_id))
    if sealed is None:
        raise not_found(credential_id)
    stored = sealed.credential
    try:
        key = keys.unwrap(workspace_id, sealed.master_kid, sealed.wrapped_key)
        plaintext = envelope.open_sealed(
            key, sealed.secret_ciphertext, binding=binding(workspace_id, stored.id)
        )
    except envelope.DecryptionFailed as exc:
        log.error("credential %s does not decrypt: %s", stored.id, exc)
        raise FailedPrecondition(
            f"credential {stored.id} cannot be decrypted ({exc}); if it was tampered with or moved, "
            "set its secret again"
        ) from exc
    return Credential(id=stored.id, type=stored.type, config=stored.config, secret=orjson.loads(plaintext))
