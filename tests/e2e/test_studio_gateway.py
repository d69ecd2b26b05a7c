"""What the gateway adds for Studio, over HTTP: the app served at `/` with its caching and CSP,
the browser session (refresh token in an HttpOnly cookie, CSRF-checked), and `GET /v1/node-types`."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from .conftest import PASSWORD, User, login, register_and_login

pytestmark = pytest.mark.e2e

DIST = Path(__file__).resolve().parents[2] / "web" / "dist"


def test_the_app_is_served_at_the_root_with_its_own_csp_and_caching(api: httpx.Client) -> None:
    index = api.get("/")
    assert index.status_code == 200
    assert index.headers["content-type"].startswith("text/html")
    assert index.headers["cache-control"] == "no-cache"
    csp = index.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    # A route of the app, deep-linked or reloaded, is the same page.
    assert api.get("/workflows/0b6f8f0e-6a55-4c49-9a1e-0c2c3f0b0001").text == index.text
    asset = re.search(r'src="(/assets/[^"]+\.js)"', index.text)
    assert asset, index.text
    script = api.get(asset.group(1), headers={"Accept-Encoding": "gzip"})
    assert script.status_code == 200
    assert script.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert script.headers["content-encoding"] == "gzip"
    assert script.content == (DIST / asset.group(1).lstrip("/")).read_bytes()


def test_the_api_answers_as_before_beside_the_app(api: httpx.Client, user: User) -> None:
    for method in ("GET", "POST", "DELETE"):
        missing = api.request(method, "/v1/no-such-thing")
        # A 404 problem, not the app's page, and not a 405 from a catch-all route.
        assert missing.status_code == 404, (method, missing.text)
        assert missing.headers["content-type"] == "application/problem+json"
    assert api.post("/no-such-page").status_code == 404
    assert api.get("/assets/no-such-file.js").status_code == 404
    assert api.get("/favicon.ico").status_code == 404
    me = api.get("/v1/me", headers=user.headers)
    assert me.headers["content-security-policy"].startswith("default-src 'none'")
    assert me.headers["cache-control"] == "no-store"


def browser_login(api: httpx.Client, email: str) -> httpx.Response:
    response = api.post("/v1/auth/session", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return response


def cookies_of(response: httpx.Response) -> dict[str, str]:
    """Each Set-Cookie of the response, by name, as sent (httpx's jar keeps no Secure cookie over http)."""
    found = {}
    for header in response.headers.get_list("set-cookie"):
        found[header.split("=", 1)[0]] = header
    return found


def value(set_cookie: str) -> str:
    return set_cookie.split(";", 1)[0].split("=", 1)[1]


def refresh(api: httpx.Client, refresh_cookie: str, csrf: str, **headers: str) -> httpx.Response:
    return api.post(
        "/v1/auth/session/refresh",
        headers={"Cookie": f"jobsprint_refresh={refresh_cookie}; jobsprint_csrf={csrf}", **headers},
    )


@pytest.mark.security
def test_the_browser_session_keeps_the_refresh_token_out_of_reach_of_scripts(api: httpx.Client) -> None:
    user = register_and_login(api)
    response = browser_login(api, user.email)
    assert set(response.json()) == {"access_token", "token_type", "expires_in"}
    cookies = cookies_of(response)
    refresh_cookie = cookies["jobsprint_refresh"].lower()
    for attribute in ("httponly", "secure", "samesite=strict", "path=/v1/auth/session", "max-age="):
        assert attribute in refresh_cookie, refresh_cookie
    csrf_cookie = cookies["jobsprint_csrf"].lower()
    assert "secure" in csrf_cookie and "samesite=strict" in csrf_cookie and "httponly" not in csrf_cookie
    assert (
        api.get("/v1/me", headers={"Authorization": f"Bearer {response.json()['access_token']}"}).status_code
        == 200
    )
    # The JSON flow of API clients is unchanged.
    assert (
        "refresh_token" in api.post("/v1/auth/login", json={"email": user.email, "password": PASSWORD}).json()
    )


@pytest.mark.security
def test_refreshing_the_browser_session_needs_the_csrf_header_and_rotates_the_cookie(
    api: httpx.Client,
) -> None:
    user = register_and_login(api)
    cookies = cookies_of(browser_login(api, user.email))
    token, csrf = value(cookies["jobsprint_refresh"]), value(cookies["jobsprint_csrf"])

    for refused in (
        refresh(api, token, csrf),  # no X-CSRF-Token: what a cross-site form post looks like
        refresh(api, token, csrf, **{"X-CSRF-Token": "guessed"}),
        refresh(api, token, csrf, **{"X-CSRF-Token": csrf, "Origin": "https://evil.example"}),
        refresh(api, token, csrf, **{"X-CSRF-Token": csrf, "Sec-Fetch-Site": "cross-site"}),
    ):
        assert refused.status_code == 403, refused.text
        assert refused.headers["content-type"] == "application/problem+json"

    same_origin = {"X-CSRF-Token": csrf, "Origin": api.base_url.scheme + "://" + api.base_url.netloc.decode()}
    renewed = refresh(api, token, csrf, **same_origin)
    assert renewed.status_code == 200, renewed.text
    assert "access_token" in renewed.json() and "refresh_token" not in renewed.json()
    rotated = value(cookies_of(renewed)["jobsprint_refresh"])
    assert rotated != token
    # A refresh token works once.
    assert refresh(api, token, csrf, **{"X-CSRF-Token": csrf}).status_code == 401
    assert refresh(api, "", csrf, **{"X-CSRF-Token": csrf}).status_code == 401


@pytest.mark.security
def test_signing_out_of_the_browser_session_ends_it_and_clears_the_cookies(api: httpx.Client) -> None:
    user = register_and_login(api)
    response = browser_login(api, user.email)
    cookies = cookies_of(response)
    token, csrf = value(cookies["jobsprint_refresh"]), value(cookies["jobsprint_csrf"])
    access = {"Authorization": f"Bearer {response.json()['access_token']}"}
    ended = api.delete(
        "/v1/auth/session", headers={**access, "Cookie": f"jobsprint_refresh={token}; jobsprint_csrf={csrf}"}
    )
    assert ended.status_code == 204
    cleared = cookies_of(ended)
    assert (
        'jobsprint_refresh=""' in cleared["jobsprint_refresh"]
        and "max-age=0" in cleared["jobsprint_refresh"].lower()
    )
    assert api.get("/v1/me", headers=access).status_code == 401
    assert refresh(api, token, csrf, **{"X-CSRF-Token": csrf}).status_code == 401
    # Without a bearer token, nothing is ended.
    assert api.delete("/v1/auth/session").status_code == 401


def test_node_types_lists_every_node_with_its_parameters_schema(api: httpx.Client, user: User) -> None:
    response = api.get("/v1/node-types", headers=user.headers)
    assert response.status_code == 200, response.text
    items = {item["type"]: item for item in response.json()["items"]}
    assert len(items) == len(response.json()["items"]), "a type is listed twice"
    for core in (
        "trigger.manual",
        "trigger.webhook",
        "trigger.cron",
        "core.set",
        "core.if",
        "core.switch",
        "core.http_request",
        "core.subworkflow",
    ):
        assert core in items, sorted(items)
    assert items["trigger.cron"]["category"] == "trigger"
    assert items["trigger.cron"]["parameters_schema"]["required"] == ["expression"]
    assert items["core.if"]["outputs"] == ["true", "false"]
    assert items["core.set"]["parameters_schema"]["properties"]["values"] == {"type": "object"}
    http = items["integration.http.request"]
    assert http["category"] == "integration"
    assert "url" in http["parameters_schema"]["properties"]
    assert http["parameters_schema"]["properties"]["credential"]["type"] == "string"
    assert all(item["description"] for item in items.values())
    assert api.get("/v1/node-types").status_code == 401


def test_a_viewer_may_read_the_node_types(api: httpx.Client) -> None:
    owner = register_and_login(api)
    viewer = register_and_login(api)
    workspace = api.get("/v1/me", headers=owner.headers).json()["workspace"]["id"]
    added = api.post("/v1/members", json={"email": viewer.email, "role": "viewer"}, headers=owner.headers)
    assert added.status_code == 201, added.text
    as_viewer = login(api, viewer.email, workspace)
    assert api.get("/v1/node-types", headers=as_viewer.headers).status_code == 200
