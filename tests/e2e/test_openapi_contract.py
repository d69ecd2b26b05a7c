"""The API against its own OpenAPI document, with Schemathesis: every operation is called with
generated requests (valid and invalid ones) as a signed-in owner whose workspace holds a
workflow with two finished executions, a webhook workflow, a credential and an API key, and
every answer must be no server error and exactly what the document says: a documented status,
its media type, its body schema (each event of an event stream included) and its required
headers (ADR-049). A few requests generation would not make are sent as well: batch reads and
an event stream of the seeded resources, a list page with a next page, and creating POSTs
repeated with one `Idempotency-Key` (a replay, and a reuse for another request).

Bounded: a fixed seed, deterministic generation and a few examples per operation and mode, so
the run takes well under two minutes on a small machine and fails the same way every time.
"""

from __future__ import annotations

import os
import re
import uuid
from collections import Counter
from typing import Any

import devctl
import httpx
import hypothesis
import pytest
import requests
import schemathesis
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Ok
from schemathesis.specs.openapi import checks as openapi_checks  # registers the OpenAPI checks

from .conftest import PRICE_WORKFLOW, User, create_workflow, register_and_login, wait_for_execution

pytestmark = pytest.mark.e2e

# Every check Schemathesis has (the CLI's `--checks all`): conformance of statuses, media types,
# bodies and headers; invalid data refused and valid data accepted; a missing required header
# refused; a method the path lacks answered 405 with an `Allow` header listing the path's
# methods; authentication that is not ignored; and the stateful ones where they apply.
CHECKS: list[Any] = list(schemathesis.checks.CHECKS.get_all())
assert {openapi_checks.allow_header_conformance, openapi_checks.positive_data_acceptance} <= set(CHECKS)
# Operations left out, each with its reason:
EXCLUDED = {
    # Revokes the very token every other generated request is signed with.
    ("POST", "/v1/auth/logout"): "would sign the test user out mid-run",
    ("DELETE", "/v1/auth/session"): "the browser's sign-out: would sign the test user out mid-run",
}
# A fixed seed: the same requests every run (JOBSPRINT_CONTRACT_SEED explores others).
SEED = int(os.environ.get("JOBSPRINT_CONTRACT_SEED", "20261126"))
# Examples per operation and mode; JOBSPRINT_CONTRACT_EXAMPLES=200 explores deeper (minutes).
MAX_EXAMPLES = int(os.environ.get("JOBSPRINT_CONTRACT_EXAMPLES", "12"))

WEBHOOK_WORKFLOW: dict[str, Any] = {
    "name": "contract hook",
    "definition": {
        "nodes": [
            # No `method`: the hook takes every method its path documents.
            {"id": "hook", "type": "trigger.webhook", "parameters": {"response_mode": "async"}},
            {"id": "done", "type": "core.noop"},
        ],
        "edges": [{"from": "hook", "to": "done"}],
    },
}


def _seed(api: httpx.Client, user: User) -> dict[str, str]:
    """Resources the generated requests name, so most get past 404 to the code behind it."""
    workflow = create_workflow(api, user)
    run = api.post(
        f"/v1/workflows/{workflow['id']}/run",
        json={"input": {"qty": 2, "unit_price": 3}},
        headers=user.headers,
    )
    assert run.status_code == 202, run.text
    execution_id = run.json()["execution_id"]
    wait_for_execution(api, user, execution_id)
    # A second run, so a list page of one has a next page (`Link`).
    again = api.post(f"/v1/workflows/{workflow['id']}/run", json={"input": {}}, headers=user.headers)
    assert again.status_code == 202, again.text
    wait_for_execution(api, user, again.json()["execution_id"])
    hook = create_workflow(api, user, WEBHOOK_WORKFLOW)
    activated = api.post(f"/v1/workflows/{hook['id']}/activate", headers=user.headers)
    assert activated.status_code == 200, activated.text
    token = activated.json()["webhook_url"].rsplit("/", 1)[-1]
    credential = api.post(
        "/v1/credentials",
        json={"name": "contract", "type": "bearer", "secret": {"token": "s3cret-token-value"}},
        headers=user.headers,
    )
    assert credential.status_code == 201, credential.text
    key = api.post("/v1/api-keys", json={"name": "contract", "scopes": ["read"]}, headers=user.headers)
    assert key.status_code == 201, key.text
    me = api.get("/v1/me", headers=user.headers).json()
    return {
        "workflow_id": workflow["id"],
        "execution_id": execution_id,
        "token": token,
        "credential_id": credential.json()["id"],
        "key_id": key.json()["id"],
        "user_id": me["user"]["id"],
        "version": "1",
    }


