"""The one masking implementation: secrets by value in every encoding they travel in, and
credential headers by name."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote, quote_plus

import pytest
from jobsprint.common.redaction import REDACTED, Masker, is_credential_header, redact_headers

pytestmark = pytest.mark.security

SECRET = 'pa$$w0rd/with+odd&chars=="quoted"'


def test_a_raw_secret_is_masked_in_strings_keys_and_nested_values() -> None:
    masker = Masker([SECRET])
    value = {"list": [f"x {SECRET} y", 3], f"key-{SECRET}": {"deep": SECRET}, "n": 1, "none": None}
    assert masker.mask(value) == {
        "list": [f"x {REDACTED} y", 3],
        f"key-{REDACTED}": {"deep": REDACTED},
        "n": 1,
        "none": None,
    }


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: quote(s, safe=""),
        quote_plus,
        lambda s: json.dumps(s)[1:-1],
        lambda s: base64.b64encode(s.encode()).decode(),
        lambda s: base64.urlsafe_b64encode(s.encode()).decode(),
        lambda s: s.encode().hex(),
    ],
    ids=["url", "url-plus", "json", "base64", "base64url", "hex"],
)
def test_an_encoded_secret_is_masked(encode) -> None:  # type: ignore[no-untyped-def]
    encoded = encode(SECRET)
    assert encoded != SECRET
    assert Masker([SECRET]).text(f"echo: {encoded}!") == f"echo: {REDACTED}!"


def test_basic_auth_is_masked_as_the_header_carries_it() -> None:
    masker = Masker()
    masker.add_basic_auth("ada", SECRET)
    header = "Basic " + base64.b64encode(f"ada:{SECRET}".encode()).decode()
    assert masker.text(header) == f"Basic {REDACTED}"


@pytest.mark.parametrize("prefix", ["", "a", "ab", "abc", '{"user": "ada", "password": "'])
def test_a_secret_inside_longer_base64_text_is_masked_at_every_alignment(prefix: str) -> None:
    blob = base64.b64encode(f"{prefix}{SECRET}, and more after it".encode()).decode()
    masked = Masker([SECRET]).text(blob)
    assert REDACTED in masked
    # What is left around the mask decodes to no more than the bytes next to the secret.
    for piece in masked.split(REDACTED):
        assert SECRET[2:-2] not in base64.b64decode(piece + "=" * (-len(piece) % 4), validate=False).decode(
            "latin-1"
        )


def test_a_secret_url_is_masked_when_echoed_without_its_host() -> None:
    url = "https://hooks.example.com/services/T000/B000/XXXXXXXXXXXX"
    assert Masker([url]).text("posted to /services/T000/B000/XXXXXXXXXXXX") == f"posted to {REDACTED}"


def test_short_values_are_not_masked_so_outputs_stay_readable() -> None:
    assert Masker(["abc", 7, True]).text("abc 7 True") == "abc 7 True"


def test_an_echo_of_a_header_the_call_authenticated_with_is_masked_whole() -> None:
    masker = Masker(header_names=["Authorization", "X-Custom-Key"])
    echo = {"headers": {"authorization": "Bearer derived-token", "x-custom-key": "k", "accept": "*/*"}}
    assert masker.mask(echo) == {
        "headers": {"authorization": REDACTED, "x-custom-key": REDACTED, "accept": "*/*"}
    }


@pytest.mark.parametrize(
    "name",
    [
        "Authorization",
        "proxy-authorization",
        "Cookie",
        "X-API-Key",
        "x-stripe-api-key",
        "X-Session-Token",
        "x-client-secret",
        "X-Hub-Password",
        "x-my-auth",
    ],
)
def test_credential_headers_are_recognised_by_name(name: str) -> None:
    assert is_credential_header(name)


@pytest.mark.parametrize("name", ["content-type", "user-agent", "idempotency-key", "x-request-id", "accept"])
def test_ordinary_headers_are_left_alone(name: str) -> None:
    assert not is_credential_header(name)


def test_recorded_request_headers_keep_their_names_but_not_credential_values() -> None:
    headers = [("Authorization", "Bearer x"), ("X-Tenant-Pin", "1234"), ("Content-Type", "text/plain")]
    assert redact_headers(headers, extra=["x-tenant-pin"]) == [
        ("Authorization", REDACTED),
        ("X-Tenant-Pin", REDACTED),
        ("Content-Type", "text/plain"),
    ]
