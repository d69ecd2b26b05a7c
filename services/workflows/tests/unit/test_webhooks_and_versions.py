"""Webhook signatures and inputs, and version diffs."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from jobsprint.common import jsondoc
from jobsprint.workflows.domain import versions, webhooks


def test_tokens_are_long_random_and_url_safe():
    tokens = {webhooks.new_token() for _ in range(100)}
    assert len(tokens) == 100
    assert all(len(t) >= 43 and t.replace("-", "").replace("_", "").isalnum() for t in tokens)


def test_a_signature_is_the_hex_hmac_sha256_of_the_raw_body():
    body = b'{"amount": 12}'
    expected = "sha256=" + hmac.new(b"s" * 16, body, hashlib.sha256).hexdigest()
    assert webhooks.signature("s" * 16, body) == expected
    assert webhooks.signature_matches("s" * 16, body, expected.upper().replace("SHA256", "sha256"))
    assert not webhooks.signature_matches("s" * 16, body + b" ", expected)
    assert not webhooks.signature_matches("s" * 16, body, None)


def test_a_json_body_is_the_input_a_form_body_an_object_and_other_text_a_string():
    assert webhooks.run_input(content_type="application/json", body=b'{"a": [1]}') == {"a": [1]}
    assert webhooks.run_input(
        content_type="application/x-www-form-urlencoded; charset=utf-8", body=b"a=1&a=2&b="
    ) == {
        "a": ["1", "2"],
        "b": "",
    }
    assert webhooks.run_input(content_type="text/plain", body=b"hello") == "hello"
    assert webhooks.run_input(content_type="", body=b"") == {}


@pytest.mark.security
@pytest.mark.parametrize(
    ("content_type", "body", "where", "what"),
    [
        ("application/json", b'{"a": ' * 300 + b"1" + b"}" * 300, "a.a.a", "nested more than 64 levels deep"),
        ("application/json", b"[" * 5000 + b"]" * 5000, "", "nested more than 64 levels deep"),
        ("application/json", b'{"s": ["\\ud800"]}', "s[0]", "lone surrogate (U+D800)"),
        ("text/plain", b"a\x00b", "", "NUL character"),
        ("application/x-www-form-urlencoded", b"a=%00", "a", "NUL character"),
        ("application/json; charset=utf-8", b"{oops", "", "not JSON, sent as application/json"),
    ],
)
def test_a_webhook_body_no_run_can_keep_is_refused_with_where(
    content_type: str, body: bytes, where: str, what: str
) -> None:
    with pytest.raises(jsondoc.UnstorableDocument) as refused:
        webhooks.run_input(content_type=content_type, body=body)
    assert refused.value.where.startswith(where) and what in refused.value.what


def test_the_request_scope_lower_cases_header_names_and_keeps_repeated_query_values():
    scope = webhooks.request_scope(
        method="post",
        headers=[("X-Event", "push"), ("Accept", "a"), ("accept", "b")],
        query=[("id", "1"), ("id", "2")],
    )
    assert scope == {
        "method": "POST",
        "headers": {"x-event": "push", "accept": ["a", "b"]},
        "query": {"id": ["1", "2"]},
    }


def test_a_diff_names_added_removed_and_changed_nodes_and_edges():
    before = {
        "nodes": [{"id": "start", "type": "trigger.manual"}, {"id": "a", "type": "core.noop"}],
        "edges": [{"from": "start", "to": "a"}],
    }
    after = {
        "nodes": [
            {"id": "start", "type": "trigger.webhook", "parameters": {"method": "POST"}},
            {"id": "b", "type": "core.noop"},
        ],
        "edges": [{"from": "start", "to": "b"}],
    }
    diff = versions.diff(before, after)
    assert [n["id"] for n in diff["nodes_added"]] == ["b"]
    assert [n["id"] for n in diff["nodes_removed"]] == ["a"]
    assert diff["nodes_changed"] == [
        {
            "id": "start",
            "fields": ["parameters", "type"],
            "before": {"parameters": None, "type": "trigger.manual"},
            "after": {"parameters": {"method": "POST"}, "type": "trigger.webhook"},
        }
    ]
    assert (diff["edges_added"], diff["edges_removed"]) == (
        [{"from": "start", "to": "b"}],
        [{"from": "start", "to": "a"}],
    )


def test_the_search_text_holds_node_names_ids_and_types():
    text = versions.search_text(
        {"nodes": [{"id": "send_invoice", "name": "Email the customer", "type": "core.http_request"}]}
    )
    assert text == "Email the customer send invoice core http request"
