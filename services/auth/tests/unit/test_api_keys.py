"""API keys against fakes: only a hash is kept, an exchanged token is scoped as the key and
bounded by its creator's current role, and a deleted key's tokens are rejected at once."""

from __future__ import annotations

from dataclasses import replace

import pytest
from jobsprint.auth.domain.api_keys import INVALID_API_KEY
from jobsprint.auth.domain.identity import secret_hash
from jobsprint.auth.service import api_keys, members
from jobsprint.common.errors import InvalidArgument, NotFound, PermissionDenied, Unauthenticated
from jobsprint.common.tokens import Principal

from .fakes import API_KEY_TTL, KEY_RING, Service, join, owner, service


def exchange(svc: Service, secret: str) -> tuple[Principal, int]:
    token, expires_in = api_keys.exchange_api_key(svc.deps.uow(), svc.deps.tokens, api_key=secret)
    return KEY_RING.verify(token), expires_in


def test_a_new_key_is_shown_once_and_only_its_hash_is_kept() -> None:
    svc = service()
    _email, me = owner(svc)

    key, secret = api_keys.create_api_key(svc.deps.uow(), principal=me, name=" ci ", scopes=["run", "read"])

    stored = svc.uow.db.api_keys[key.id]
    assert stored.secret_hash == secret_hash(secret) and secret not in repr(stored)
    assert (key.name, key.scopes, key.created_by) == ("ci", ["read", "run"], me.user_id)
    assert secret.startswith(key.prefix) and secret.startswith("jsk_")


def test_a_key_is_exchanged_for_a_short_lived_token_scoped_as_the_key() -> None:
    svc = service()
    _email, me = owner(svc)
    key, secret = api_keys.create_api_key(svc.deps.uow(), principal=me, name="ci", scopes=["read"])

    principal, expires_in = exchange(svc, secret)

    assert (principal.kind, principal.user_id, principal.scopes, principal.roles) == (
        "api_key",
        key.id,
        ("read",),
        ("viewer",),
    )
    assert expires_in == API_KEY_TTL and principal.session_id == key.id
    assert svc.uow.db.api_keys[key.id].key.last_used_at is not None


def test_keys_that_are_malformed_guessed_or_deleted_are_refused_alike() -> None:
    svc = service()
    _email, me = owner(svc)
    key, secret = api_keys.create_api_key(svc.deps.uow(), principal=me, name="ci", scopes=["write"])
    api_keys.delete_api_key(svc.deps.uow(), svc.deps.tokens, principal=me, key_id=key.id)

    messages = set()
    for guess in ("", "jsk_", "jsk_nothex_x", secret[:-1] + "A", secret):
        with pytest.raises(Unauthenticated) as refused:
            exchange(svc, guess)
        messages.add(refused.value.message)
    assert messages == {INVALID_API_KEY}
    assert key.id in svc.revocations.sessions
    assert api_keys.list_api_keys(svc.deps.uow(), principal=me) == []
    with pytest.raises(NotFound):
        api_keys.delete_api_key(svc.deps.uow(), svc.deps.tokens, principal=me, key_id=key.id)


def test_a_key_must_have_a_name_and_known_scopes_and_only_admins_make_one() -> None:
    svc = service()
    _email, me = owner(svc)
    with pytest.raises(InvalidArgument) as refused:
        api_keys.create_api_key(svc.deps.uow(), principal=me, name=" ", scopes=["root"])
    assert {v.field for v in refused.value.violations} == {"name", "scopes"}
    with pytest.raises(PermissionDenied):
        api_keys.create_api_key(
            svc.deps.uow(), principal=replace(me, roles=("editor",)), name="x", scopes=["read"]
        )
    assert svc.uow.db.api_keys == {}


def test_a_demoted_creators_key_loses_the_scopes_the_new_role_lacks() -> None:
    svc = service()
    _email, me = owner(svc)
    _a, admin = join(svc, me, "admin")
    _key, secret = api_keys.create_api_key(
        svc.deps.uow(), principal=admin, name="ci", scopes=["read", "write"]
    )
    before, _ = exchange(svc, secret)

    members.update_member(svc.deps.uow(), svc.deps.tokens, principal=me, user_id=admin.user_id, role="viewer")

    after, _ = exchange(svc, secret)
    assert (before.scopes, after.scopes, after.roles) == (("read", "write"), ("read",), ("viewer",))
    assert before.session_id in svc.revocations.sessions and after.session_id != before.session_id


def test_a_key_whose_scopes_its_creator_may_no_longer_use_is_refused() -> None:
    svc = service()
    _email, me = owner(svc)
    _a, admin = join(svc, me, "admin")
    _key, secret = api_keys.create_api_key(svc.deps.uow(), principal=admin, name="ci", scopes=["write"])
    members.update_member(svc.deps.uow(), svc.deps.tokens, principal=me, user_id=admin.user_id, role="viewer")
    with pytest.raises(Unauthenticated, match="beyond what its creator's role"):
        exchange(svc, secret)
