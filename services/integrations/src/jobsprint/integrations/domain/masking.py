"""What must not leave the service from a call with a credential (ADR-066)."""

from __future__ import annotations

from jobsprint.common.redaction import Masker
from jobsprint.integrations.domain.connector import Credential

# Credential types whose secret travels in `Authorization` (Bearer or Basic).
AUTHORIZATION_TYPES = frozenset({"bearer", "basic", "oauth2_client_credentials", "ai_provider", "mcp"})


def masker_for(credential: Credential | None) -> Masker:
    """The credential's secret values and their encodings, basic auth's `user:password` token,
    and the headers it authenticates with."""
    masker = Masker()
    if credential is None:
        return masker
    for value in credential.secret.values():
        masker.add_secret(value)
    if credential.type == "basic":
        masker.add_basic_auth(str(credential.config.get("username", "")), str(credential.secret["password"]))
    if credential.type in AUTHORIZATION_TYPES:
        masker.add_header("authorization")
    if credential.type == "api_key":
        masker.add_header(str(credential.config.get("header") or "X-API-Key"))
    return masker
