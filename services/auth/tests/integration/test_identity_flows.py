"""Register, login, refresh rotation with reuse detection, logout — real Postgres and Redis."""

from __future__ import annotations

import dataclasses
from typing import Literal

import argon2
import pytest
from jobsprint.auth.adapters.security import Argon2Passwords
from jobsprint.auth.service import accounts, sessions
from jobsprint.common import revocation
from jobsprint.common.errors import InvalidArgument, Unauthenticated

from .conftest import PASSWORD

pytestmark = pytest.mark.integration


def test_registering_creates_the_user_as_owner_of_a_new_workspace(ctx, email):
    user, workspace = accounts.register(
        ctx.uow(), ctx.passwords, ctx.audit_log, email=email.upper(), password=PASSWORD, workspace_name="Acme"
    )
    pair = accounts.login(
        ctx.uow, ctx.passwords, ctx.tokens, ctx.audit_log, ctx.background, email=email, password=PASSWORD
    )
    principal = ctx.key_ring.verify(pair.access_token)
    me, my_workspace, roles = accounts.get_me(ctx.uow(), principal=principal)
    assert user.email == email
    assert (workspace.name, my_workspace.id, me.id, roles) == ("Acme", workspace.id, user.id, ["owner"])


def test_registering_a_taken_email_answers_like_a_new_one_and_changes_nothing(ctx, email):
    first_user, first_workspace = accounts.register(
        ctx.uow(), ctx.passwords, ctx.audit_log, email=email, password=PASSWORD, workspace_name=""
    )
    again_user, again_workspace = accounts.register(
        ctx.uow(),
        ctx.passwords,
        ctx.audit_log,
        email=email,
        password="another long passphrase",
        workspace_name="Other",
    )
    assert again_user.email == email and again_workspace.name == "Other"
    assert (again_user.id, again_workspace.id) != (first_user.id, first_workspace.id)
    # Nothing was stored: the first password still works, the second does not.
    principal = ctx.key_ring.verify(
        accounts.login(
            ctx.uow, ctx.passwords, ctx.tokens, ctx.audit_log, ctx.background, email=email, password=PASSWORD
        ).access_token
    )
    assert (principal.user_id, principal.workspace_id) == (first_user.id, first_workspace.id)
    with pytest.raises(Unauthenticated):
        accounts.login(
            ctx.uow,
            ctx.passwords,
            ctx.tokens,
            ctx.audit_log,
            ctx.background,
            email=email,
            password="another long passphrase",
        )


def test_a_weak_password_is_refused_before_anything_is_stored(ctx, email):
    with pytest.raises(InvalidArgument) as refused:
        accounts.register(
            ctx.uow(), ctx.passwords, ctx.audit_log, email=email, password="short", workspace_name=""
        )
    assert refused.value.violations[0].field == "password"
    with pytest.raises(Unauthenticated):
        accounts.login(
            ctx.uow, ctx.passwords, ctx.tokens, ctx.audit_log, ctx.background, email=email, password="short"
        )


def test_wrong_password_and_unknown_email_get_the_same_answer(ctx, email):
    accounts.register(
        ctx.uow(), ctx.passwords, ctx.audit_log, email=email, password=PASSWORD, workspace_name=""
    )
    with pytest.raises(Unauthenticated) as wrong_password:
        accounts.login(
            ctx.uow,
            ctx.passwords,
            ctx.tokens,
            ctx.audit_log,
            ctx.background,
            email=email,
            password="not the password at all",
        )
    with pytest.raises(Unauthenticated) as unknown_email:
        accounts.login(
            ctx.uow,
            ctx.passwords,
            ctx.tokens,
            ctx.audit_log,
            ctx.background,
            email=f"nobody-{email}",
            password=PASSWORD,
        )
    assert wrong_password.value.message == unknown_email.value.message
    # An empty address is one more unknown address (it once looked a user up by an empty id,
    # which Postgres refused as a malformed UUID: 422 instead of 401).
    with pytest.raises(Unauthenticated) as empty_email:
        accounts.login(
            ctx.uow, ctx.passwords, ctx.tokens, ctx.audit_log, ctx.background, email="", password=PASSWORD
        )
    assert empty_email.value.message == unknown_email.value.message


def test_a_refresh_token_works_once_and_its_reuse_ends_the_session(ctx, email):
    accounts.register(
        ctx.uow(), ctx.passwords, ctx.audit_log, email=email, password=PASSWORD, workspace_name=""
    )
    first = accounts.login(
        ctx.uow, ctx.passwords, ctx.tokens, ctx.audit_log, ctx.background, email=email, password=PASSWORD
    )
    second = sessions.refresh(ctx.uow(), ctx.tokens, ctx.audit_log, refresh_token=first.refresh_token)
    assert second.refresh_token != first.refresh_token
    with pytest.raises(Unauthenticated, match="already used"):
        sessions.refresh(ctx.uow(), ctx.tokens, ctx.audit_log, refresh_token=first.refresh_token)
    # The replay revoked the whole family, so the legitimate newer token is dead too.
    with pytest.raises(Unauthenticated):
        sessions.refresh(ctx.uow(), ctx.tokens, ctx.audit_log, refresh_token=second.refresh_token)


