"""Request bodies refuse unknown fields and what no service can store, at the field."""

from __future__ import annotations

import asyncio
import json

import pytest
from jobsprint.common import jsondoc
from jobsprint.gateway.api.models import RunRequest, WorkflowCreate
from jobsprint.gateway.api.routing import DocumentRequest, DocumentRoute, InvalidDocument
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


def parsed(body: bytes) -> object:
    """A request body as every `/v1` route reads it (`api.routing`)."""

    async def receive() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    request = DocumentRequest({"type": "http", "method": "POST", "headers": [], "path": "/v1/x"}, receive)
    return asyncio.run(request.json())


def refused_document(body: bytes) -> tuple[str, str]:
    with pytest.raises(InvalidDocument) as refused:
        parsed(body)
    return refused.value.field, refused.value.message


DEEP = b'{"input": ' + b'{"a": ' * 500 + b"1" + b"}" * 500 + b"}"


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (json.dumps({"input": {"a": [1, 2**64]}}).encode(), "an integer beyond 64 bits (at a[1])"),
        (json.dumps({"input": {"text": "nul\x00byte"}}).encode(), "a NUL character (U+0000) (at text)"),
        (b'{"input": {"n": Infinity}}', "a number that is not finite (at n)"),
        (
            b'{"input": {"s": "\\ud800"}}',
            "a lone surrogate (U+D800), which is not a Unicode character (at s)",
        ),
        (b'{"input": {"s": ["ok", "\\udfff"]}}', "(U+DFFF), which is not a Unicode character (at s[1])"),
    ],
)
def test_values_no_service_can_store_are_refused_where_they_are(body: bytes, what: str) -> None:
    field, message = refused_document(body)
    assert field == "input"
    assert message.endswith(what), message


@pytest.mark.security
def test_json_nested_past_the_limit_is_refused_at_its_field_however_deep() -> None:
    field, message = refused_document(DEEP)
    assert field == "input"
    assert f"nested more than {jsondoc.MAX_DEPTH} levels deep" in message
    # Deeper than Python's recursion limit: still the same refusal, not a crash.
    assert refused_document(b"[" * 100_000 + b"]" * 100_000) == (
        "body",
        f"must not hold objects and arrays nested more than {jsondoc.MAX_DEPTH} levels deep",
    )
    # At the limit (the body's object is level 1) it is an ordinary document.
    at_limit = b'{"input": ' + b"[" * (jsondoc.MAX_DEPTH - 1) + b"]" * (jsondoc.MAX_DEPTH - 1) + b"}"
    assert parsed(at_limit) is not None


@pytest.mark.security
def test_a_lone_surrogate_in_a_key_is_refused() -> None:
    assert refused_document(b'{"secret": {"\\ud83d": "x"}}') == (
        "secret",
        "must not hold a lone surrogate (U+D83D), which is not a Unicode character in a key",
    )


def test_ordinary_values_pass() -> None:
    body = {
        "input": {"qty": 2**63 - 1, "price": -1.5, "ok": True, "tags": ["a", "b"], "none": None, "e": "é😀"}
    }
    assert parsed(json.dumps(body).encode()) == body
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


def test_every_route_with_a_body_reads_it_with_the_checked_parser() -> None:
    import importlib
    import pkgutil

    from fastapi.routing import APIRoute
    from jobsprint.gateway.api import routes as route_modules

    routes = [
        route
        for module in pkgutil.iter_modules(route_modules.__path__)
        for route in importlib.import_module(f"{route_modules.__name__}.{module.name}").router.routes
        if isinstance(route, APIRoute) and route.dependant.body_params
    ]
    assert len(routes) > 10
    assert [r.path for r in routes if not isinstance(r, DocumentRoute)] == []