@pytest.fixture(scope="module")
def contract_schema(
    api: httpx.Client, suite: devctl.Instance
) -> tuple[schemathesis.BaseSchema, dict[str, str]]:
    owner = register_and_login(api)
    seeded = {**_seed(api, owner), "access_token": owner.access_token}
    config = schemathesis.Config.from_dict(
        {
            "base-url": suite.gateway_url,
            # The document's `bearer` scheme, so Schemathesis knows which header is the credential
            # (the auth checks send the same requests without it, and with a wrong one).
            "auth": {"openapi": {"bearer": {"bearer": owner.access_token}}},
            "request-timeout": 60,
        }
    )
    return schemathesis.openapi.from_url(f"{suite.gateway_url}/v1/openapi.json", config=config), seeded


# Minimal valid `config` and `secret` of each credential type (GET /v1/credential-types).
CREDENTIAL_FIELDS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "bearer": ({}, {"token": "t0ken"}),
    "basic": ({"username": "u"}, {"password": "p"}),
    "api_key": ({}, {"key": "k"}),
    "oauth2_client_credentials": (
        {"token_url": "https://auth.example/token", "client_id": "c"},
        {"client_secret": "s"},
    ),
    "smtp": ({"host": "mail.example"}, {}),
    "ai_provider": ({"base_url": "https://ai.example/v1"}, {}),
    "chat_webhook": ({}, {"url": "https://chat.example/hook"}),
    "mcp": ({"url": "https://mcp.example/mcp"}, {}),
}
KEY_PATTERN = re.compile(r"^[!-~]([ -~]*[!-~])?$")


def _only_what_history_and_graph_rules_allow(case: schemathesis.Case, mode: GenerationMode) -> None:
    """Some validity no JSON Schema can state: it depends on what the server holds, or ties
    fields together. Generated values stand in for those fields; a valid request (and, for the
    key, any request) gets values that are valid by the server's state instead:
    - an `Idempotency-Key` is valid once, for one request (ADR-042): a new one per case;
    - a `cursor` is one the API returned for this very query (ADR-038): none (the seeded cases
      send a real one);
    - an `If-Match` is the resource's current ETag: `*`;
    - a workflow definition is a graph (one trigger, no cycles, edges between existing nodes,
      each node's parameters per its type; docs/workflows.md): a valid one;
    - a credential's `config` and `secret` follow its type's schema, and an update's follow the
      stored credential's type (the seeded one is `bearer`)."""
    headers: dict[str, Any] = dict(case.headers or {})
    key = headers.get("Idempotency-Key")
    if isinstance(key, str) and KEY_PATTERN.match(key) and len(key) <= 255:
        case.headers["Idempotency-Key"] = str(uuid.uuid4())
    if mode is not GenerationMode.POSITIVE:
        return
    if case.query:
        case.query.pop("cursor", None)
    if case.headers and "If-Match" in case.headers:
        case.headers["If-Match"] = "*"
    body: Any = case.body
    if not isinstance(body, dict):
        return
    path = case.operation.path
    if path in (
        "/v1/workflows",
        "/v1/workflows/import",
        "/v1/workflows:validate",
        "/v1/workflows/{workflow_id}",
    ):
        if body.get("definition") is not None:
            body["definition"] = PRICE_WORKFLOW["definition"]
    elif path == "/v1/credentials":
        body["config"], body["secret"] = CREDENTIAL_FIELDS[body["type"]]
    elif path == "/v1/credentials/{credential_id}":
        for field, value in zip(("config", "secret"), CREDENTIAL_FIELDS["bearer"], strict=True):
            if body.get(field) is not None:
                body[field] = value


