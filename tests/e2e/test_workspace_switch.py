"""Moving between your workspaces without the password again (ADR-098): `GET /v1/me/workspaces`,
`POST /v1/auth/switch` for API clients, and `POST /v1/auth/session/switch` for the browser's
session, whose cookie moves with it while the session it replaces ends."""

from __future__ import annotations

import httpx
import pytest

from .conftest import User, register_and_login
from .test_studio_gateway import browser_login, cookies_of, refresh, value

pytestmark = pytest.mark.e2e


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def two_workspaces(api: httpx.Client) -> tuple[User, User]:
    """`member`, registered with a workspace of their own, is added as an editor to `owner`'s."""
    member, owner = register_and_login(api), register_and_login(api)
    added = api.post("/v1/members", json={"email": member.email, "role": "editor"}, headers=owner.headers)
    assert added.status_code == 201, added.text
    return member, owner


def workspace_of(api: httpx.Client, token: str) -> dict:
    me = api.get("/v1/me", headers=bearer(token))
    assert me.status_code == 200, me.text
    return me.json()


def test_a_member_of_two_workspaces_lists_both_and_switches_without_the_password(api: httpx.Client) -> None:
    member, owner = two_workspaces(api)
    own = workspace_of(api, member.access_token)["workspace"]
    theirs = workspace_of(api, owner.access_token)["workspace"]

    listed = api.get("/v1/me/workspaces", headers=member.headers)
    assert listed.status_code == 200, listed.text
    items = listed.json()["items"]
    # In the order joined: the one registered with first, and it is the token's.
    assert [(i["workspace"]["id"], i["role"], i["current"]) for i in items] == [
        (own["id"], "owner", True),
        (theirs["id"], "editor", False),
    ]
    assert items[1]["workspace"]["name"] == theirs["name"] and items[1]["joined_at"]

    switched = api.post("/v1/auth/switch", json={"workspace_id": theirs["id"]}, headers=member.headers)
    assert switched.status_code == 200, switched.text
    pair = switched.json()
    there = workspace_of(api, pair["access_token"])
    assert there["workspace"]["id"] == theirs["id"] and there["roles"] == ["editor"]
    assert [
        i["current"]
        for i in api.get("/v1/me/workspaces", headers=bearer(pair["access_token"])).json()["items"]
    ] == [False, True]
    # What the editor may do there, and only there: the owner's workflows are the ones listed.
    assert api.get("/v1/workflows", headers=bearer(pair["access_token"])).status_code == 200
    # A refresh token like any other: it rotates.
    refreshed = api.post("/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert refreshed.status_code == 200, refreshed.text
    # The session switched from goes on.
    assert workspace_of(api, member.access_token)["workspace"]["id"] == own["id"]


@pytest.mark.security
def test_no_switch_into_a_workspace_you_are_not_a_member_of(api: httpx.Client) -> None:
    member, _ = two_workspaces(api)
    stranger = register_and_login(api)
    elsewhere = workspace_of(api, stranger.access_token)["workspace"]["id"]
    for workspace_id in (elsewhere, "not-a-workspace-id"):
        refused = api.post("/v1/auth/switch", json={"workspace_id": workspace_id}, headers=member.headers)
        assert refused.status_code == 403, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
    assert api.post("/v1/auth/switch", json={"workspace_id": elsewhere}).status_code == 401
    # A removed member can no longer switch in.
    owner_of_elsewhere = stranger
    added = api.post(
        "/v1/members", json={"email": member.email, "role": "viewer"}, headers=owner_of_elsewhere.headers
    )
    assert added.status_code == 201, added.text
    listed = api.get("/v1/me/workspaces", headers=member.headers).json()["items"]
    assert elsewhere in [i["workspace"]["id"] for i in listed]
    user_id = workspace_of(api, member.access_token)["user"]["id"]
    assert api.delete(f"/v1/members/{user_id}", headers=owner_of_elsewhere.headers).status_code == 204
    refused = api.post("/v1/auth/switch", json={"workspace_id": elsewhere}, headers=member.headers)
    assert refused.status_code == 403, refused.text


@pytest.mark.security
def test_an_api_key_has_one_workspace_and_no_switch(api: httpx.Client) -> None:
    member, owner = two_workspaces(api)
    created = api.post("/v1/api-keys", json={"name": "ci", "scopes": ["read"]}, headers=member.headers)
    assert created.status_code == 201, created.text
    key = bearer(created.json()["key"])
    theirs = workspace_of(api, owner.access_token)["workspace"]["id"]
    assert api.get("/v1/me/workspaces", headers=key).status_code == 403
    assert api.post("/v1/auth/switch", json={"workspace_id": theirs}, headers=key).status_code == 403


def test_after_logout_the_token_switches_nowhere(api: httpx.Client) -> None:
    member, owner = two_workspaces(api)
    theirs = workspace_of(api, owner.access_token)["workspace"]["id"]
    assert api.post("/v1/auth/logout", headers=member.headers).status_code == 204
    refused = api.post("/v1/auth/switch", json={"workspace_id": theirs}, headers=member.headers)
    assert refused.status_code == 401, refused.text


def test_the_browser_session_moves_to_the_other_workspace_and_the_old_one_ends(api: httpx.Client) -> None:
    member, owner = two_workspaces(api)
    theirs = workspace_of(api, owner.access_token)["workspace"]["id"]
    signed_in = browser_login(api, member.email)
    old_access = signed_in.json()["access_token"]
    old = cookies_of(signed_in)

    # As the browser sends it: the bearer token, and the cookies of the session's path.
    switched = api.post(
        "/v1/auth/session/switch",
        json={"workspace_id": theirs},
        headers={
            **bearer(old_access),
            "Cookie": f"jobsprint_refresh={value(old['jobsprint_refresh'])}; jobsprint_csrf={value(old['jobsprint_csrf'])}",
        },
    )
    assert switched.status_code == 200, switched.text
    assert set(switched.json()) == {"access_token", "token_type", "expires_in"}
    assert workspace_of(api, switched.json()["access_token"])["workspace"]["id"] == theirs
    new = cookies_of(switched)
    assert "HttpOnly" in new["jobsprint_refresh"] and "Path=/v1/auth/session" in new["jobsprint_refresh"]
    assert value(new["jobsprint_refresh"]) != value(old["jobsprint_refresh"])

    # The session switched from has ended: its access token and its refresh cookie are refused.
    assert api.get("/v1/me", headers=bearer(old_access)).status_code == 401
    csrf = value(old["jobsprint_csrf"])
    stale = refresh(api, value(old["jobsprint_refresh"]), csrf, **{"X-CSRF-Token": csrf})
    assert stale.status_code == 401, stale.text
    # The new cookie renews the new session, in the workspace switched to.
    renewed = refresh(
        api,
        value(new["jobsprint_refresh"]),
        value(new["jobsprint_csrf"]),
        **{"X-CSRF-Token": value(new["jobsprint_csrf"])},
    )
    assert renewed.status_code == 200, renewed.text
    assert workspace_of(api, renewed.json()["access_token"])["workspace"]["id"] == theirs
