"""API keys: created by an admin, shown once, stored as a hash, exchanged for short-lived access
tokens that do no more than the key's scopes and its creator's current role allow (ADR-068)."""

from __future__ import annotations

import hmac
import uuid

from jobsprint.auth.domain import api_keys as keys
from jobsprint.auth.domain.api_keys import ApiKey, NewApiKey
from jobsprint.auth.domain.identity import is_uuid, secret_hash
from jobsprint.auth.service.ports import AuthUnitOfWork
from jobsprint.auth.service.tokens import Tokens
from jobsprint.common import access
from jobsprint.common.errors import Unauthenticated
from jobsprint.common.tokens import Principal


def create_api_key(
    uow: AuthUnitOfWork, *, principal: Principal, name: str, scopes: list[str]
) -> tuple[ApiKey, str]:
    """A new key; the whole key is returned once and only its hash is kept."""
    access.require_role(principal, access.ADMIN)
    name, scopes = keys.checked(name, scopes)
    key_id = uuid.uuid4()
    secret = keys.new_secret(key_id)
    with uow:
        created = uow.api_keys.add(
            NewApiKey(
                id=str(key_id),
                workspace_id=principal.workspace_id,
                name=name,
                scopes=scopes,
                secret_hash=secret_hash(secret),
                prefix=keys.shown_prefix(secret),
                created_by=principal.user_id,
            )
        )
        uow.commit()
    return created, secret


def list_api_keys(uow: AuthUnitOfWork, *, principal: Principal) -> list[ApiKey]:
    with uow:
        return uow.api_keys.live(principal.workspace_id)


def delete_api_key(uow: AuthUnitOfWork, tokens: Tokens, *, principal: Principal, key_id: str) -> None:
    access.require_role(principal, access.ADMIN)
    if not is_uuid(key_id):
        raise keys.not_found(key_id)
    with uow:
        revoked = uow.api_keys.revoke(key_id=key_id, workspace_id=principal.workspace_id)
        uow.commit()
    if revoked is None:
        raise keys.not_found(key_id)
    # Tokens already exchanged for the key carry it in their session: reject them now.
    tokens.end_key_sessions(sorted({key_id, keys.key_session(revoked.id, revoked.grant_generation)}))


def exchange_api_key(uow: AuthUnitOfWork, tokens: Tokens, *, api_key: str) -> tuple[str, int]:
    """A short-lived access token for a valid key, scoped as the key is; records its use."""
    key_id = keys.key_id_of(api_key)
    with uow:
        grant = uow.api_keys.grant(key_id)
        if grant is None or not hmac.compare_digest(secret_hash(api_key), grant.secret_hash):
            raise Unauthenticated(keys.INVALID_API_KEY)
        scopes = keys.granted_scopes(grant)
        uow.api_keys.mark_used(key_id)
        uow.commit()
    token = tokens.issue_key_token(
        key_id=key_id,
        workspace_id=grant.workspace_id,
        role=keys.role_for_scopes(scopes),
        scopes=scopes,
        session_id=keys.key_session(key_id, grant.grant_generation),
    )
    return token, tokens.api_key_token_ttl