def test_logout_revokes_the_access_token_and_its_session(ctx, email):
    accounts.register(
        ctx.uow(), ctx.passwords, ctx.audit_log, email=email, password=PASSWORD, workspace_name=""
    )
    pair = accounts.login(
        ctx.uow, ctx.passwords, ctx.tokens, ctx.audit_log, ctx.background, email=email, password=PASSWORD
    )
    principal = ctx.key_ring.verify(pair.access_token)
    assert not revocation.is_revoked(ctx.redis, principal.token_id)
    sessions.logout(ctx.uow(), ctx.tokens, principal=principal, refresh_token=pair.refresh_token)
    assert revocation.is_revoked(ctx.redis, principal.token_id)
    assert revocation.principal_revoked(ctx.redis, principal)
    with pytest.raises(Unauthenticated):
        sessions.refresh(ctx.uow(), ctx.tokens, ctx.audit_log, refresh_token=pair.refresh_token)


def test_a_session_lives_a_fixed_time_from_login_however_often_it_is_refreshed(ctx, email):
    accounts.register(
        ctx.uow(), ctx.passwords, ctx.audit_log, email=email, password=PASSWORD, workspace_name=""
    )
    first = accounts.login(
        ctx.uow, ctx.passwords, ctx.tokens, ctx.audit_log, ctx.background, email=email, password=PASSWORD
    )
    principal = ctx.key_ring.verify(first.access_token)
    [before] = sessions.list_sessions(ctx.uow(), principal=principal)
    second = sessions.refresh(ctx.uow(), ctx.tokens, ctx.audit_log, refresh_token=first.refresh_token)
    [after] = sessions.list_sessions(ctx.uow(), principal=ctx.key_ring.verify(second.access_token))
    assert after.id == before.id == principal.session_id
    assert after.expires_at == before.expires_at
    assert after.last_refreshed_at > before.last_refreshed_at


def test_a_reused_refresh_token_also_revokes_the_access_tokens_of_its_session(ctx, email):
    accounts.register(
        ctx.uow(), ctx.passwords, ctx.audit_log, email=email, password=PASSWORD, workspace_name=""
    )
    first = accounts.login(
        ctx.uow, ctx.passwords, ctx.tokens, ctx.audit_log, ctx.background, email=email, password=PASSWORD
    )
    second = sessions.refresh(ctx.uow(), ctx.tokens, ctx.audit_log, refresh_token=first.refresh_token)
    newest = ctx.key_ring.verify(second.access_token)
    assert not revocation.principal_revoked(ctx.redis, newest)
    with pytest.raises(Unauthenticated):
        sessions.refresh(ctx.uow(), ctx.tokens, ctx.audit_log, refresh_token=first.refresh_token)
    assert revocation.principal_revoked(ctx.redis, newest)


class RecordingHasher(argon2.PasswordHasher):
    """The real hasher, noting each hash it verifies a password against."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.verified: list[str] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        self.verified.append(hash if isinstance(hash, str) else hash.decode())
        return super().verify(hash, password)


def test_an_unknown_address_costs_a_hash_verification_as_a_wrong_password_does(ctx, email):
    """No account enumeration by timing: a login for an address nobody uses verifies the
    password against a dummy hash made with the same parameters as users' hashes, so it does the
    same work as a login with a wrong password. (How long each takes is a benchmark's business.)"""
    hasher = RecordingHasher()
    recording = dataclasses.replace(ctx, passwords=Argon2Passwords(hasher))
    accounts.register(
        recording.uow(),
        recording.passwords,
        recording.audit_log,
        email=email,
        password=PASSWORD,
        workspace_name="",
    )

    with pytest.raises(Unauthenticated) as unknown:
        accounts.login(
            recording.uow,
            recording.passwords,
            recording.tokens,
            recording.audit_log,
            recording.background,
            email=f"nobody-{email}",
            password="not the password at all",
        )
    assert hasher.verified == [recording.passwords.dummy_hash]
    assert not hasher.check_needs_rehash(recording.passwords.dummy_hash), (
        "the dummy hash costs what a user's does"
    )

    with pytest.raises(Unauthenticated) as wrong:
        accounts.login(
            recording.uow,
            recording.passwords,
            recording.tokens,
            recording.audit_log,
            recording.background,
            email=email,
            password="not the password at all",
        )
    (users_hash,) = hasher.verified[1:]
    assert users_hash != recording.passwords.dummy_hash and not hasher.check_needs_rehash(users_hash)
    assert str(wrong.value) == str(unknown.value), "the two failures read alike"
