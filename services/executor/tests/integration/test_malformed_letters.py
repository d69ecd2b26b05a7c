"""Issue 18: a run message no worker can decode leaves a dead letter of no workspace, once per
message, that only an instance operator lists; with Postgres away it is handed back rather than
dead-lettered unrecorded (ADR-102). Against real Postgres."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from jobsprint.common import db, messaging
from jobsprint.common.errors import PermissionDenied
from jobsprint.executor.adapters.orm import dead_letters as dead_letters_table
from jobsprint.executor.entrypoints import worker
from jobsprint.executor.service import dead_letters
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from .conftest import wired

pytestmark = [pytest.mark.integration]


@pytest.fixture
def message_id() -> str:
    return f"poison-{uuid.uuid4()}"


def _poison(message_id: str | None, body: bytes = b"\xff\x00 not a run message") -> messaging.Delivery:
    return messaging.Delivery(
        body=body, message_id=message_id, headers={}, redelivered=False, routing_key="executions.run"
    )


def _letters(ctx, message_id: str):
    with ctx.sessions() as session:
        return session.execute(
            select(dead_letters_table).where(dead_letters_table.c.message_id == message_id)
        ).all()


def test_a_malformed_message_is_recorded_once_however_often_it_is_delivered(ctx, message_id):
    for redelivered in (False, True):
        delivery = dataclasses.replace(_poison(message_id), redelivered=redelivered)
        assert worker.handle_delivery(ctx.deps, delivery) == messaging.Outcome.DEAD_LETTER

    [letter] = _letters(ctx, message_id)
    assert (letter.reason, letter.execution_id, letter.workspace_id) == ("malformed", None, None)
    assert (letter.routing_key, letter.size_bytes) == ("executions.run", 20)
    assert letter.preview == "\\xff\\x00 not a run message"
    assert letter.error.startswith("undecodable run message")


def test_a_malformed_message_without_an_id_is_known_by_its_body(ctx):
    body = f"no id {uuid.uuid4()}".encode()
    for _ in range(2):
        assert worker.handle_delivery(ctx.deps, _poison(None, body)) == messaging.Outcome.DEAD_LETTER
    with ctx.sessions() as session:
        rows = session.execute(
            select(dead_letters_table).where(dead_letters_table.c.preview == body.decode())
        ).all()
    assert len(rows) == 1 and rows[0].message_key.startswith("sha256:")


@pytest.mark.security
def test_only_an_operator_lists_and_discards_a_letter_of_no_workspace(ctx, principal, message_id):
    worker.handle_delivery(ctx.deps, _poison(message_id))

    owner_sees, _ = dead_letters.list_dead_letters(
        ctx.deps.uow(), principal=principal, page_size=500, page_token=""
    )
    assert all(letter.workspace_id == principal.workspace_id for letter in owner_sees)
    with pytest.raises(PermissionDenied, match="instance operator"):
        dead_letters.list_dead_letters(
            ctx.deps.uow(), principal=principal, page_size=500, page_token="", scope=dead_letters.INSTANCE
        )
    operator = dataclasses.replace(principal, operator=True)
    listed, _ = dead_letters.list_dead_letters(
        ctx.deps.uow(), principal=operator, page_size=500, page_token="", scope=dead_letters.INSTANCE
    )
    [letter] = [letter for letter in listed if letter.message_id == message_id]
    with pytest.raises(PermissionDenied):
        dead_letters.discard_dead_letter(ctx.deps.uow(), principal=principal, dead_letter_id=letter.id)
    dead_letters.discard_dead_letter(ctx.deps.uow(), principal=operator, dead_letter_id=letter.id)
    assert _letters(ctx, message_id) == []


def test_the_table_refuses_a_letter_of_no_workspace_that_is_not_malformed(ctx):
    with pytest.raises(IntegrityError), ctx.sessions.begin() as session:
        session.execute(insert(dead_letters_table).values(reason="unhandled_error", error="x"))


def test_a_malformed_message_is_handed_back_while_postgres_is_away(
    ctx, sandbox, loopback_requests, monkeypatch
):
    monkeypatch.setattr(worker.time, "sleep", lambda _seconds: None)
    away = db.make_engine("postgresql+psycopg://nobody@127.0.0.1:1/nothing", pool_size=1)
    try:
        unreachable = wired(away, sandbox, loopback_requests)
        outcome = worker.handle_delivery(unreachable.deps, _poison("never-recorded"), worker.Outages())
    finally:
        away.dispose()
    assert outcome == messaging.Outcome.REQUEUE
    with ctx.sessions.begin() as session:
        session.execute(delete(dead_letters_table).where(dead_letters_table.c.message_id == "never-recorded"))
