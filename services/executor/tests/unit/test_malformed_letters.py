"""Dead letters of no workspace (run messages no worker could decode, ADR-102): what they keep of
the message, who lists them, and why none is replayed."""

from __future__ import annotations

import dataclasses

import pytest
from jobsprint.common.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from jobsprint.executor.domain import malformed
from jobsprint.executor.service import dead_letters

from .fakes import service
from .test_starting_and_reading import CALLER

OPERATOR = dataclasses.replace(CALLER, operator=True)


def test_the_preview_is_bounded_printable_text() -> None:
    assert malformed.preview(b"\xff\x00 not a run message") == "\\xff\\x00 not a run message"
    assert malformed.preview("héllo\n".encode()) == "héllo\\x0a"
    long = malformed.preview(b"a" * 1000)
    assert long == "a" * malformed.PREVIEW_BYTES + "…"


def test_the_message_key_is_its_id_or_a_hash_of_its_body() -> None:
    assert malformed.message_key("abc", b"x") == malformed.message_key("abc", b"y") == "id:abc"
    assert (
        malformed.message_key(None, b"x")
        == malformed.message_key("", b"x")
        != malformed.message_key(None, b"y")
    )


def record(svc: object, body: bytes = b"junk", message_id: str | None = "m-1") -> bool:
    return dead_letters.record_malformed(
        svc.deps.uow(),  # type: ignore[attr-defined]
        body=body,
        message_id=message_id,
        routing_key="run",
        error="JSONDecodeError",
    )


@pytest.mark.security
def test_a_workspace_owner_never_lists_a_letter_of_no_workspace() -> None:
    svc = service()
    assert record(svc)

    mine, _ = dead_letters.list_dead_letters(svc.deps.uow(), principal=CALLER, page_size=0, page_token="")
    assert mine == []
    with pytest.raises(PermissionDenied, match="instance operator"):
        dead_letters.list_dead_letters(
            svc.deps.uow(), principal=CALLER, page_size=0, page_token="", scope=dead_letters.INSTANCE
        )
    letter_id = next(iter(svc.uow.executions.letters))
    with pytest.raises(NotFound):  # not even told it exists
        dead_letters.replay_dead_letter(
            svc.deps.uow(), svc.deps.definitions, principal=CALLER, dead_letter_id=letter_id
        )
    with pytest.raises(PermissionDenied):
        dead_letters.discard_dead_letter(svc.deps.uow(), principal=CALLER, dead_letter_id=letter_id)
    assert letter_id in svc.uow.executions.letters


@pytest.mark.security
def test_an_api_key_of_an_operator_is_no_operator() -> None:
    svc = service()
    record(svc)
    key = dataclasses.replace(OPERATOR, kind="api_key", scopes=("read",))
    with pytest.raises(PermissionDenied):
        dead_letters.list_dead_letters(
            svc.deps.uow(), principal=key, page_size=0, page_token="", scope=dead_letters.INSTANCE
        )


def test_an_operator_pages_the_letters_of_no_workspace_apart_from_their_workspace() -> None:
    svc = service()
    for n in range(3):
        assert record(svc, message_id=f"m-{n}")
    assert not record(svc, message_id="m-0")  # a redelivered copy

    own, _ = dead_letters.list_dead_letters(svc.deps.uow(), principal=OPERATOR, page_size=0, page_token="")
    assert own == []
    first, token = dead_letters.list_dead_letters(
        svc.deps.uow(), principal=OPERATOR, page_size=2, page_token="", scope=dead_letters.INSTANCE
    )
    rest, last = dead_letters.list_dead_letters(
        svc.deps.uow(), principal=OPERATOR, page_size=2, page_token=token, scope=dead_letters.INSTANCE
    )
    assert [d.message_id for d in first + rest] == ["m-2", "m-1", "m-0"] and last == ""
    with pytest.raises(InvalidArgument):  # a workspace page's token is not an instance page's
        dead_letters.list_dead_letters(svc.deps.uow(), principal=OPERATOR, page_size=2, page_token=token)
    with pytest.raises(InvalidArgument):
        dead_letters.list_dead_letters(
            svc.deps.uow(), principal=OPERATOR, page_size=2, page_token="", scope="everything"
        )


def test_replaying_a_malformed_letter_says_to_discard_it_and_the_operator_can() -> None:
    svc = service()
    record(svc)
    letter_id = next(iter(svc.uow.executions.letters))
    with pytest.raises(FailedPrecondition, match=f"nothing to replay.*DELETE /v1/dead-letters/{letter_id}"):
        dead_letters.replay_dead_letter(
            svc.deps.uow(), svc.deps.definitions, principal=OPERATOR, dead_letter_id=letter_id
        )

    dead_letters.discard_dead_letter(svc.deps.uow(), principal=OPERATOR, dead_letter_id=letter_id)

    assert svc.uow.executions.letters == {}
    with pytest.raises(NotFound):
        dead_letters.discard_dead_letter(svc.deps.uow(), principal=OPERATOR, dead_letter_id=letter_id)


def test_an_operator_cannot_discard_a_workspace_letter() -> None:
    svc = service()
    with svc.uow:
        svc.uow.executions.add_dead_letter(
            execution_id="e-1", workspace_id=OPERATOR.workspace_id, reason="retries_exhausted", error="x"
        )
        svc.uow.commit()
    letter_id = next(iter(svc.uow.executions.letters))
    with pytest.raises(NotFound, match="replayed"):
        dead_letters.discard_dead_letter(svc.deps.uow(), principal=OPERATOR, dead_letter_id=letter_id)
    assert letter_id in svc.uow.executions.letters
