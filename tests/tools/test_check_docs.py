"""The documents check (`tools/check_docs.py`, run by `make lint`): what it flags and what it
leaves alone, on documents written here."""

from __future__ import annotations

from pathlib import Path

import check_docs
import pytest


@pytest.fixture(scope="module")
def known() -> check_docs.Known:
    return check_docs.Known.load()


def findings(text: str, known: check_docs.Known) -> list[str]:
    return [f.message for f in check_docs.check_text(check_docs.ROOT / "doc.md", text, known)]


def test_the_repository_documents_pass(known: check_docs.Known) -> None:
    for path in check_docs.documents():
        assert findings(path.read_text(), known) == [], path


def test_a_make_target_that_does_not_exist_is_flagged_with_the_closest_one(known) -> None:
    assert findings("Run `make tset` first.", known) == ["make tset: no such target (did you mean test?)"]
    assert findings("```sh\nmake up && make frobnicate\n```", known) == ["make frobnicate: no such target"]
    assert findings("Run `make test-unit` or `make check-deploy`.", known) == []


def test_prose_is_not_read_even_in_a_code_block(known) -> None:
    assert findings("Make sure to make nothing up.\n```\ntools/  behind the make targets\n```", known) == []


def test_a_setting_no_settings_class_reads_is_flagged(known) -> None:
    assert findings("Set `GATEWAY_RATE_LIMIT_PER_HOUR`.", known) == [
        "GATEWAY_RATE_LIMIT_PER_HOUR: no such setting (did you mean GATEWAY_RATE_LIMIT_PER_MINUTE?)"
    ]
    # AUTH_ is the auth service's prefix: the gateway's setting is GATEWAY_AUTH_RATE_LIMIT_PER_MINUTE.
    assert findings("`AUTH_RATE_LIMIT_PER_MINUTE`", known)[0].startswith(
        "AUTH_RATE_LIMIT_PER_MINUTE: no such"
    )
    assert findings("`GATEWAY_NOTHING_*`", known) == ["GATEWAY_NOTHING_*: matches no setting"]
    assert (
        findings("`GATEWAY_CORS_*`, `EXECUTOR_RELAY_POLL_SECONDS`, `JOBSPRINT_INSTANCE_OFFSET`", known) == []
    )


def test_a_removed_setting_may_be_named_where_the_line_says_so(known) -> None:
    line = "no `GATEWAY_SSE_RELAY_ENABLED` any more <!-- docs-check: removed GATEWAY_SSE_RELAY_ENABLED -->"
    assert findings(line, known) == []
    assert findings("no `GATEWAY_SSE_RELAY_ENABLED` any more", known) != []


def test_an_endpoint_the_gateway_does_not_route_is_flagged(known) -> None:
    assert findings("`POST /v1/workflows/{id}/runs`", known) == [
        "/v1/workflows/{id}/runs: the gateway has no such path (did you mean /v1/workflows/{workflow_id}/run?)"
    ]
    assert findings("```sh\ncurl $API/v1/executons/$ID\n```", known)[0].startswith("/v1/executons/$ID")


def test_placeholders_examples_and_other_servers_urls_pass(known) -> None:
    text = "\n".join(
        [
            "`GET /v1/executions/{id}`, `/v1/executions/<execution_id>`, `/v1/workflows:batchGet`",
            "```sh",
            'curl -s "$API/v1/workflows/$WORKFLOW/run?wait=true"',
            "curl http://127.0.0.1:8080/v1/workflows/0b7c…/versions/2.",
            "curl https://sms.example.com/v1/messages",
            "```",
            "`proto/jobsprint/api/<service>/v1/*.proto`, `jobsprint/credential/v1/<workspace>`",
        ]
    )
    assert findings(text, known) == []


def test_the_command_fails_with_one_line_per_finding(tmp_path: Path, capsys) -> None:
    document = tmp_path / "bad.md"
    document.write_text("`make nothing` and `WORKFLOWS_NOTHING`\n")
    assert check_docs.main([str(document)]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 2