def _exercise(
    operation: schemathesis.APIOperation,
    mode: GenerationMode,
    seeded: dict[str, str],
    http: requests.Session,
    answers: Counter[tuple[str, int]],
) -> list[str]:
    """Generated requests of one kind against one operation; the failures, described."""
    names = {p.name for p in operation.path_parameters}
    strategy = operation.as_strategy(mode, path_parameters={k: v for k, v in seeded.items() if k in names})
    failures: list[str] = []

    @hypothesis.seed(SEED)
    @hypothesis.settings(
        max_examples=MAX_EXAMPLES,
        database=None,
        deadline=None,
        # Every failure is collected as generated (no shrinking), which keeps the run bounded.
        phases=(hypothesis.Phase.explicit, hypothesis.Phase.generate),
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    @hypothesis.given(case=strategy)
    def run(case: schemathesis.Case) -> None:
        _only_what_history_and_graph_rules_allow(case, mode)
        try:
            response = case.call_and_validate(session=http, checks=CHECKS)
            answers[(operation.label, response.status_code)] += 1
        except (FailureGroup, Exception) as failure:  # failed checks, or the request itself
            failures.append(f"{operation.label} ({mode.value}):\n{failure}")

    try:
        run()
    except hypothesis.errors.Unsatisfiable:
        # Nothing of the operation can be made invalid (no parameters, no body): nothing to send.
        assert mode is GenerationMode.NEGATIVE, f"no valid request could be generated for {operation.label}"
    return failures


# What each of `_seeded_cases` answers: the five reads succeed; the run is accepted, then replayed,
# then refused for a key already used for another request.
SEEDED_STATUSES = [200, 200, 200, 200, 200, 202, 202, 422]


def _seeded_cases(
    schema: schemathesis.BaseSchema, seeded: dict[str, str]
) -> list[tuple[str, schemathesis.Case]]:
    """Requests about the seeded resources that generation would not make, each with what it is."""
    unknown = str(uuid.uuid4())
    key = str(uuid.uuid4())
    # Explicit cases do not get the configured headers.
    auth = {"Authorization": f"Bearer {seeded['access_token']}"}
    run = schema["/v1/workflows/{workflow_id}/run"]["POST"]
    run_path = {"workflow_id": seeded["workflow_id"]}
    events = schema["/v1/executions/{execution_id}/events"]["GET"]
    events_path = {"execution_id": seeded["execution_id"]}
    return [
        (
            "a list page with a next page",
            schema["/v1/executions"]["GET"].Case(
                query={"workflow_id": seeded["workflow_id"], "limit": 1}, headers=auth
            ),
        ),
        (
            "a batch of a seeded execution and an unknown one",
            schema["/v1/executions:batchGet"]["POST"].Case(
                body={"ids": [seeded["execution_id"], unknown]}, headers=auth
            ),
        ),
        (
            "a batch of a seeded workflow and an unknown one",
            schema["/v1/workflows:batchGet"]["POST"].Case(
                body={"ids": [seeded["workflow_id"], unknown]}, headers=auth
            ),
        ),
        ("the event stream of a finished execution", events.Case(path_parameters=events_path, headers=auth)),
        (
            "the event stream resumed after its first event",
            events.Case(path_parameters=events_path, headers={**auth, "Last-Event-ID": "1"}),
        ),
        (
            "a run with an Idempotency-Key",
            run.Case(
                path_parameters=run_path, headers={**auth, "Idempotency-Key": key}, body={"input": {"n": 1}}
            ),
        ),
        (
            "the same run again: replayed",
            run.Case(
                path_parameters=run_path, headers={**auth, "Idempotency-Key": key}, body={"input": {"n": 1}}
            ),
        ),
        (
            "the same key for another run: refused",
            run.Case(
                path_parameters=run_path, headers={**auth, "Idempotency-Key": key}, body={"input": {"n": 2}}
            ),
        ),
    ]


def test_every_answer_matches_the_openapi_document(
    contract_schema: tuple[schemathesis.BaseSchema, dict[str, str]],
) -> None:
    schema, seeded = contract_schema
    failures: list[str] = []
    tested = []
    answers: Counter[tuple[str, int]] = Counter()
    with requests.Session() as http:
        # First, while the seeded resources are as seeded (generated requests may delete them).
        seeded_statuses: list[tuple[str, int, Any]] = []
        for what, case in _seeded_cases(schema, seeded):
            try:
                response = case.call_and_validate(session=http, checks=CHECKS)
                seeded_statuses.append((what, response.status_code, response.headers))
            except (FailureGroup, Exception) as failure:
                failures.append(f"{case.operation.label} ({what}):\n{failure}")
        for result in schema.get_all_operations():
            assert isinstance(result, Ok), result
            operation = result.ok()
            if (operation.method.upper(), operation.path) in EXCLUDED:
                continue
            tested.append(operation.label)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                failures += _exercise(operation, mode, seeded, http, answers)
    if len(seeded_statuses) == len(SEEDED_STATUSES):
        # The seeded requests reached what they were made for, not an error before it.
        assert [status for _what, status, _headers in seeded_statuses] == SEEDED_STATUSES, seeded_statuses
        # (Schemathesis gives each header as the list of its values.)
        assert 'rel="next"' in " ".join(seeded_statuses[0][2].get("link", []))
        replayed = [headers.get("idempotent-replayed") for _what, _status, headers in seeded_statuses[5:7]]
        assert replayed == [None, ["true"]]
    by_status = Counter(status for (_label, status), count in answers.items() for _ in range(count))
    succeeded = {label for (label, status) in answers if status < 300}
    reached = {label for (label, status) in answers if status not in (401, 404)}
    print(
        f"{sum(answers.values())} conforming answers from {len(tested)} operations: {dict(sorted(by_status.items()))}"
    )
    print(f"operations never answering 2xx: {sorted(set(tested) - succeeded)}")
    assert len(tested) >= 50, tested
    # The run got past authentication and lookups: nearly every operation answered something else
    # than 401 or 404 at least once, and many succeeded.
    assert len(reached) >= 0.9 * len(tested), sorted(set(tested) - reached)
    assert len(succeeded) >= 25, sorted(set(tested) - succeeded)
    assert not failures, f"{len(failures)} operations answered against their document:\n\n" + "\n\n".join(
        failures
    )


@pytest.mark.security
def test_a_method_a_path_lacks_is_405_with_every_method_of_the_path_in_allow(
    contract_schema: tuple[schemathesis.BaseSchema, dict[str, str]], suite: devctl.Instance
) -> None:
    """`unsupported_method` and `allow_header_conformance`, for every path: an OPTIONS (which no
    path serves) and TRACE answer 405 whose `Allow` lists exactly the path's documented methods
    (HEAD beside GET). The router alone named only the methods of the one route it matched."""
    schema, seeded = contract_schema
    document = schema.raw_schema
    wrong = []
    with requests.Session() as http:
        for path, operations in document["paths"].items():
            documented = {
                method.upper() for method in operations if method in ("get", "post", "put", "patch", "delete")
            }
            if "GET" in documented:
                documented.add("HEAD")
            url = suite.gateway_url + path.format(**{**seeded, "dead_letter_id": "x", "session_id": "x"})
            for method in ("OPTIONS", "TRACE"):
                response = http.request(
                    method, url, headers={"Authorization": f"Bearer {seeded['access_token']}"}
                )
                allowed = {m.strip() for m in response.headers.get("Allow", "").split(",") if m.strip()}
                if response.status_code != 405 or allowed != documented:
                    wrong.append(
                        f"{method} {path}: {response.status_code}, Allow: {sorted(allowed)} (documented: {sorted(documented)})"
                    )
    assert not wrong, "\n".join(wrong)
