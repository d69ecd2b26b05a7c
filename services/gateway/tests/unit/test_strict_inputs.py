"""Request bodies refuse unknown fields and what no service can store, at the field."""

from __future__ import annotations

import pytest
from jobsprint.gateway.api.models import RunRequest, WorkflowCreate
from pydantic import ValidationError


def refusal(model: type, body: dict) -> tuple[tuple, str]:
    with pytest.raises(ValidationError) as refused:
        model.model_validate(body)
    error = refused.value.errors()[0]
    return error["loc"], error["msg"]


def test_an_unknown_field_is_refused() -> None:
    loc, msg = refusal(WorkflowCreate, {"name": "x", "definition": {}, "definitoin": {}})
    assert loc == ("definitoin",)
    assert "Extra inputs" in msg


@pytest.mark.parametrize(
    ("body", "what"),
    [
        ({"input": {"a": [1, 2**64]}}, "an integer beyond 64 bits (at a[1])"),
        ({"input": {"text": "nul\x00byte"}}, "a NUL character (U+0000) (at text)"),
        ({"input": {"n": float("inf")}}, "a number that is not finite (at n)"),
    ],
)
def test_values_no_service_can_store_are_refused_where_they_are(body: dict, what: str) -> None:
    loc, msg = refusal(RunRequest, body)
    assert loc == ("input",)
    assert msg.endswith(what)


def test_ordinary_values_pass() -> None:
    body = {"input": {"qty": 2**63 - 1, "price": -1.5, "ok": True, "tags": ["a", "b"], "none": None}}
    assert RunRequest.model_validate(body).input == body["input"]
    assert WorkflowCreate.model_validate({"name": "n\u00e4me", "definition": {}}).name == "n\u00e4me"


@pytest.mark.parametrize(
    "origins", [["*"], ["https://app.example.com/path"], ["app.example.com"], ["ftp://x"]]
)
def test_cors_origins_must_be_listed_origins(origins: list[str]) -> None:
    from jobsprint.gateway.config import Settings

    with pytest.raises(ValidationError):
        Settings(cors_allowed_origins=origins)
    assert Settings(cors_allowed_origins=["https://app.example.com", "http://localhost:3000"])
