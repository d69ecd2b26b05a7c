"""The OpenAPI 3.1 document at `/v1/openapi.json`, exact (ADR-049).

FastAPI describes the success responses and the request models; this module adds what it does
not know, from the routes themselves:

- every error an operation can answer, as `application/problem+json` (RFC 9457). Some follow
  from how a route is built: a bearer token (401, 403 unless the route is the caller's own, 429,
  503 when revocation cannot be checked), the address rate limit of sign-in routes (429), a
  request body (400 malformed JSON, 413 above the size limit, 422), parameters (422), the gRPC
  calls every `/v1` route makes (503 with `Retry-After`, 504 when the time budget runs out) and
  500. The rest each route declares with `errors(...)`: what its service can refuse with.
- the headers sent: `RateLimit-*` on every answer after a rate-limit check (required on success
  and 429), `Retry-After` on 429 and 503, `WWW-Authenticate` on 401, and what routes declare
  with `headers(...)` (`ETag`, `Location`, `Link`, ...).
- for an operation taking `Idempotency-Key` (ADR-042): its 400, 409 (with `Retry-After`) and 422,
  and `Idempotent-Replayed` on success.
- an event stream's `schema` as one event, the OpenAPI 3.1 way (FastAPI writes 3.2's `itemSchema`).
- FastAPI's own 422 model (`HTTPValidationError`) is replaced by the problem details that are
  actually sent.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from jobsprint.common import jsondoc
from pydantic import BaseModel
from starlette.routing import BaseRoute

PROBLEM_JSON = "application/problem+json"

DESCRIPTIONS: dict[int, str] = {
    400: "The body is not valid JSON.",
    401: "Missing, malformed, expired or revoked credentials.",
    403: "Your role in the workspace, or your API key's scopes, do not allow this.",
    404: "No such resource in your workspace.",
    405: "This webhook accepts another method (see `Allow`).",
    409: "The resource's current state does not allow this, or the name is taken.",
    412: "`If-Match` names a version that is no longer current: read the resource again.",
    413: "The request body is larger than the limit.",
    422: "The request is invalid: `errors` names each field and what is wrong with it.",
    428: "`If-Match` is required: send the `ETag` of your last read.",
    429: "Too many requests: retry after `Retry-After` seconds.",
    500: "An unexpected error; it has been logged.",
    501: "The service does not implement this.",
    502: "The run failed (`execution_id` names it).",
    503: "A service (or Redis, for the token revocation check) is unavailable: retry after "
    "`Retry-After` seconds.",
    504: "A service did not answer within the request's time budget.",
}

HEADERS: dict[str, dict[str, Any]] = {
    "RateLimit-Limit": {
        "description": "Requests allowed in the window of this route group.",
        "schema": {"type": "integer", "minimum": 1},
    },
    "RateLimit-Remaining": {
        "description": "Requests left in the current window.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "RateLimit-Reset": {
        "description": "Seconds until the window admits another request.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "integer", "minimum": 1},
    },
    "WWW-Authenticate": {
        "description": "`Bearer`: the scheme to authenticate with.",
        "schema": {"type": "string"},
    },
    "ETag": {
        "description": "The version read; send it back in `If-Match` to change it.",
        "schema": {"type": "string", "pattern": '^(W/)?"[^"]*"$'},
    },
    "Location": {
        "description": "Where the created resource (or the started run) is.",
        "schema": {"type": "string"},
    },
    "X-Execution-Id": {"description": "The run that produced this output.", "schema": {"type": "string"}},
    "Allow": {"description": "The method this webhook accepts.", "schema": {"type": "string"}},
    "Link": {
        "description": 'The next page as `<url>; rel="next"` (absent on the last page).',
        "schema": {"type": "string"},
    },
    "Idempotent-Replayed": {
        "description": "`true`: the stored response of an earlier request with the same `Idempotency-Key`, "
        "which did not run again.",
        "schema": {"type": "string", "enum": ["true"]},
    },
}
RATE_LIMIT_HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
# What an operation taking `Idempotency-Key` can answer besides its own errors (ADR-042).
IDEMPOTENCY_ERRORS: dict[int, str] = {
    400: "`Idempotency-Key` is not 1 to 255 printable ASCII characters.",
    409: "A request with the same `Idempotency-Key` is still in progress: retry after `Retry-After` "
    "seconds to get its response.",
    422: "The `Idempotency-Key` was already used for a different request: use a new key for a new operation.",
}


def errors(*codes: int, **descriptions: str) -> dict[int | str, dict[str, Any]]:
    """`responses=` for the errors a route's service can answer besides the automatic ones;
    `descriptions` (`e404="..."`) replaces a generic description."""
    return {code: {"description": descriptions.get(f"e{code}", DESCRIPTIONS[code])} for code in codes}


def headers(
    status: int, *names: str, required: bool = True, description: str | None = None
) -> dict[int | str, dict[str, Any]]:
    """`responses=` entry: `status` carries the headers `names` (always, unless not `required`)."""
    entry: dict[str, Any] = {"headers": {name: _header(name, required=required) for name in names}}
    if description:
        entry["description"] = description
    return {status: entry}


def merge(*parts: dict[int | str, dict[str, Any]]) -> dict[int | str, dict[str, Any]]:
    """Several `responses=` dicts as one (entries for one status are merged)."""
    merged: dict[int | str, dict[str, Any]] = {}
    for part in parts:
        for status, entry in part.items():
            target = merged.setdefault(status, {})
            for key, value in entry.items():
                if isinstance(value, dict) and isinstance(target.get(key), dict):
                    target[key] = {**target[key], **value}
                else:
                    target[key] = value
    return merged


def _calls(dependant: Dependant) -> Iterable[Callable[..., Any]]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _calls(dependency)


def _has_checked_params(route: Any) -> bool:
    """Whether FastAPI can refuse the parameters (422): a body, or a parameter that can be invalid
    (an unconstrained string in the path cannot)."""
    stack = [route.dependant]
    while stack:
        current = stack.pop()
        if current.body_params:
            return True
        for param in current.query_params + current.header_params:
            if (
                param.field_info.is_required()
                or param.field_info.annotation is not str
                or param.field_info.metadata
            ):
                return True
        for param in current.path_params:
            if param.field_info.annotation is not str or param.field_info.metadata:
                return True
        stack.extend(current.dependencies)
    return False


def _header(name: str, *, required: bool) -> dict[str, Any]:
    """A reference to the shared header object (`components.headers`), required or not."""
    return {"$ref": f"#/components/headers/{_component_name(name, required=required)}"}


def _component_name(name: str, *, required: bool) -> str:
    return name if required else f"{name}.optional"


def _header_components() -> dict[str, Any]:
    return {
        _component_name(name, required=required): {**header, "required": required}
        for name, header in HEADERS.items()
        for required in (True, False)
    }


def _not_nullable(parameter: dict[str, Any]) -> None:
    """An optional parameter is one left out: a query string or header cannot say null, so the
    `anyOf [X, null]` pydantic writes for `X | None` is just X."""
    schema = parameter.get("schema", {})
    branches = schema.get("anyOf")
    if not branches:
        return
    kept = [branch for branch in branches if branch.get("type") != "null"]
    if len(kept) == 1 and len(kept) < len(branches):
        del schema["anyOf"]
        schema.update(kept[0])


def _is_fastapi_422(entry: dict[str, Any] | None) -> bool:
    return bool(entry) and "HTTPValidationError" in str(entry.get("content", ""))  # type: ignore[union-attr]


def _is_problem(entry: dict[str, Any]) -> bool:
    """An error answered with problem details: all but those a route declared another body for."""
    content = entry.get("content")
    if not content:
        return True
    return "HTTPValidationError" in str(content)


def _problem_response(entry: dict[str, Any], status: int) -> dict[str, Any]:
    entry.setdefault("description", DESCRIPTIONS.get(status, "Error."))
    entry["content"] = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}
    return entry


def build(
    app: FastAPI,
    *,
    routes: Sequence[BaseRoute],
    principal_dependency: Callable[..., Any],
    self_service_dependency: Callable[..., Any],
    address_limit_dependency: Callable[..., Any],
    idempotent_dependency: type | tuple[type, ...],
    max_body_bytes: int,
    problem_model: type[BaseModel],
) -> dict[str, Any]:
    """The document, built once per process, of `routes` in the order given."""
    document = get_openapi(
        title=app.title,
        version=app.version,
        openapi_version=app.openapi_version,
        summary=app.summary,
        description=app.description,
        routes=routes,
        tags=app.openapi_tags,
    )
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    problem_schema = problem_model.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem_schema.pop("$defs", {}))
    schemas[problem_model.__name__] = problem_schema
    components["headers"] = _header_components()
    components["securitySchemes"] = {
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "An access token from `POST /v1/auth/login`, or an API key (`jsk_…`).",
        }
    }
    for route in routing.iter_route_contexts(routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        for method in route.methods or ():
            operation = document["paths"][route.path_format].get(method.lower())
            if operation is not None:
                _complete(
                    operation,
                    route,
                    principal_dependency=principal_dependency,
                    self_service_dependency=self_service_dependency,
                    address_limit_dependency=address_limit_dependency,
                    idempotent_dependency=idempotent_dependency,
                    max_body_bytes=max_body_bytes,
                )
                _one_event_schema(operation)
                _if_match_required(operation)
    _storable_request_bodies(document)
    return document


# A route that answers 428 without `If-Match` marks itself with this (in `openapi_extra`).
IF_MATCH_REQUIRED = "x-jobsprint-if-match-required"


def _if_match_required(operation: dict[str, Any]) -> None:
    if operation.pop(IF_MATCH_REQUIRED, False):
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "header" and parameter.get("name", "").lower() == "if-match":
                parameter["required"] = True


# What no service can keep (ADR-060) is refused in every request body; the schemas say so, so a
# request valid by the document is one the API accepts.
NO_NUL = "^[^\\u0000]*$"
STORABLE_JSON = "StorableJson"
_STORABLE_REF = {"$ref": f"#/components/schemas/{STORABLE_JSON}"}
_INT64 = (-(2**63), 2**63 - 1)


def _storable_json_schema() -> dict[str, Any]:
    return {
        "description": "Any JSON value a service can keep: no NUL character (U+0000) or lone surrogate in "
        f"a string or key, no integer beyond 64 bits, objects and arrays nested at most {jsondoc.MAX_DEPTH} "
        "levels deep (counted from the request body).",
        "anyOf": [
            {"type": "string", "pattern": NO_NUL},
            # Any number: a float of any size is kept; an integer beyond 64 bits is not, which no
            # JSON Schema can tell from a float (both are `number`), so the description says it.
            {"type": "number"},
            {"type": "boolean"},
            {"type": "null"},
            {"type": "array", "items": _STORABLE_REF},
            {"type": "object", "propertyNames": {"pattern": NO_NUL}, "additionalProperties": _STORABLE_REF},
        ],
    }


def _storable(schema: dict[str, Any], schemas: dict[str, Any], seen: set[str]) -> dict[str, Any]:
    """`schema` with the storable rules added where it leaves values free: strings without a
    pattern, enum or format get one that excludes NUL; free-form values and objects hold
    `StorableJson`; integers stay within 64 bits."""
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        if name not in seen and name in schemas and name != STORABLE_JSON:
            seen.add(name)
            schemas[name] = _storable(schemas[name], schemas, seen)
        return schema
    if not schema or set(schema) <= {"title", "description", "examples", "default"}:
        return {**schema, **_STORABLE_REF}
    kind = schema.get("type")
    if kind == "string" and not ({"pattern", "enum", "const", "format"} & set(schema)):
        schema["pattern"] = NO_NUL
    elif kind == "integer":
        schema.setdefault("minimum", _INT64[0])
        schema.setdefault("maximum", _INT64[1])
    elif kind == "object":
        if schema.get("additionalProperties", True) is True and "properties" not in schema:
            schema["additionalProperties"] = _STORABLE_REF
        elif isinstance(schema.get("additionalProperties"), dict):
            schema["additionalProperties"] = _storable(schema["additionalProperties"], schemas, seen)
        if schema.get("additionalProperties") is not False:
            schema.setdefault("propertyNames", {"pattern": NO_NUL})
    for key in ("properties",):
        for name, child in list(schema.get(key, {}).items()):
            schema[key][name] = _storable(child, schemas, seen)
    if isinstance(schema.get("items"), dict):
        schema["items"] = _storable(schema["items"], schemas, seen)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            schema[key] = [_storable(child, schemas, seen) for child in schema[key]]
    return schema


def _storable_request_bodies(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    schemas[STORABLE_JSON] = _storable_json_schema()
    seen: set[str] = set()
    for operations in document["paths"].values():
        for operation in operations.values():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                media["schema"] = _storable(media.get("schema", {}), schemas, seen)
            for parameter in operation.get("parameters", []):
                # A NUL in a query value reaches Postgres no better than one in a body.
                if parameter.get("in") == "query":
                    _no_nul_strings(parameter.get("schema", {}))


def _no_nul_strings(schema: dict[str, Any]) -> None:
    if schema.get("type") == "string" and not ({"pattern", "enum", "const", "format"} & set(schema)):
        schema["pattern"] = NO_NUL
    for key in ("anyOf", "oneOf"):
        for child in schema.get(key, []):
            _no_nul_strings(child)
    if isinstance(schema.get("items"), dict):
        _no_nul_strings(schema["items"])


def _one_event_schema(operation: dict[str, Any]) -> None:
    """An event stream as OpenAPI 3.1 describes it: `schema` is one event's schema (FastAPI writes
    it as `itemSchema`, which only 3.2 knows)."""
    for entry in operation.get("responses", {}).values():
        stream = entry.get("content", {}).get("text/event-stream")
        if stream is not None and "itemSchema" in stream:
            stream["schema"] = stream.pop("itemSchema")


def _complete(
    operation: dict[str, Any],
    route: Any,
    *,
    principal_dependency: Callable[..., Any],
    self_service_dependency: Callable[..., Any],
    address_limit_dependency: Callable[..., Any],
    idempotent_dependency: type | tuple[type, ...],
    max_body_bytes: int,
) -> None:
    calls = set(_calls(route.dependant))
    authenticated = principal_dependency in calls or self_service_dependency in calls
    address_limited = address_limit_dependency in calls
    idempotent = any(isinstance(call, idempotent_dependency) for call in calls)
    has_body = route.body_field is not None
    api = route.path_format.startswith("/v1/")
    responses: dict[str, Any] = operation.setdefault("responses", {})

    codes: set[int] = {500}
    if api:
        codes |= {503, 504}
    if authenticated:
        codes |= {401, 429, 503}
        if self_service_dependency not in calls:
            codes.add(403)
        operation["security"] = [{"bearer": []}]
    if address_limited:
        codes.add(429)
    if has_body:
        codes |= {400, 413, 422}
    if _has_checked_params(route):
        codes.add(422)
    elif _is_fastapi_422(responses.get("422")):
        # FastAPI lists 422 for any parameter; an unconstrained string in the path cannot fail.
        del responses["422"]
    # Statuses the operation answers for reasons of its own, before `Idempotency-Key` adds its.
    other_causes = codes | {int(key) for key in responses}
    if idempotent:
        codes |= set(IDEMPOTENCY_ERRORS)
    for code in codes:
        responses.setdefault(str(code), {})
    for parameter in operation.get("parameters", []):
        _not_nullable(parameter)

    limited = authenticated or address_limited
    for key, entry in responses.items():
        status = int(key)
        entry_headers: dict[str, Any] = entry.setdefault("headers", {})
        if _is_fastapi_422(entry):
            entry["description"] = DESCRIPTIONS[422]
        problem = status >= 400 and _is_problem(entry)
        if problem:
            _problem_response(entry, status)
        if status == 413 and has_body:
            entry["description"] = f"The request body is larger than {max_body_bytes} bytes."
        if idempotent and problem and status in IDEMPOTENCY_ERRORS:
            extra = IDEMPOTENCY_ERRORS[status]
            entry["description"] = f"{entry['description']} Or: {extra}" if status in other_causes else extra
            if status == 409:
                entry_headers.setdefault("Retry-After", _header("Retry-After", required=False))
        if idempotent and 200 <= status < 300:
            entry_headers["Idempotent-Replayed"] = _header("Idempotent-Replayed", required=False)
        if problem and status in (429, 503):
            entry_headers["Retry-After"] = _header("Retry-After", required=True)
        if status == 401 and authenticated:
            entry_headers.setdefault("WWW-Authenticate", _header("WWW-Authenticate", required=False))
        if limited:
            # Success and 429 always come after the rate-limit check; other errors may come before it.
            required = status < 400 or status == 429
            for name in RATE_LIMIT_HEADERS:
                entry_headers.setdefault(name, _header(name, required=required))
        if not entry_headers:
            del entry["headers"]

    if has_body and "requestBody" in operation:
        body = operation["requestBody"]
        body["description"] = (
            body.get("description", "") + " "
        ).lstrip() + f"At most {max_body_bytes} bytes; unknown fields are refused (422)."
    # Stable order: success first, then errors by status.
    operation["responses"] = dict(sorted(copy.deepcopy(responses).items(), key=lambda item: int(item[0])))
