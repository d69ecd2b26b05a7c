"""Nothing that leaves the integrations service carries a credential's secret, in any encoding:
not a step's output, not an action's error, not a credential test's message — however the
outside server echoes what it was sent (issue 13, items 5 and 6; ADR-066)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from urllib.parse import unquote

import grpc
import orjson
import pytest
from jobsprint.api.integrations.v1 import integrations_pb2
from jobsprint.common.testing import MisbehavingServer, misbehaving_server

pytestmark = [pytest.mark.integration, pytest.mark.security]

PASSWORD = "basic-pa$$word-1"
KEY = "k3y/with+special&chars"


@pytest.fixture(scope="module")
def echo() -> Iterator[MisbehavingServer]:
    with misbehaving_server() as served:
        yield served


def _output(reply) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return orjson.loads(reply.output)  # type: ignore[no-any-return]


def test_a_credential_test_against_a_server_echoing_an_error_returns_no_secret(caller, echo) -> None:
    credential = caller.create("bearer", {}, {"token": "bearer-token-for-the-test"})

    tested = caller.TestCredential(
        integrations_pb2.TestCredentialRequest(id=credential.id, url=f"{echo.url}/echo?status=401")
    )

    assert not tested.ok
    assert "HTTP 401" in tested.message and "authorization" in tested.message  # the echo is there
    assert "bearer-token-for-the-test" not in tested.message


def test_a_basic_credential_test_echoed_in_an_error_returns_no_password(caller, echo) -> None:
    credential = caller.create("basic", {"username": "ada"}, {"password": PASSWORD})
    token = base64.b64encode(f"ada:{PASSWORD}".encode()).decode()

    tested = caller.TestCredential(
        integrations_pb2.TestCredentialRequest(id=credential.id, url=f"{echo.url}/echo?status=403")
    )

    assert not tested.ok and "authorization" in tested.message
    assert token not in tested.message and PASSWORD not in tested.message


def test_basic_auth_echoed_by_the_server_is_not_in_the_step_output(caller, echo) -> None:
    credential = caller.create("basic", {"username": "ada"}, {"password": PASSWORD})
    token = base64.b64encode(f"ada:{PASSWORD}".encode()).decode()

    reply = caller.invoke("http", "request", {"url": f"{echo.url}/echo"}, credential.id)

    assert token.encode() not in reply.output and PASSWORD.encode() not in reply.output
    assert _output(reply)["body"]["headers"]["authorization"] == "[redacted]"
    sent = next(
        headers for _m, path, headers in echo.requests if headers.get("authorization", "").endswith(token)
    )
    assert sent  # the server did get the real credential


def test_basic_auth_echoed_in_an_error_is_not_in_the_actions_error(caller, echo) -> None:
    credential = caller.create("basic", {"username": "ada"}, {"password": PASSWORD})
    token = base64.b64encode(f"ada:{PASSWORD}".encode()).decode()

    with pytest.raises(grpc.RpcError) as failed:
        caller.invoke("http", "request", {"url": f"{echo.url}/echo?status=500"}, credential.id)

    assert failed.value.code() == grpc.StatusCode.UNAVAILABLE
    assert "authorization" in failed.value.details()
    assert token not in failed.value.details() and PASSWORD not in failed.value.details()


@pytest.mark.parametrize("encode", ["base64", "url"])
def test_an_api_key_echoed_inside_an_encoded_answer_is_masked(caller, echo, encode: str) -> None:
    credential = caller.create("api_key", {"header": "X-Custom-Key"}, {"key": KEY})

    reply = caller.invoke("http", "request", {"url": f"{echo.url}/echo?encode={encode}"}, credential.id)

    encoded = _output(reply)["body"]["encoded"]
    assert "[redacted]" in encoded
    decoded = (
        base64.b64decode(encoded.replace("[redacted]", "") + "==", validate=False).decode("latin-1")
        if encode == "base64"
        else unquote(encoded)
    )
    assert KEY not in decoded and KEY[2:-2] not in decoded


def test_an_oauth2_access_token_echoed_by_the_server_is_masked(caller, web) -> None:
    credential = caller.create(
        "oauth2_client_credentials",
        {"token_url": web.url("/oauth/token"), "client_id": "client-1"},
        {"client_secret": "client-secret-1"},
    )

    reply = caller.invoke("http", "request", {"url": web.url("/echo?oauth-echo=1")}, credential.id)

    # The access token is the credential's too, though it never was in the stored secret.
    assert web.oauth_token.encode() not in reply.output
    assert _output(reply)["body"]["headers"]["authorization"] == "[redacted]"
