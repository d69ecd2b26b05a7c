"""Dead letters: executions whose retries ran out, and run messages no worker could handle (the
execution ended `failed`, ADR-057); listed, and replayed once each. A run message no worker could
even decode names no execution: its letter belongs to no workspace, only an instance operator
lists it, and it cannot be replayed (ADR-102)."""

from __future__ import annotations

from typing import Any

from jobsprint.common import access, paging
from jobsprint.common import definitions as workflow_definitions
from jobsprint.common.errors import FailedPrecondition, InvalidArgument, NotFound
from jobsprint.common.tokens import Principal
from jobsprint.executor.domain import engine, malformed
from jobsprint.executor.domain.executions import RETRYABLE, bad_page_token
from jobsprint.executor.service import followups, messages, metrics, starting
from jobsprint.executor.service.definitions import Definitions
from jobsprint.executor.service.ports import ExecutorUnitOfWork

QUERY = "dead-letters"
# What a dead letter keeps of the error that made it.
MAX_ERROR = 4000


INSTANCE_QUERY = "dead-letters/instance"
WORKSPACE, INSTANCE = "workspace", "instance"


def list_dead_letters(
    uow: ExecutorUnitOfWork,
    *,
    principal: Principal,
    page_size: int,
    page_token: str,
    scope: str = WORKSPACE,
) -> tuple[list[Any], str]:
    """A page of dead letters, newest first, and the next page's token: the workspace's, or with
    `scope` `instance` the instance's (malformed messages, which belong to no workspace; an
    instance operator's only)."""
    if scope not in (WORKSPACE, INSTANCE):
        raise InvalidArgument(f"scope is {WORKSPACE!r} (the default) or {INSTANCE!r}, not {scope!r}")
    if scope == INSTANCE:
        access.require_operator(principal, "a dead letter of no workspace (a malformed run message)")
    query = INSTANCE_QUERY if scope == INSTANCE else QUERY
    size = paging.page_size(page_size, default=100, maximum=500)
    after = paging.decode(page_token, query=query)
    if after is not None and not (len(after) == 1 and isinstance(after[0], int)):
        raise bad_page_token()
    before_id = after[0] if after else None
    with uow:
        if scope == INSTANCE:
            rows = uow.executions.instance_dead_letters(before_id=before_id, limit=size + 1)
        else:
            rows = uow.executions.dead_letters(
                workspace_id=principal.workspace_id, before_id=before_id, limit=size + 1
            )
    token = paging.encode(query=query, after=[rows[size - 1].id]) if len(rows) > size else ""
    return rows[:size], token


def replay_dead_letter(
    uow: ExecutorUnitOfWork, definitions: Definitions, *, principal: Principal, dead_letter_id: int
) -> str:
    """Replay a dead letter: an execution that exhausted its retries is retried from its failed
    step (a new execution); one a worker could not handle is queued again as it is."""
    with uow:
        letter = uow.executions.claim_dead_letter(dead_letter_id, workspace_id=principal.workspace_id)
        if letter is None:
            if access.is_operator(principal) and uow.executions.instance_dead_letter(dead_letter_id):
                raise FailedPrecondition(
                    f"dead letter {dead_letter_id} is a run message no worker could decode (malformed):"
                    " it names no execution, so there is nothing to replay. Find its sender from its"
                    f" message id, routing key and preview, then discard it (DELETE /v1/dead-letters/"
                    f"{dead_letter_id}); the message itself stays in the executor.run.dlq queue"
                )
            raise NotFound(f"no dead letter {dead_letter_id} in this workspace")
        if letter.replayed_at is not None:
            raise FailedPrecondition(
                f"dead letter {dead_letter_id} was already replayed as execution {letter.replay_execution_id}"
            )
        execution = uow.executions.get(str(letter.execution_id))
        assert execution is not None  # dead letters cascade with their execution
        if execution.status in RETRYABLE:
            replay_id = starting.retry(
                uow, definitions, principal.workspace_id, str(letter.execution_id), from_start=False
            )
        else:
            replay_id = str(letter.execution_id)
            uow.publish(messages.run(replay_id, priority=execution.priority))
        uow.executions.mark_replayed(dead_letter_id, replay_execution_id=replay_id)
        uow.commit()
    return replay_id


def record_unhandled(
    uow: ExecutorUnitOfWork, definitions: Definitions, execution_id: str, error: str
) -> None:
    """A worker could not handle this execution's run message, which goes to the dead-letter
    queue: keep a dead letter to replay, and end the execution `failed` saying so, in one
    transaction with its event and what its end sets off (a waiting caller is woken, a slot is
    freed, the error workflow starts). Nothing would advance it again: left `running`, it would
    say so for ever (issue 13, ADR-057)."""
    with uow:
        execution = uow.executions.get(execution_id)
        if execution is None:
            return
        letter_error = error[:MAX_ERROR]
        uow.executions.add_dead_letter(
            execution_id=execution_id,
            workspace_id=execution.workspace_id,
            reason="unhandled_error",
            error=letter_error,
        )
        metrics.DEAD_LETTERED.labels("unhandled_error").inc()
        message = f"dead-lettered: a worker could not handle this execution: {letter_error}"
        ended = uow.executions.fail_unfinished(execution_id, error=message)
        if ended is None:
            uow.commit()  # it had already ended: only the letter is new
            return
        uow.event(
            execution_id, "execution.finished", {"status": "failed", "error": message, "dead_lettered": True}
        )
        try:
            settings = definitions.parsed(execution.definition)[0].settings
        except Exception:  # the definition may be what could not be handled
            settings = workflow_definitions.Settings()
        followups.on_finished(uow, execution, engine.Outcome(engine.FAILED, None, message), settings)
        uow.commit()


def discard_dead_letter(uow: ExecutorUnitOfWork, *, principal: Principal, dead_letter_id: int) -> None:
    """Discard a malformed message's letter once an instance operator has read it. A workspace's
    letters are replayed, not discarded: to anyone else this letter does not exist."""
    access.require_operator(principal, "a dead letter of no workspace (a malformed run message)")
    with uow:
        if not uow.executions.discard_instance_dead_letter(dead_letter_id):
            raise NotFound(
                f"no malformed-message dead letter {dead_letter_id}; a workspace's letters are replayed"
            )
        uow.commit()


def record_malformed(
    uow: ExecutorUnitOfWork, *, body: bytes, message_id: str | None, routing_key: str, error: str
) -> bool:
    """A run message no worker could decode, about to go to the dead-letter queue: keep a letter
    of no workspace saying what it was (ADR-102). A redelivered copy (the same message id, or
    the same body when it has none) adds no second letter; whether this one is new."""
    with uow:
        added = uow.executions.add_malformed_letter(
            message_key=malformed.message_key(message_id, body),
            message_id=message_id[: malformed.MAX_MESSAGE_ID] if message_id else None,
            routing_key=routing_key[: malformed.MAX_ROUTING_KEY],
            size_bytes=len(body),
            preview=malformed.preview(body),
            error=error[:MAX_ERROR],
        )
        uow.commit()
    if added:
        metrics.DEAD_LETTERED.labels("malformed").inc()
    return added
