"""Register, login, refresh rotation with reuse detection, logout — real Postgres and Redis."""

from __future__ import annotations

import uuid

import argon2
import pytest
import redis
from jobsprint.auth import handlers
from jobsprint.common import db, revocation
from jobsprint.common.errors import AlreadyExists, InvalidArgument, Unauthenticated
from jobsprint.common.tokens import KeyRing

pytestmark = pytest.mark.integration
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def ctx(it_env):
    context = handlers.AuthContext(
        sessions=db.make_session_factory(db.make_engine(it_env["AUTH_DATABASE_URL"], pool_size=2)),
        key_ring=KeyRing(keys={"k1": "k" * 40}, current_kid="k1", issuer="jobsprint", audience="jobsprint"),
        # Cheap parameters keep the suite fast; production uses OWASP's (bootstrap.build_context).
        hasher=argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
        redis=redis.Redis.from_url(it_env["JOBSPRINT_REDIS_URL"]),
        access_token_ttl=300,
        session_ttl=3600,
    )
    yield context
    context.sessions.kw["bind"].dispose()


@pytest.fixture
def email() -> str:
    return f"user-{uuid.uuid4().hex[:10]}@example.com"


def test_registering_creates_the_user_as_owner_of_a_new_workspace(ctx, email):
    user, workspace = handlers.register(ctx, email=email.upper(), password=PASSWORD, workspace_name="Acme")
    pair = handlers.login(ctx, email=email, password=PASSWORD)
    principal = ctx.key_ring.verify(pair.access_token)
    me, my_workspace, roles = handlers.get_me(ctx, principal=principal)
    assert user.email == email
    assert (workspace.name, my_workspace.id, me.id, roles) == ("Acme", workspace.id, user.id, ["owner"])


def test_registering_the_same_email_twice_is_refused(ctx, email):
    handlers.register(ctx, email=email, password=PASSWORD, workspace_name="")
    with pytest.raises(AlreadyExists):
        handlers.register(ctx, email=email, password=PASSWORD, workspace_name="")


def test_a_weak_password_is_refused_before_anything_is_stored(ctx, email):
    with pytest.raises(InvalidArgument) as refused:
        handlers.register(ctx, email=email, password="short", workspace_name="")
    assert refused.value.violations[0].field == "password"
    with pytest.raises(Unauthenticated):
        handlers.login(ctx, email=email, password="short")


def test_wrong_password_and_unknown_email_get_the_same_answer(ctx, email):
    handlers.register(ctx, email=email, password=PASSWORD, workspace_name="")
    with pytest.raises(Unauthenticated) as wrong_password:
        handlers.login(ctx, email=email, password="not the password at all")
    with pytest.raises(Unauthenticated) as unknown_email:
        handlers.login(ctx, email=f"nobody-{email}", password=PASSWORD)
    assert wrong_password.value.message == unknown_email.value.message


def test_a_refresh_token_works_once_and_its_reuse_ends_the_session(ctx, email):
    handlers.register(ctx, email=email, password=PASSWORD, workspace_name="")
    first = handlers.login(ctx, email=email, password=PASSWORD)
    second = handlers.refresh(ctx, refresh_token=first.refresh_token)
    assert second.refresh_token != first.refresh_token
    with pytest.raises(Unauthenticated, match="already used"):
        handlers.refresh(ctx, refresh_token=first.refresh_token)
    # The replay revoked the whole family, so the legitimate newer token is dead too.
    with pytest.raises(Unauthenticated):
        handlers.refresh(ctx, refresh_token=second.refresh_token)


def test_logout_revokes_the_access_token_and_its_session(ctx, email):
    handlers.register(ctx, email=email, password=PASSWORD, workspace_name="")
    pair = handlers.login(ctx, email=email, password=PASSWORD)
    principal = ctx.key_ring.verify(pair.access_token)
    assert not revocation.is_revoked(ctx.redis, principal.token_id)
    handlers.logout(ctx, principal=principal, refresh_token=pair.refresh_token)
    assert revocation.is_revoked(ctx.redis, principal.token_id)
    with pytest.raises(Unauthenticated):
        handlers.refresh(ctx, refresh_token=pair.refresh_token)
