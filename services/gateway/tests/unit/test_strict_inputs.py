"""Request bodies refuse unknown fields and what no service can store, at the field."""

from __future__ import annotations

import pytest
from jobsprint.gateway.api.models import RunRequest, WorkflowCreate
from pydantic import BaseModel, ValidationError


def refusal(model: type[BaseModel], body: dict) -> tuple[tuple, str]:
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


@pytest.mark.parametrize("value", ["2026-11-26T10:00:00Z", "2026-11-26T10:00:00.123+02:00"])
def test_date_time_parameters_take_rfc_3339_with_an_offset(value: str) -> None:
    from jobsprint.gateway.api.models import DateTime
    from pydantic import TypeAdapter

    assert TypeAdapter(DateTime).validate_python(value).tzinfo is not None


@pytest.mark.parametrize("value", ["1764151200", "4.3e-134", "2026-11-26", "2026-11-26T10:00:00", "true"])
def test_date_time_parameters_refuse_what_is_not_rfc_3339(value: str) -> None:
    from jobsprint.gateway.api.models import DateTime
    from pydantic import TypeAdapter

    with pytest.raises(ValidationError, match="RFC 3339"):
        TypeAdapter(DateTime).validate_python(value)


def test_date_time_parameters_refuse_instants_a_timestamp_cannot_hold() -> None:
    from jobsprint.gateway.api.models import DateTime
    from pydantic import TypeAdapter

    with pytest.raises(ValidationError, match="0001-01-01"):
        TypeAdapter(DateTime).validate_python("0001-01-01T00:03:53+12:22")
