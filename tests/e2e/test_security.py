"""The security suite: every forged, stale or revoked credential gets 401, every role gets 403
where due, and another workspace's ids are 404 — over HTTP against the running suite."""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import devctl
import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jobsprint.common import keyring

from .conftest import INSTANCE, PASSWORD, User, create_workflow, login, register_and_login, wait_for_execution

pytestmark = [pytest.mark.e2e, pytest.mark.security]

RELOAD_WAIT = 1.6  # services re-read the key file at most once a second


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _claims_of(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))  # type: ignore[no-any-return]


def _ring() -> tuple[dict[str, str], str]:
    return keyring.read(devctl.jwt_key_file(INSTANCE))


def _forge(
    user: User, *, headers: dict[str, Any] | None = None, key: str | None = None, **claims: Any
) -> str:
    """A token like the user's, re-signed with the instance's real current key unless told otherwise."""
    keys, current = _ring()
    body = _claims_of(user.access_token) | claims
    return jwt.encode(
        body, key or keys[current], algorithm="HS256", headers={"kid": current, **(headers or {})}
    )


def _status(api: httpx.Client, token: str) -> int:
    return api.get("/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()  # type: ignore[no-any-return]


def test_a_reforged_copy_of_a_real_token_is_accepted_so_the_refusals_below_mean_something(
    api: httpx.Client, user: User
):
    assert _status(api, _forge(user)) == 200


def test_a_token_with_alg_none_is_refused(api: httpx.Client, user: User):
    header = _b64(json.dumps({"alg": "none", "typ": "JWT", "kid": _ring()[1]}).encode())
    payload = _b64(json.dumps(_claims_of(user.access_token)).encode())
    assert _status(api, f"{header}.{payload}.") == 401
    assert _status(api, f"{header}.{payload}") == 401


def test_an_rs256_token_is_refused_whatever_key_signed_it(api: httpx.Client, user: User):
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    claims = _claims_of(user.access_token)
    rs_token = jwt.encode(claims, private, algorithm="RS256", headers={"kid": _ring()[1]})
    assert _status(api, rs_token) == 401
    # The classic confusion: an RS256 header over an HMAC made with a key the verifier holds.
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    keys, current = _ring()
    for secret in (keys[current].encode(), public_pem):
        header = _b64(json.dumps({"alg": "RS256", "typ": "JWT", "kid": current}).encode())
        payload = _b64(json.dumps(claims).encode())
        signature = jwt.api_jws.get_algorithm_by_name("HS256").sign(f"{header}.{payload}".encode(), secret)
        assert _status(api, f"{header}.{payload}.{_b64(signature)}") == 401


def test_an_expired_token_is_refused(api: httpx.Client, user: User):
    now = int(time.time())
    assert _status(api, _forge(user, iat=now - 3600, nbf=now - 3600, exp=now - 60)) == 401


def test_a_token_not_valid_yet_is_refused(api: httpx.Client, user: User):
    now = int(time.time())
    assert _status(api, _forge(user, nbf=now + 600, exp=now + 1200)) == 401


def test_a_token_for_another_audience_or_from_another_issuer_is_refused(api: httpx.Client, user: User):
    assert _status(api, _forge(user, aud="someone-else")) == 401
    assert _status(api, _forge(user, iss="https://evil.example")) == 401


def test_a_token_missing_a_required_claim_is_refused(api: httpx.Client, user: User):
    claims = _claims_of(user.access_token)
    del claims["jti"]
    keys, current = _ring()
    assert _status(api, jwt.encode(claims, keys[current], algorithm="HS256", headers={"kid": current})) == 401


def test_a_tampered_payload_is_refused(api: httpx.Client, user: User):
    header, _payload, signature = user.access_token.split(".")
    claims = _claims_of(user.access_token) | {"roles": ["owner"], "wid": str(uuid.uuid4())}
    assert _status(api, f"{header}.{_b64(json.dumps(claims).encode())}.{signature}") == 401


def test_a_token_with_an_unknown_kid_or_a_guessed_key_is_refused(api: httpx.Client, user: User):
    assert _status(api, _forge(user, headers={"kid": "no-such-key"})) == 401
    assert _status(api, _forge(user, key="x" * 64)) == 401


def test_a_revoked_token_is_refused_at_once_by_the_gateway_and_the_services(api: httpx.Client, user: User):
    assert api.post("/v1/auth/logout", headers=user.headers).status_code == 204
    _problem(api.get("/v1/me", headers=user.headers), 401)
    _problem(api.post("/v1/workflows", json={}, headers=user.headers), 401)
    # Logging out ended the session too: its refresh token is spent.
    _problem(api.post("/v1/auth/refresh", json={"refresh_token": user.refresh_token}), 401)


def test_a_reused_refresh_token_revokes_its_whole_family_and_its_access_tokens(api: httpx.Client, user: User):
    rotated = api.post("/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert rotated.status_code == 200, rotated.text
    newer = rotated.json()
    assert _status(api, newer["access_token"]) == 200

    replay = _problem(api.post("/v1/auth/refresh", json={"refresh_token": user.refresh_token}), 401)
    assert "already used" in replay["detail"]
    _problem(api.post("/v1/auth/refresh", json={"refresh_token": newer["refresh_token"]}), 401)
    assert _status(api, newer["access_token"]) == 401
    assert _status(api, user.access_token) == 401


def test_another_session_of_the_same_user_survives_a_family_revocation(api: httpx.Client, user: User):
    other = login(api, user.email)
    api.post("/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    api.post("/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert _status(api, user.access_token) == 401
    assert _status(api, other.access_token) == 200


def test_sessions_are_listed_and_one_can_be_revoked_from_another(api: httpx.Client, user: User):
    laptop = login(api, user.email)
    listed = api.get("/v1/me/sessions", headers=user.headers)
    assert listed.status_code == 200, listed.text
    sessions = listed.json()["items"]
    assert len(sessions) == 2
    current = [s for s in sessions if s["current"]]
    assert len(current) == 1
    laptop_session = next(s for s in sessions if not s["current"])

    assert api.delete(f"/v1/me/sessions/{laptop_session['id']}", headers=user.headers).status_code == 204
    assert _status(api, laptop.access_token) == 401
    _problem(api.post("/v1/auth/refresh", json={"refresh_token": laptop.refresh_token}), 401)
    assert _status(api, user.access_token) == 200
    assert [s["id"] for s in api.get("/v1/me/sessions", headers=user.headers).json()["items"]] == [
        current[0]["id"]
    ]


def test_another_users_session_cannot_be_revoked(api: httpx.Client, user: User):
    stranger = register_and_login(api)
    theirs = api.get("/v1/me/sessions", headers=stranger.headers).json()["items"][0]["id"]
    _problem(api.delete(f"/v1/me/sessions/{theirs}", headers=user.headers), 404)
    assert _status(api, stranger.access_token) == 200


@pytest.fixture
def restored_key_file() -> Iterator[None]:
    path = devctl.jwt_key_file(INSTANCE)
    saved = path.read_bytes()
    yield
    keys, current = keyring.parse_key_file(saved)
    keyring.write(path, keys, current)
    time.sleep(RELOAD_WAIT)


def test_keys_rotate_without_a_restart_and_a_retired_key_stops_verifying(
    api: httpx.Client, user: User, restored_key_file: None
):
    path = devctl.jwt_key_file(INSTANCE)
    old_kid = _ring()[1]
    new_kid = keyring.add(path, kid=f"rotated-{uuid.uuid4().hex[:6]}")
    keyring.promote(path, kid=new_kid)
    time.sleep(RELOAD_WAIT)

    fresh = login(api, user.email)
    assert jwt.get_unverified_header(fresh.access_token)["kid"] == new_kid
    assert jwt.get_unverified_header(user.access_token)["kid"] == old_kid
    assert _status(api, user.access_token) == 200, "tokens signed with the previous key still verify"
    create_workflow(api, fresh)  # and the services accept the new key as well

    keyring.retire(path, kid=old_kid)
    time.sleep(RELOAD_WAIT)
    assert _status(api, user.access_token) == 401
    assert api.post("/v1/workflows", json={}, headers=user.headers).status_code == 401
    assert _status(api, fresh.access_token) == 200


# --- roles -----------------------------------------------------------------------------------


def _member(api: httpx.Client, owner: User, workspace_id: str, role: str) -> tuple[User, str]:
    newcomer = register_and_login(api)
    added = api.post("/v1/members", json={"email": newcomer.email, "role": role}, headers=owner.headers)
    assert added.status_code == 201, added.text
    assert added.json()["role"] == role
    return login(api, newcomer.email, workspace_id), added.json()["user"]["id"]


@pytest.fixture(scope="module")
def team(api: httpx.Client) -> dict[str, Any]:
    owner = register_and_login(api)
    workspace_id = api.get("/v1/me", headers=owner.headers).json()["workspace"]["id"]
    members = {role: _member(api, owner, workspace_id, role) for role in ("admin", "editor", "viewer")}
    workflow = create_workflow(api, owner)
    run = api.post(
        f"/v1/workflows/{workflow['id']}/run",
        json={"input": {"qty": 1, "unit_price": 2}},
        headers=owner.headers,
    )
    execution_id = run.json()["execution_id"]
    wait_for_execution(api, owner, execution_id)
    return {
        "owner": owner,
        "workspace_id": workspace_id,
        "workflow_id": workflow["id"],
        "execution_id": execution_id,
        **{role: user for role, (user, _id) in members.items()},
        "ids": {role: user_id for role, (_user, user_id) in members.items()},
    }


def test_a_member_signs_in_to_the_workspace_they_were_added_to(api: httpx.Client, team: dict[str, Any]):
    me = api.get("/v1/me", headers=team["viewer"].headers).json()
    assert (me["workspace"]["id"], me["roles"]) == (team["workspace_id"], ["viewer"])


def test_signing_in_to_a_workspace_you_do_not_belong_to_is_forbidden(api: httpx.Client, team: dict[str, Any]):
    stranger = register_and_login(api)
    response = api.post(
        "/v1/auth/login",
        json={
            "email": stranger.email,
            "password": "correct horse battery staple",
            "workspace_id": team["workspace_id"],
        },
    )
    _problem(response, 403)


ACTIONS: dict[str, Any] = {
    "read workflow": lambda api, t, h: api.get(f"/v1/workflows/{t['workflow_id']}", headers=h),
    "read execution": lambda api, t, h: api.get(f"/v1/executions/{t['execution_id']}", headers=h),
    "create workflow": lambda api, t, h: api.post(
        "/v1/workflows",
        json={"name": "x", "definition": {"nodes": [{"id": "s", "type": "trigger.manual"}], "edges": []}},
        headers=h,
    ),
    "activate": lambda api, t, h: api.post(f"/v1/workflows/{t['workflow_id']}/activate", headers=h),
    "deactivate": lambda api, t, h: api.post(f"/v1/workflows/{t['workflow_id']}/deactivate", headers=h),
    "run": lambda api, t, h: api.post(f"/v1/workflows/{t['workflow_id']}/run", json={"input": {}}, headers=h),
    "list members": lambda api, t, h: api.get("/v1/members", headers=h),
}
# action: roles allowed (the others get 403)
ALLOWED = {
    "read workflow": {"owner", "admin", "editor", "viewer"},
    "read execution": {"owner", "admin", "editor", "viewer"},
    "create workflow": {"owner", "admin", "editor"},
    "activate": {"owner", "admin", "editor"},
    "deactivate": {"owner", "admin", "editor"},
    "run": {"owner", "admin", "editor"},
    "list members": {"owner", "admin"},
}


@pytest.mark.parametrize("role", ["owner", "admin", "editor", "viewer"])
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_role_may_do_exactly_what_it_should(
    api: httpx.Client, team: dict[str, Any], role: str, action: str
):
    response = ACTIONS[action](api, team, team[role].headers)
    if role in ALLOWED[action]:
        assert response.status_code < 300, f"{role} {action}: {response.text}"
    else:
        body = _problem(response, 403)
        assert "role" in body["detail"]


def test_an_admin_manages_editors_but_not_owners(api: httpx.Client, team: dict[str, Any]):
    admin = team["admin"].headers
    newcomer = register_and_login(api)
    _problem(api.post("/v1/members", json={"email": newcomer.email, "role": "owner"}, headers=admin), 403)
    added = api.post("/v1/members", json={"email": newcomer.email, "role": "viewer"}, headers=admin)
    assert added.status_code == 201, added.text
    owner_id = api.get("/v1/me", headers=team["owner"].headers).json()["user"]["id"]
    _problem(api.patch(f"/v1/members/{owner_id}", json={"role": "viewer"}, headers=admin), 403)
    _problem(api.delete(f"/v1/members/{owner_id}", headers=admin), 403)
    _problem(api.post("/v1/members", json={"email": newcomer.email, "role": "viewer"}, headers=admin), 409)
    assert api.delete(f"/v1/members/{added.json()['user']['id']}", headers=admin).status_code == 204


def test_an_unknown_email_or_role_is_refused_with_a_reason(api: httpx.Client, team: dict[str, Any]):
    owner = team["owner"].headers
    body = _problem(
        api.post("/v1/members", json={"email": "nobody-here@example.com", "role": "viewer"}, headers=owner),
        404,
    )
    assert "register" in body["detail"]
    _problem(
        api.post("/v1/members", json={"email": "x@example.com", "role": "superuser"}, headers=owner), 422
    )


def test_the_last_owner_cannot_be_demoted_or_removed(api: httpx.Client):
    owner = register_and_login(api)
    owner_id = api.get("/v1/me", headers=owner.headers).json()["user"]["id"]
    body = _problem(api.patch(f"/v1/members/{owner_id}", json={"role": "admin"}, headers=owner.headers), 409)
    assert "last owner" in body["detail"]
    _problem(api.delete(f"/v1/members/{owner_id}", headers=owner.headers), 409)


def test_removing_a_member_revokes_their_sessions_at_once(api: httpx.Client):
    owner = register_and_login(api)
    workspace_id = api.get("/v1/me", headers=owner.headers).json()["workspace"]["id"]
    member, member_id = _member(api, owner, workspace_id, "editor")
    workflow = create_workflow(api, owner)
    assert api.get(f"/v1/workflows/{workflow['id']}", headers=member.headers).status_code == 200

    assert api.delete(f"/v1/members/{member_id}", headers=owner.headers).status_code == 204
    _problem(api.get(f"/v1/workflows/{workflow['id']}", headers=member.headers), 401)
    _problem(api.post("/v1/auth/refresh", json={"refresh_token": member.refresh_token}), 401)
    ids = [m["user"]["id"] for m in api.get("/v1/members", headers=owner.headers).json()["items"]]
    assert member_id not in ids


def test_a_role_change_applies_at_once_and_the_member_signs_in_again(api: httpx.Client):
    owner = register_and_login(api)
    workspace_id = api.get("/v1/me", headers=owner.headers).json()["workspace"]["id"]
    member, member_id = _member(api, owner, workspace_id, "editor")
    changed = api.patch(f"/v1/members/{member_id}", json={"role": "viewer"}, headers=owner.headers)
    assert changed.status_code == 200 and changed.json()["role"] == "viewer", changed.text
    assert _status(api, member.access_token) == 401
    again = login(api, member.email, workspace_id)
    _problem(api.post("/v1/workflows", json={"name": "x", "definition": {}}, headers=again.headers), 403)


# --- isolation --------------------------------------------------------------------------------


def test_every_route_answers_404_for_another_workspaces_ids(api: httpx.Client, team: dict[str, Any]):
    stranger = register_and_login(api)
    h = stranger.headers
    wid, eid = team["workflow_id"], team["execution_id"]
    member_id = team["ids"]["editor"]
    for response in (
        api.get(f"/v1/workflows/{wid}", headers=h),
        api.post(f"/v1/workflows/{wid}/activate", headers=h),
        api.post(f"/v1/workflows/{wid}/deactivate", headers=h),
        api.post(f"/v1/workflows/{wid}/run", json={"input": {}}, headers=h),
        api.post(f"/v1/workflows/{wid}/run?wait=true", json={"input": {}}, headers=h),
        api.get(f"/v1/executions/{eid}", headers=h),
        api.patch(f"/v1/members/{member_id}", json={"role": "owner"}, headers=h),
        api.delete(f"/v1/members/{member_id}", headers=h),
    ):
        body = _problem(response, 404)
        assert wid not in json.dumps(body.get("errors", [])), "no data of the other workspace"
    members = api.get("/v1/members", headers=h).json()["items"]
    assert [m["user"]["email"] for m in members] == [stranger.email]
    # ... and the editor is still an editor of the first workspace.
    roles = {
        m["user"]["id"]: m["role"]
        for m in api.get("/v1/members", headers=team["owner"].headers).json()["items"]
    }
    assert roles[member_id] == "editor"


def test_changing_the_password_ends_every_session_everywhere(api: httpx.Client, user: User):
    other_device = login(api, user.email)
    owner_workspace = api.get("/v1/me", headers=user.headers).json()["workspace"]["id"]
    team_owner = register_and_login(api)
    team_workspace = api.get("/v1/me", headers=team_owner.headers).json()["workspace"]["id"]
    api.post("/v1/members", json={"email": user.email, "role": "viewer"}, headers=team_owner.headers)
    in_team = login(api, user.email, team_workspace)

    wrong = api.post(
        "/v1/me/password",
        json={"current_password": "not it at all", "new_password": "a brand new passphrase"},
        headers=user.headers,
    )
    _problem(wrong, 403)
    weak = api.post(
        "/v1/me/password", json={"current_password": PASSWORD, "new_password": "short"}, headers=user.headers
    )
    _problem(weak, 422)
    changed = api.post(
        "/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "a brand new passphrase"},
        headers=user.headers,
    )
    assert changed.status_code == 204, changed.text
    for session in (user, other_device, in_team):
        assert _status(api, session.access_token) == 401
        _problem(api.post("/v1/auth/refresh", json={"refresh_token": session.refresh_token}), 401)
    _problem(api.post("/v1/auth/login", json={"email": user.email, "password": PASSWORD}), 401)
    fresh = api.post("/v1/auth/login", json={"email": user.email, "password": "a brand new passphrase"})
    assert fresh.status_code == 200
    assert _status(api, fresh.json()["access_token"]) == 200
    assert owner_workspace != team_workspace


def test_register_and_login_do_not_tell_which_addresses_have_accounts(api: httpx.Client, user: User):
    taken = api.post("/v1/auth/register", json={"email": user.email, "password": "some other passphrase"})
    fresh = api.post(
        "/v1/auth/register", json={"email": f"new-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD}
    )
    assert taken.status_code == fresh.status_code == 201
    assert set(taken.json()) == set(fresh.json())
    wrong_password = api.post("/v1/auth/login", json={"email": user.email, "password": "wrong passphrase!"})
    no_account = api.post(
        "/v1/auth/login",
        json={"email": f"none-{uuid.uuid4().hex[:8]}@example.com", "password": "wrong passphrase!"},
    )
    assert wrong_password.status_code == no_account.status_code == 401
    assert wrong_password.json()["detail"] == no_account.json()["detail"]
    assert _status(api, user.access_token) == 200, "the existing account is untouched"
