"""The dead-letter list's shape (ADR-102): a malformed message's letter, which names no execution
and no workspace, is the same object with those null and what the message was in `message`;
`scope` is declared, and the workspace's letters keep their shape."""

from __future__ import annotations

from typing import Any

import pytest
from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.gateway.api.routes.execution_control import _dead_letter
from jobsprint.gateway.app import create_app
from jobsprint.gateway.config import Settings


def test_a_malformed_letter_has_no_execution_or_workspace_and_shows_its_message() -> None:
    letter = _dead_letter(
        executor_pb2.DeadLetter(
            id=7,
            reason="malformed",
            error="undecodable run message",
            message=executor_pb2.MalformedMessage(
                routing_key="executions.run", size_bytes=20, preview="\\xff"
            ),
        )
    )
    shown = letter.model_dump(mode="json")
    assert (shown["execution_id"], shown["workspace_id"], shown["reason"]) == (None, None, "malformed")
    assert shown["message"] == {
        "message_id": None,
        "routing_key": "executions.run",
        "size_bytes": 20,
        "preview": "\\xff",
    }


def test_a_workspace_letter_keeps_its_shape_with_no_message() -> None:
    shown = _dead_letter(
        executor_pb2.DeadLetter(id=1, execution_id="e-1", workspace_id="w-1", reason="retries_exhausted")
    ).model_dump(mode="json")
    assert (shown["execution_id"], shown["workspace_id"], shown["message"]) == ("e-1", "w-1", None)


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return create_app(Settings(max_body_bytes=4096)).openapi()


def test_the_list_declares_its_scope_and_who_may_ask_for_the_instance(document: dict[str, Any]) -> None:
    operation = document["paths"]["/v1/dead-letters"]["get"]
    [scope] = [p for p in operation["parameters"] if p["name"] == "scope"]
    assert scope["schema"]["enum"] == ["workspace", "instance"] and scope["schema"]["default"] == "workspace"
    assert "instance operator" in operation["responses"]["403"]["description"]
    replay = document["paths"]["/v1/dead-letters/{dead_letter_id}/replay"]["post"]
    assert "malformed" in replay["responses"]["409"]["description"]
