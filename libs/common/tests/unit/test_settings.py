"""Unit tests of the shared settings: `jobsprint.common.settings.BaseServiceSettings`."""

from __future__ import annotations

import json
import os
from typing import Any

import jwt
import pytest
from jobsprint.common.settings import DEVELOPMENT_JWT_KEYS, BaseServiceSettings
from pydantic import ValidationError

DEV_SECRET = json.loads(DEVELOPMENT_JWT_KEYS)["dev-1"]
PROD_RING = {"2024-01": "a" * 32, "2024-07": "b" * 48}


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings read the process environment; start every test from none of their variables."""
    for name in list(os.environ):
        if name.startswith(("JOBSPRINT_", "OTEL_")):
            monkeypatch.delenv(name)


def _settings(**aliases: Any) -> BaseServiceSettings:
    return BaseServiceSettings(**aliases)


def _production(keys: dict[str, str] | str, current_kid: str) -> BaseServiceSettings:
    return _settings(
        JOBSPRINT_ENVIRONMENT="production",
        JOBSPRINT_JWT_KEYS=keys if isinstance(keys, str) else json.dumps(keys),
        JOBSPRINT_JWT_CURRENT_KID=current_kid,
    )


def test_defaults_to_development_with_the_development_key_ring() -> None:
    settings = _settings()

    assert settings.environment == "development"
    assert settings.jwt_current_kid == "dev-1"
    assert settings.jwt_key_ring == {"dev-1": DEV_SECRET}
    assert settings.jwt_issuer == settings.jwt_audience == "jobsprint"


@pytest.mark.parametrize("environment", ["development", "test"])
def test_accepts_the_development_key_ring_outside_production(environment: str) -> None:
    assert _settings(JOBSPRINT_ENVIRONMENT=environment).jwt_key_ring == {"dev-1": DEV_SECRET}


def test_refuses_an_unknown_environment() -> None:
    with pytest.raises(ValidationError):
        _settings(JOBSPRINT_ENVIRONMENT="staging")


def test_refuses_a_current_kid_that_is_not_in_the_ring() -> None:
    with pytest.raises(ValidationError, match="'2099-01' is not in JOBSPRINT_JWT_KEYS"):
        _settings(JOBSPRINT_JWT_KEYS=json.dumps(PROD_RING), JOBSPRINT_JWT_CURRENT_KID="2099-01")


def test_refuses_the_default_kid_with_a_ring_that_lacks_it() -> None:
    with pytest.raises(ValidationError, match="'dev-1' is not in JOBSPRINT_JWT_KEYS"):
        _settings(JOBSPRINT_JWT_KEYS=json.dumps(PROD_RING))


@pytest.mark.parametrize("short_key", ["", "x", "y" * 31])
def test_refuses_keys_shorter_than_32_characters(short_key: str) -> None:
    ring = PROD_RING | {"old": short_key}

    with pytest.raises(ValidationError, match="at least 32 characters"):
        _settings(JOBSPRINT_JWT_KEYS=json.dumps(ring), JOBSPRINT_JWT_CURRENT_KID="2024-07")


def test_accepts_a_key_of_exactly_32_characters() -> None:
    settings = _settings(JOBSPRINT_JWT_KEYS=json.dumps({"k": "z" * 32}), JOBSPRINT_JWT_CURRENT_KID="k")

    assert settings.jwt_key_ring == {"k": "z" * 32}


@pytest.mark.parametrize("keys", ["not json", "[]", "{}", '"a string"', "null"])
def test_refuses_a_key_ring_that_is_not_a_json_object_of_keys(keys: str) -> None:
    with pytest.raises(ValidationError):
        _settings(JOBSPRINT_JWT_KEYS=keys)


def test_refuses_the_development_key_ring_in_production() -> None:
    with pytest.raises(ValidationError, match="development key ring is refused in production"):
        _settings(JOBSPRINT_ENVIRONMENT="production")


def test_refuses_the_development_key_ring_in_production_when_set_explicitly() -> None:
    with pytest.raises(ValidationError, match="development key ring is refused in production"):
        _production(DEVELOPMENT_JWT_KEYS, "dev-1")


@pytest.mark.parametrize(
    ("keys", "current_kid"),
    [
        (json.dumps({"dev-1": DEV_SECRET}, separators=(",", ":")), "dev-1"),
        ({"dev-1": DEV_SECRET, "2024-07": "b" * 48}, "2024-07"),
        ({"prod-1": DEV_SECRET}, "prod-1"),
    ],
    ids=["reformatted", "beside-a-real-key", "under-another-kid"],
)
def test_refuses_the_development_secret_in_production_however_the_ring_is_written(
    keys: dict[str, str] | str, current_kid: str
) -> None:
    try:
        _production(keys, current_kid)
    except ValidationError:
        return
    raise AssertionError("production accepted a key ring holding the development secret")


def test_accepts_a_proper_ring_in_production() -> None:
    settings = _production(PROD_RING, "2024-07")

    assert settings.environment == "production"
    assert settings.jwt_key_ring == PROD_RING


def test_reads_the_key_ring_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBSPRINT_ENVIRONMENT", "production")
    monkeypatch.setenv("JOBSPRINT_JWT_KEYS", json.dumps(PROD_RING))
    monkeypatch.setenv("JOBSPRINT_JWT_CURRENT_KID", "2024-01")
    monkeypatch.setenv("JOBSPRINT_JWT_ISSUER", "issuer-x")

    settings = BaseServiceSettings()

    assert settings.environment == "production"
    assert settings.jwt_current_kid == "2024-01"
    assert settings.jwt_issuer == "issuer-x"
    assert settings.jwt_key_ring == PROD_RING


def test_refuses_the_development_ring_in_production_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JOBSPRINT_ENVIRONMENT", "production")

    with pytest.raises(ValidationError, match="development key ring"):
        BaseServiceSettings()


def test_the_key_ring_is_a_secret_that_does_not_leak_into_repr() -> None:
    settings = _production(PROD_RING, "2024-07")

    assert "b" * 48 not in repr(settings)
    assert "b" * 48 not in str(settings.model_dump())


def test_key_ring_signs_with_the_current_kid_and_verifies_every_key() -> None:
    settings = _settings(
        JOBSPRINT_JWT_KEYS=json.dumps(PROD_RING),
        JOBSPRINT_JWT_CURRENT_KID="2024-07",
        JOBSPRINT_JWT_ISSUER="iss-a",
        JOBSPRINT_JWT_AUDIENCE="aud-b",
    )
    ring = settings.key_ring()

    token, token_id = ring.issue(subject="u", workspace_id="w", roles=["owner"], ttl_seconds=60)

    assert jwt.get_unverified_header(token)["kid"] == "2024-07"
    claims = jwt.decode(token, PROD_RING["2024-07"], algorithms=["HS256"], audience="aud-b", issuer="iss-a")
    assert claims["jti"] == token_id
    assert ring.verify(token).user_id == "u"
    older = settings.model_copy(update={"jwt_current_kid": "2024-01"}).key_ring()
    older_token, _ = older.issue(subject="v", workspace_id="w", roles=[], ttl_seconds=60)
    assert jwt.get_unverified_header(older_token)["kid"] == "2024-01"
    assert ring.verify(older_token).user_id == "v"
