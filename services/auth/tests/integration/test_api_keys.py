"""API keys in the auth service: stored hashed, exchanged for scoped tokens, revoked at once."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from jobsprint.auth import handlers
from jobsprint.auth.adapters.orm import api_keys
from jobsprint.common import revocation
from jobsprint.common.errors import InvalidArgument, NotFound, PermissionDenied, Unauthenticated
from sqlalchemy import select

from .conftest import PASSWORD

pytestmark = pytest.mark.integration


@pytest.fixture
def owner(ctx):
    email = f"keys-{uuid.uuid4().hex[:10]}@example.com"
    handlers.register(ctx, email=email, password=PASSWORD, workspace_name="")
    return ctx.key_ring.verify(handlers.login(ctx, email=email, password=PASSWORD).access_token)


def test_only_a_hash_of_the_key_is_stored(ctx, owner):
    view, secret = handlers.create_api_key(ctx, principal=owner, name="ci", scopes=["run", "read"])
    with ctx.sessions() as session:
        row = session.execute(select(api_keys).where(api_keys.c.id == view.id)).one()
    # jsk_<key id>_<random>: the random part may itself hold "_", so split at the first two only.
    random_part = secret.split("_", 2)[2]
    assert len(random_part) >= 40
    assert secret not in str(tuple(row)) and random_part not in str(tuple(row))
    assert len(row.secret_hash) == 64
    assert view.scopes == ["read", "run"] and secret.startswith(view.prefix)


def test_a_key_is_exchanged_for_a_short_lived_token_scoped_as_the_key(ctx, owner):
    view, secret = handlers.create_api_key(ctx, principal=owner, name="ci", scopes=["read"])
    token, expires_in = handlers.exchange_api_key(ctx, api_key=secret)
    principal = ctx.key_ring.verify(token)
    assert (principal.kind, principal.scopes, principal.roles) == ("api_key", ("read",), ("viewer",))
    assert (principal.workspace_id, principal.session_id, expires_in) == (owner.workspace_id, view.id, 300)
    [listed] = handlers.list_api_keys(ctx, principal=owner)
    assert listed.last_used_at is not None


def test_a_deleted_key_can_no_longer_be_exchanged_and_its_tokens_are_revoked(ctx, owner):
    view, secret = handlers.create_api_key(ctx, principal=owner, name="ci", scopes=["write"])
    principal = ctx.key_ring.verify(handlers.exchange_api_key(ctx, api_key=secret)[0])
    handlers.delete_api_key(ctx, principal=owner, key_id=view.id)
    assert revocation.principal_revoked(ctx.redis, principal)
    with pytest.raises(Unauthenticated):
        handlers.exchange_api_key(ctx, api_key=secret)
    with pytest.raises(NotFound):
        handlers.delete_api_key(ctx, principal=owner, key_id=view.id)


def test_a_guessed_or_malformed_key_is_refused_with_one_message(ctx, owner):
    _view, secret = handlers.create_api_key(ctx, principal=owner, name="ci", scopes=["read"])
    messages = set()
    for guess in (
        secret[:-1] + ("x" if secret[-1] != "x" else "y"),
        "jsk_short",
        "nope",
        "jsk_" + "g" * 32 + "_x",
    ):
        with pytest.raises(Unauthenticated) as refused:
            handlers.exchange_api_key(ctx, api_key=guess)
        messages.add(refused.value.message)
    assert messages == {handlers.INVALID_API_KEY}


def test_keys_need_a_name_and_known_scopes_and_an_admin(ctx, owner):
    with pytest.raises(InvalidArgument) as refused:
        handlers.create_api_key(ctx, principal=owner, name=" ", scopes=["root"])
    assert {v.field for v in refused.value.violations} == {"name", "scopes"}
    with pytest.raises(PermissionDenied):
        handlers.create_api_key(ctx, principal=replace(owner, roles=("editor",)), name="x", scopes=["read"])
