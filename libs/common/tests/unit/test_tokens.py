"""Unit tests of JWT access tokens: `jobsprint.common.tokens.KeyRing` and `bearer_token`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import jwt
import pytest
from jobsprint.common.errors import Unauthenticated
from jobsprint.common.tokens import ALGORITHM, KeyRing, Principal, bearer_token

OLD_SECRET = "old-secret-" + "0" * 54
NEW_SECRET = "new-secret-" + "1" * 54
ISSUER, AUDIENCE = "jobsprint", "jobsprint"


def _ring(
    keys: dict[str, str] | None = None,
    current_kid: str = "k2",
    *,
    issuer: str = ISSUER,
    audience: str = AUDIENCE,
) -> KeyRing:
    return KeyRing(
        keys=keys if keys is not None else {"k1": OLD_SECRET, "k2": NEW_SECRET},
        current_kid=current_kid,
        issuer=issuer,
        audience=audience,
    )


def _issue(ring: KeyRing, **overrides: Any) -> tuple[str, str]:
    arguments: dict[str, Any] = {
        "subject": "user-1",
        "workspace_id": "ws-1",
        "roles": ["owner", "editor"],
        "ttl_seconds": 900,
    }
    return ring.issue(**(arguments | overrides))


def _claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "user-1",
        "iat": now,
        "nbf": now,
        "exp": now + 900,
        "jti": "token-1",
        "wid": "ws-1",
        "roles": ["owner"],
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _sign(header: dict[str, Any], claims: dict[str, Any], secret: str) -> str:
    """An HS256 token assembled by hand, so that its header may be anything."""
    signing_input = f"{_b64(header)}.{_b64(claims)}"
    digest = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(digest).rstrip(b'=').decode()}"


def _refused(ring: KeyRing, token: str) -> str:
    with pytest.raises(Unauthenticated) as excinfo:
        ring.verify(token)
    return excinfo.value.message


# --- the round trip ----------------------------------------------------------------------------


def test_a_token_issued_by_the_ring_verifies_to_its_claims() -> None:
    ring = _ring()
    token, token_id = _issue(ring, now=1_000_000_000.0, ttl_seconds=10**10)

    principal = ring.verify(token)

    assert principal == Principal(
        user_id="user-1",
        workspace_id="ws-1",
        roles=("owner", "editor"),
        token_id=token_id,
        expires_at=1_000_000_000 + 10**10,
        token=token,
        kind="user",
        scopes=None,
        session_id=None,
        issued_at=1_000_000_000,
    )


def test_issue_signs_with_the_current_key_and_pins_hs256() -> None:
    token, _ = _issue(_ring())

    header = jwt.get_unverified_header(token)

    assert header["kid"] == "k2"
    assert header["alg"] == ALGORITHM == "HS256"
    jwt.decode(token, NEW_SECRET, algorithms=["HS256"], audience=AUDIENCE)  # raises if not signed by k2


def test_issue_sets_the_registered_claims_from_now_and_ttl() -> None:
    now = time.time()
    token, token_id = _issue(_ring(), now=now, ttl_seconds=60)

    claims = jwt.decode(token, NEW_SECRET, algorithms=["HS256"], audience=AUDIENCE)

    assert claims["iat"] == claims["nbf"] == int(now)
    assert claims["exp"] == int(now) + 60
    assert claims["jti"] == token_id
    assert claims["iss"] == ISSUER
    assert claims["sub"] == "user-1"


def test_every_token_gets_its_own_token_id() -> None:
    ring = _ring()

    assert _issue(ring)[1] != _issue(ring)[1]


def test_a_token_with_no_roles_verifies_to_an_empty_tuple() -> None:
    ring = _ring()

    assert ring.verify(_issue(ring, roles=[])[0]).roles == ()


def test_a_ring_refuses_a_current_kid_it_does_not_hold() -> None:
    with pytest.raises(ValueError, match="k9"):
        _ring(current_kid="k9")


# --- key rotation ------------------------------------------------------------------------------


def test_a_token_signed_by_an_older_key_still_in_the_ring_verifies() -> None:
    before_rotation = _ring({"k1": OLD_SECRET}, current_kid="k1")
    token, _ = _issue(before_rotation)

    after_rotation = _ring({"k1": OLD_SECRET, "k2": NEW_SECRET}, current_kid="k2")

    assert after_rotation.verify(token).user_id == "user-1"


def test_refuses_token_signed_with_retired_key() -> None:
    token, _ = _issue(_ring({"k1": OLD_SECRET}, current_kid="k1"))

    retired = _ring({"k2": NEW_SECRET}, current_kid="k2")

    assert "known key" in _refused(retired, token)


def test_refuses_a_token_whose_kid_names_a_different_key_than_signed_it() -> None:
    token = jwt.encode(_claims(), OLD_SECRET, algorithm="HS256", headers={"kid": "k2"})

    assert _refused(_ring(), token) == "the access token is invalid"


# --- forged and broken tokens ------------------------------------------------------------------


def test_refuses_a_token_whose_payload_was_tampered_with() -> None:
    ring = _ring()
    token, _ = _issue(ring)
    header, _payload, signature = token.split(".")
    forged_claims = jwt.decode(token, options={"verify_signature": False}) | {"roles": ["owner", "admin"]}

    forged = f"{header}.{_b64(forged_claims)}.{signature}"

    assert _refused(ring, forged) == "the access token is invalid"


def test_refuses_a_token_whose_signature_was_tampered_with() -> None:
    ring = _ring()
    token, _ = _issue(ring)
    header, payload, signature = token.split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]

    assert _refused(ring, f"{header}.{payload}.{flipped}") == "the access token is invalid"


def test_refuses_an_expired_token() -> None:
    ring = _ring()
    token, _ = _issue(ring, now=time.time() - 3600, ttl_seconds=60)

    assert _refused(ring, token) == "the access token has expired"


def test_a_token_verified_before_is_refused_once_it_expires() -> None:
    ring = _ring()
    second = int(time.time())
    # Expired 3 s ago: within the 5 s leeway for another 1-2 s.
    token, _ = _issue(ring, now=second - 63, ttl_seconds=60)
    assert ring.verify(token).user_id == "user-1"
    time.sleep(max(0.0, second + 2.2 - time.time()))
    assert _refused(ring, token) == "the access token has expired"


def test_accepts_a_token_expired_within_the_five_second_leeway() -> None:
    ring = _ring()
    token, _ = _issue(ring, now=time.time() - 62, ttl_seconds=60)

    assert ring.verify(token).user_id == "user-1"


def test_refuses_a_token_not_yet_valid() -> None:
    ring = _ring()
    token, _ = _issue(ring, now=time.time() + 3600)

    assert _refused(ring, token) == "the access token is invalid"


def test_refuses_an_unsigned_alg_none_token() -> None:
    header = _b64({"alg": "none", "typ": "JWT", "kid": "k2"})

    token = f"{header}.{_b64(_claims())}."

    assert "known key" in _refused(_ring(), token)


@pytest.mark.parametrize("algorithm", ["HS384", "HS512"])
def test_refuses_a_token_signed_with_another_hmac_algorithm(algorithm: str) -> None:
    token = jwt.encode(_claims(), NEW_SECRET, algorithm=algorithm, headers={"kid": "k2"})

    assert "known key" in _refused(_ring(), token)


def test_refuses_a_token_for_another_audience() -> None:
    token, _ = _issue(_ring(audience="billing"))

    assert _refused(_ring(), token) == "the access token is invalid"


def test_refuses_a_token_from_another_issuer() -> None:
    token, _ = _issue(_ring(issuer="someone-else"))

    assert _refused(_ring(), token) == "the access token is invalid"


def test_a_hand_signed_token_with_a_known_kid_verifies() -> None:
    token = _sign({"alg": "HS256", "typ": "JWT", "kid": "k2"}, _claims(), NEW_SECRET)

    assert _ring().verify(token).token_id == "token-1"


@pytest.mark.parametrize(
    ("kid", "message"),
    [
        (None, "the access token is not signed by a known key"),
        ("", "the access token is not signed by a known key"),
        ("k9", "the access token is not signed by a known key"),
        (2, "the access token is malformed"),
        (["k2"], "the access token is malformed"),
    ],
    ids=["missing", "empty", "unknown", "number", "list"],
)
def test_refuses_a_token_without_a_known_kid(kid: object, message: str) -> None:
    header = {"alg": "HS256", "typ": "JWT"} | ({} if kid is None else {"kid": kid})
    token = _sign(header, _claims(), NEW_SECRET)

    assert _refused(_ring(), token) == message


@pytest.mark.parametrize("claim", ["exp", "iat", "nbf", "iss", "aud", "sub", "jti"])
def test_refuses_a_token_missing_a_required_claim(claim: str) -> None:
    token = jwt.encode(_claims(**{claim: None}), NEW_SECRET, algorithm="HS256", headers={"kid": "k2"})

    assert _refused(_ring(), token) == "the access token is invalid"


@pytest.mark.parametrize(
    "overrides",
    [{"wid": None}, {"wid": 5}, {"roles": None}, {"roles": "owner"}],
    ids=["no-wid", "numeric-wid", "no-roles", "string-roles"],
)
def test_refuses_a_token_without_its_workspace_claims(overrides: dict[str, Any]) -> None:
    token = jwt.encode(_claims(**overrides), NEW_SECRET, algorithm="HS256", headers={"kid": "k2"})

    assert _refused(_ring(), token) == "the access token lacks its workspace claims"


@pytest.mark.parametrize("token", ["", "garbage", "a.b", "a.b.c", "..."])
def test_refuses_a_malformed_token(token: str) -> None:
    assert _refused(_ring(), token) in {
        "the access token is malformed",
        "the access token is invalid",
        "the access token is not signed by a known key",
    }


def test_refuses_a_token_with_an_undecodable_header_as_malformed() -> None:
    assert _refused(_ring(), "not-base64!.e30.sig") == "the access token is malformed"


# --- the Authorization header ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer abc.def.ghi", "abc.def.ghi"),
        ("bearer abc.def.ghi", "abc.def.ghi"),
        ("BEARER abc.def.ghi", "abc.def.ghi"),
        ("Bearer   abc.def.ghi  ", "abc.def.ghi"),
    ],
)
def test_bearer_token_takes_the_token_from_a_bearer_header(header: str, token: str) -> None:
    assert bearer_token(header) == token


@pytest.mark.parametrize("header", [None, ""])
def test_bearer_token_refuses_a_missing_header(header: str | None) -> None:
    with pytest.raises(Unauthenticated, match="missing bearer token"):
        bearer_token(header)


@pytest.mark.parametrize(
    "header",
    ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer    ", "Token abc", "abc.def.ghi", "Bearer\tabc"],
)
def test_bearer_token_refuses_a_header_that_is_not_bearer(header: str) -> None:
    with pytest.raises(Unauthenticated, match="must be `Bearer <access token>`"):
        bearer_token(header)
