"""Identity rules that need no database: the password policy and e-mail normalisation."""

from __future__ import annotations

import re

from jobsprint.common.errors import FieldViolation, InvalidArgument

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
OWNER = "owner"


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > 254 or not EMAIL_PATTERN.match(email):
        raise InvalidArgument(
            "the e-mail address is not valid",
            [FieldViolation("email", "expected an address like name@example.com")],
        )
    return email


def check_password_policy(password: str, *, email: str) -> None:
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"must be at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"must be at most {MAX_PASSWORD_LENGTH} characters")
    if password.strip().lower() == email:
        problems.append("must not be the e-mail address")
    if problems:
        raise InvalidArgument(
            "the password does not meet the policy", [FieldViolation("password", "; ".join(problems))]
        )


def default_workspace_name(email: str) -> str:
    return f"{email.split('@', 1)[0]}'s workspace"
