"""Unit tests of the identity rules that need no database: `jobsprint.auth.domain.model`."""

from __future__ import annotations

import pytest
from jobsprint.auth.domain.model import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    check_password_policy,
    default_workspace_name,
    normalise_email,
)
from jobsprint.common.errors import FieldViolation, InvalidArgument

EMAIL = "ada@example.com"

# --- e-mail addresses --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("ada@example.com", "ada@example.com"),
        ("Ada@Example.COM", "ada@example.com"),
        ("  ada@example.com  ", "ada@example.com"),
        ("\tADA@EXAMPLE.COM\n", "ada@example.com"),
        ("ada.lovelace+jobs@mail.example.co.uk", "ada.lovelace+jobs@mail.example.co.uk"),
        ("a" * 64 + "@example.com", "a" * 64 + "@example.com"),
    ],
)
def test_normalise_email_lowercases_and_trims(raw: str, normalised: str) -> None:
    assert normalise_email(raw) == normalised


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "ada",
        "ada@",
        "@example.com",
        "ada@example",
        "ada@@example.com",
        "ada@exa@mple.com",
        "ada lovelace@example.com",
        "ada@exam ple.com",
        "ada\n@example.com",
        "a" * 65 + "@example.com",
        "ada@" + "e" * 250 + ".com",
    ],
    ids=[
        "empty",
        "blank",
        "no-at",
        "no-domain",
        "no-local-part",
        "no-dot-in-domain",
        "double-at",
        "two-ats",
        "space-in-local-part",
        "space-in-domain",
        "newline",
        "local-part-too-long",
        "address-too-long",
    ],
)
def test_normalise_email_rejects_an_address_that_is_not_valid(raw: str) -> None:
    with pytest.raises(InvalidArgument) as excinfo:
        normalise_email(raw)

    assert excinfo.value.violations == [FieldViolation("email", "expected an address like name@example.com")]


def test_normalise_email_accepts_an_address_of_254_characters() -> None:
    address = "ada@" + "e" * 246 + ".com"
    assert len(address) == 254

    assert normalise_email(address) == address


# --- the password policy -----------------------------------------------------------------------


def _password_problem(password: str, email: str = EMAIL) -> str:
    with pytest.raises(InvalidArgument) as excinfo:
        check_password_policy(password, email=email)
    violations = excinfo.value.violations
    assert [v.field for v in violations] == ["password"]
    return violations[0].description


@pytest.mark.parametrize(
    "password",
    [
        "x" * MIN_PASSWORD_LENGTH,
        "correct horse battery staple",
        "p" * MAX_PASSWORD_LENGTH,
        "ünïcødé-pässwörd",
    ],
)
def test_accepts_a_password_within_the_policy(password: str) -> None:
    check_password_policy(password, email=EMAIL)


@pytest.mark.parametrize("password", ["", "short", "x" * (MIN_PASSWORD_LENGTH - 1)])
def test_refuses_a_password_that_is_too_short(password: str) -> None:
    assert _password_problem(password) == f"must be at least {MIN_PASSWORD_LENGTH} characters"


def test_refuses_a_password_that_is_too_long() -> None:
    assert (
        _password_problem("y" * (MAX_PASSWORD_LENGTH + 1))
        == f"must be at most {MAX_PASSWORD_LENGTH} characters"
    )


@pytest.mark.parametrize("password", [EMAIL, EMAIL.upper(), f"  {EMAIL}  ", "Ada@Example.com"])
def test_refuses_a_password_equal_to_the_email_address(password: str) -> None:
    assert _password_problem(password) == "must not be the e-mail address"


def test_a_password_that_merely_contains_the_email_is_allowed() -> None:
    check_password_policy(EMAIL + "-and-more", email=EMAIL)


def test_reports_every_broken_rule_in_one_violation() -> None:
    short_email = "a@b.io"

    description = _password_problem(short_email, email=short_email)

    assert description == f"must be at least {MIN_PASSWORD_LENGTH} characters; must not be the e-mail address"


def test_the_policy_error_is_invalid_argument_with_a_message() -> None:
    with pytest.raises(InvalidArgument, match="the password does not meet the policy"):
        check_password_policy("short", email=EMAIL)


# --- the default workspace ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "name"),
    [
        ("ada@example.com", "ada's workspace"),
        ("ada.lovelace+jobs@example.com", "ada.lovelace+jobs's workspace"),
    ],
)
def test_the_default_workspace_is_named_after_the_local_part_of_the_email(email: str, name: str) -> None:
    assert default_workspace_name(email) == name


def test_the_default_workspace_name_of_a_normalised_email_is_lowercase() -> None:
    assert default_workspace_name(normalise_email("  Ada@Example.com ")) == "ada's workspace"
