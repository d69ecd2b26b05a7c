"""The API client's error mapping, event-stream parsing and token refresh; connection profiles."""

from __future__ import annotations

import json
import stat

import httpx
import pytest
from jobsprint.console import exits
from jobsprint.console.client import Api, ApiError, parse_sse
from jobsprint.console.profiles import Profile, Profiles, UnknownProfile, api_for, resolve


def test_problem_answers_become_errors_with_the_exit_code_that_means_them():
    def answer(request: httpx.Request) -> httpx.Response:
        status = int(request.url.path.rsplit("/", 1)[-1])
        problem = {
            "status": status,
            "detail": f"detail {status}",
            "errors": [{"field": "name", "message": "required"}],
        }
        return httpx.Response(status, json=problem, headers={"content-type": "application/problem+json"})

    api = Api(url="http://api.test", transport=httpx.MockTransport(answer))
    codes = {}
    for status in (400, 401, 403, 404, 409, 422, 500, 503):
        with pytest.raises(ApiError) as raised:
            api.get(f"/v1/status/{status}")
        codes[status] = raised.value.exit_code
        assert str(raised.value) == f"{status} detail {status}"
    assert codes == {400: 1, 401: 4, 403: 4, 404: 3, 409: 1, 422: 1, 500: 1, 503: 1}
    assert raised.value.field_errors == [{"field": "name", "message": "required"}]
    assert exits.for_status(None) == exits.FAILURE  # unreachable


def test_an_expired_token_is_refreshed_once_and_the_request_repeated():
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization", ""))
        if request.headers.get("authorization") == "Bearer new":
            return httpx.Response(200, json={"ok": True})
        return httpx.Response(401, json={"detail": "expired"})

    api = Api(
        url="http://api.test", token="old", refresh=lambda: "new", transport=httpx.MockTransport(answer)
    )
    assert api.get("/v1/me") == {"ok": True}
    assert seen == ["Bearer old", "Bearer new"]
    refused = Api(
        url="http://api.test", token="old", refresh=lambda: None, transport=httpx.MockTransport(answer)
    )
    with pytest.raises(ApiError) as raised:
        refused.get("/v1/me")
    assert raised.value.exit_code == exits.AUTH


def test_server_sent_events_are_parsed_and_comments_skipped():
    stream = [
        ": execution 5a1c",
        "retry: 2000",
        "",
        "event: execution.queued",
        'data: {"sequence": 1, "data": {"status": "queued"}}',
        "id: 1",
        "",
        ": keep-alive",
        "event: step.succeeded",
        'data: {"sequence": 2,',
        'data:  "data": {"node_id": "a"}}',
        "id: 2",
        "",
    ]
    events = list(parse_sse(iter(stream)))
    assert [(e.id, e.type) for e in events] == [(1, "execution.queued"), (2, "step.succeeded")]
    assert events[1].data["data"] == {"node_id": "a"}


def test_profiles_are_written_readable_by_their_owner_only(tmp_path):
    path = tmp_path / "nested" / "config.json"
    store = Profiles.load(path)
    store.put(Profile(name="prod", url="https://prod.test", api_key="jsk_secret"))
    store.put(
        Profile(
            name="dev", url="http://127.0.0.1:8080", email="a@b.test", access_token="t", refresh_token="r"
        )
    )
    store.save()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = Profiles.load(path)
    assert again.current == "dev" and again.profiles["prod"].token == "jsk_secret"
    assert json.loads(path.read_text())["profiles"]["dev"] == {
        "url": "http://127.0.0.1:8080",
        "email": "a@b.test",
        "access_token": "t",
        "refresh_token": "r",
    }
    again.remove("dev")
    assert again.current == "prod"


def test_a_chosen_profile_wins_then_the_environment_then_the_current_profile(tmp_path):
    store = Profiles(tmp_path / "c.json")
    store.put(Profile(name="prod", url="https://prod.test", api_key="jsk_prod"))
    env = {"JOBSPRINT_URL": "http://env.test", "JOBSPRINT_TOKEN": "env-token"}

    chosen = resolve(profile="prod", url=None, env=env, profiles=store)
    assert (chosen.url, chosen.token, chosen.source) == ("https://prod.test", "jsk_prod", "profile prod")
    from_env = resolve(profile=None, url=None, env=env, profiles=store)
    assert (from_env.url, from_env.token, from_env.source) == ("http://env.test", "env-token", "environment")
    current = resolve(profile=None, url="http://override.test", env={}, profiles=store)
    assert (current.url, current.token) == ("http://override.test", "jsk_prod")
    bare = resolve(profile=None, url=None, env={}, profiles=Profiles(tmp_path / "none.json"))
    assert (bare.url, bare.token, bare.source) == ("http://127.0.0.1:8080", None, "default")
    with pytest.raises(UnknownProfile):
        resolve(profile="nope", url=None, env={}, profiles=store)
    assert api_for(chosen).refresh is None  # an API key is never refreshed
