"""Pure parts of idempotency (what counts as the same request) and of live events (one event, the
same whichever way it arrives)."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.common import events
from jobsprint.gateway.idempotency import _fingerprint
from jobsprint.gateway.live import LiveEvent
from starlette.requests import Request


def _request(path: str = "/v1/workflows", query: str = "", method: str = "POST") -> Request:
    return Request(
        {"type": "http", "method": method, "path": path, "query_string": query.encode(), "headers": []}
    )


def test_the_same_json_with_other_spacing_or_key_order_is_the_same_request():
    one = _fingerprint(_request(), b'{"name": "a", "tags": ["x", "y"]}')
    assert one == _fingerprint(_request(), b'{"tags":["x","y"],"name":"a"}')
    assert one != _fingerprint(_request(), b'{"name": "a", "tags": ["y", "x"]}')


def test_another_path_query_method_or_body_is_another_request():
    base = _fingerprint(_request(), b"{}")
    assert base != _fingerprint(_request("/v1/api-keys"), b"{}")
    assert base != _fingerprint(_request(query="wait=true"), b"{}")
    assert base != _fingerprint(_request(method="PUT"), b"{}")
    assert base != _fingerprint(_request(), b"")
    # Not JSON: compared byte for byte.
    assert _fingerprint(_request(), b"{oops") != _fingerprint(_request(), b"{oops ")


def test_a_published_event_and_the_history_s_copy_are_the_same_event():
    when = datetime(2026, 11, 25, 21, 0, 0, 123456, tzinfo=UTC)
    published = events.cloud_event(
        type_="step.succeeded",
        source="/jobsprint/executor",
        subject="e-1",
        data={"node_id": "a", "status": "succeeded", "attempts": 1},
        sequence=3,
        time=when,
    )
    stamp = executor_pb2.ExecutionEvent().time
    stamp.FromDatetime(when)
    history = executor_pb2.ExecutionEvent(
        execution_id="e-1",
        sequence=3,
        type="step.succeeded",
        data=orjson.dumps({"node_id": "a", "status": "succeeded", "attempts": 1}),
        time=stamp,
    )
    assert LiveEvent.from_envelope(published) == LiveEvent.from_message(history)
    assert orjson.loads(published)["sequence"] == "000000000003"


def test_an_envelope_without_a_sequence_or_not_json_is_no_live_event():
    unnumbered = events.cloud_event(type_="workflow.updated", source="/w", subject="w-1", data={})
    assert LiveEvent.from_envelope(unnumbered) is None
    assert LiveEvent.from_envelope(b"not json") is None
    assert LiveEvent.from_envelope(b"[1, 2]") is None
