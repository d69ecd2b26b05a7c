"""Credential use cases: create, read, list, batch-read, update and delete. Secrets are
write-only: they go in sealed (`secrets.seal`) and no use case here returns one."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from jobsprint.common.envelope import WorkspaceKeys
from jobsprint.integrations.domain import credentials as rules
from jobsprint.integrations.domain.credential_types import check, credential_type
from jobsprint.integrations.domain.credentials import NewCredential, StoredCredential
from jobsprint.integrations.service import secrets
from jobsprint.integrations.service.ports import IntegrationsUnitOfWork


def create_credential(
    uow: IntegrationsUnitOfWork,
    keys: WorkspaceKeys,
    *,
    workspace_id: str,
    name: str,
    type_: str,
    config: bytes,
    secret: bytes,
) -> StoredCredential:
    kind = credential_type(type_)
    config_value = rules.json_object(config, field_name="config", required=False)
    secret_value = rules.json_object(secret, field_name="secret", required=True)
    check(kind.config_schema, config_value, path="config")
    check(kind.secret_schema, secret_value, path="secret", redact=True)
    credential_id = str(uuid.uuid4())
    with uow:
        sealed = secrets.seal(
            uow, keys, workspace_id=workspace_id, credential_id=credential_id, secret=secret_value
        )
        created = uow.credentials.add(
            NewCredential(
                id=credential_id,
                workspace_id=workspace_id,
                name=rules.checked_name(name),
                type=kind.name,
                config=config_value,
                secret_fields=tuple(sorted(secret_value)),
            ),
            sealed,
        )
        uow.commit()
    return created


def get_credential(uow: IntegrationsUnitOfWork, *, workspace_id: str, credential_id: str) -> StoredCredential:
    with uow:
        found = uow.credentials.get(workspace_id, rules.parse_id(credential_id))
    if found is None:
        raise rules.not_found(credential_id)
    return found


def list_credentials(
    uow: IntegrationsUnitOfWork, *, workspace_id: str, page_size: int, page_token: str, type_: str
) -> tuple[list[StoredCredential], str]:
    """Credentials ordered by name; the page token is the last name of the previous page."""
    size = rules.page_size(page_size)
    with uow:
        found = uow.credentials.list_page(workspace_id, type_=type_, after_name=page_token, limit=size + 1)
    return found[:size], (found[size - 1].name if len(found) > size else "")


def batch_get_credentials(
    uow: IntegrationsUnitOfWork, *, workspace_id: str, ids: Sequence[str], names: Sequence[str]
) -> list[StoredCredential]:
    """The workspace's credentials with any of `ids` or `names`, ordered by name. What matches
    nothing is simply absent: the caller names every missing reference at once."""
    wanted_ids, wanted_names = rules.batch_lookup(ids, names)
    if not wanted_ids and not wanted_names:
        return []
    with uow:
        return uow.credentials.find(workspace_id, ids=wanted_ids, names=wanted_names)


def update_credential(
    uow: IntegrationsUnitOfWork,
    keys: WorkspaceKeys,
    *,
    workspace_id: str,
    credential_id: str,
    name: str,
    config: bytes,
    secret: bytes,
    mask: Sequence[str],
) -> StoredCredential:
    paths = rules.paths_to_update(mask, name=name, config=config, secret=secret)
    with uow:
        stored = uow.credentials.get(workspace_id, rules.parse_id(credential_id))
        if stored is None:
            raise rules.not_found(credential_id)
        kind = credential_type(stored.type)
        new_name = rules.checked_name(name) if "name" in paths else None
        new_config = None
        if "config" in paths:
            new_config = rules.json_object(config, field_name="config", required=False)
            check(kind.config_schema, new_config, path="config")
            rules.require_secret_to_move(kind, stored, new_config, secret_given="secret" in paths)
        new_secret = None
        if "secret" in paths:
            secret_value = rules.json_object(secret, field_name="secret", required=True)
            check(kind.secret_schema, secret_value, path="secret", redact=True)
            sealed = secrets.seal(
                uow, keys, workspace_id=workspace_id, credential_id=stored.id, secret=secret_value
            )
            new_secret = (tuple(sorted(secret_value)), sealed)
        updated = uow.credentials.update(
            workspace_id, stored.id, name=new_name, config=new_config, secret=new_secret
        )
        uow.commit()
    return updated


def delete_credential(uow: IntegrationsUnitOfWork, *, workspace_id: str, credential_id: str) -> None:
    with uow:
        stored = uow.credentials.get(workspace_id, rules.parse_id(credential_id))
        if stored is None:
            raise rules.not_found(credential_id)
        uow.credentials.delete(workspace_id, stored.id)
        uow.commit()
