"""Credential types: what each holds in the clear (`config`, returned on reads) and what is
secret (`secret`, write-only, encrypted at rest), each described by a JSON schema, and which
config fields say where the secret is sent (its destinations: changing one needs the secret
again, ADR-067)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jobsprint.common.errors import FieldViolation, InvalidArgument


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


STRING = {"type": "string", "minLength": 1, "maxLength": 4096}
URL = {"type": "string", "pattern": "^https?://", "maxLength": 2048}
# Hosts an HTTP credential may be sent to: a name, or `*.` and a domain for any name under it.
ALLOWED_HOSTS = {
    "type": "array",
    "items": {
        "type": "string",
        "pattern": r"^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$",
        "maxLength": 253,
    },
    "maxItems": 50,
    "uniqueItems": True,
}


@dataclass(frozen=True)
class CredentialType:
    name: str
    description: str
    config_schema: dict[str, Any]
    secret_schema: dict[str, Any]
    # Config fields that say where the secret goes (a host, a URL, a port, how it is protected).
    destination_fields: tuple[str, ...] = ()

    def moved_destinations(self, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
        """The destination fields whose change would send the secret somewhere it did not go."""
        moved = []
        for name in self.destination_fields:
            before, after = old.get(name), new.get(name)
            if name == "allowed_hosts":
                # Narrowing the list sends the secret nowhere new; emptying it allows any host.
                if before and (not after or not set(after) <= set(before)):
                    moved.append(name)
            elif before != after:
                moved.append(name)
        return moved


CREDENTIAL_TYPES: dict[str, CredentialType] = {
    t.name: t
    for t in (
        CredentialType(
            "bearer",
            "HTTP `Authorization: Bearer <token>`. `allowed_hosts` limits where it may be sent.",
            _object({"allowed_hosts": ALLOWED_HOSTS}),
            _object({"token": STRING}, ("token",)),
            ("allowed_hosts",),
        ),
        CredentialType(
            "basic",
            "HTTP basic authentication. `allowed_hosts` limits where it may be sent.",
            _object({"username": STRING, "allowed_hosts": ALLOWED_HOSTS}, ("username",)),
            _object({"password": STRING}, ("password",)),
            ("allowed_hosts",),
        ),
        CredentialType(
            "api_key",
            "An API key sent in a request header (default `X-API-Key`). `allowed_hosts` limits where it"
            " may be sent.",
            _object(
                {
                    "header": {"type": "string", "pattern": "^[A-Za-z0-9-]{1,64}$"},
                    "allowed_hosts": ALLOWED_HOSTS,
                }
            ),
            _object({"key": STRING}, ("key",)),
            ("allowed_hosts",),
        ),
        CredentialType(
            "oauth2_client_credentials",
            "OAuth 2.0 client credentials grant: a token is fetched from `token_url` for each call."
            " `allowed_hosts` limits where the token may be sent.",
            _object(
                {
                    "token_url": URL,
                    "client_id": STRING,
                    "scope": {"type": "string", "maxLength": 1024},
                    "allowed_hosts": ALLOWED_HOSTS,
                },
                ("token_url", "client_id"),
            ),
            _object({"client_secret": STRING}, ("client_secret",)),
            ("token_url", "allowed_hosts"),
        ),
        CredentialType(
            "smtp",
            "An SMTP server login. `security`: starttls (default), tls (implicit, port 465) or none.",
            _object(
                {
                    "host": STRING,
                    "port": {"type": "integer", "minimum": 1, "maximum": 65535},
                    "username": {"type": "string", "maxLength": 320},
                    "security": {"enum": ["starttls", "tls", "none"]},
                    "from": {"type": "string", "maxLength": 320},
                },
                ("host",),
            ),
            _object({"password": {"type": "string", "maxLength": 4096}}),
            ("host", "port", "security"),
        ),
        CredentialType(
            "ai_provider",
            "An OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LM Studio, OpenRouter): base URL and key.",
            _object({"base_url": URL, "model": {"type": "string", "maxLength": 200}}, ("base_url",)),
            _object({"api_key": {"type": "string", "maxLength": 4096}}),
            ("base_url",),
        ),
        CredentialType(
            "chat_webhook",
            "A Slack-compatible incoming webhook URL: the URL is the secret, so it is stored like one.",
            _object({}),
            _object({"url": URL}, ("url",)),
        ),
        CredentialType(
            "mcp",
            "A Model Context Protocol server over streamable HTTP, with an optional bearer token.",
            _object({"url": URL}, ("url",)),
            _object({"token": {"type": "string", "maxLength": 8192}}),
            ("url",),
        ),
    )
}


def check(schema: dict[str, Any], value: Any, *, path: str, redact: bool = False) -> None:
    """InvalidArgument naming every field that does not match `schema`; with `redact`, the
    messages name the rule broken but never echo the value (secrets)."""
    # jsonschema (with referencing, rpds, attrs: 3 MB) only once a credential is written (ADR-103).
    from jsonschema import Draft202012Validator

    errors = sorted(
        Draft202012Validator(schema).iter_errors(value), key=lambda e: [str(p) for p in e.absolute_path]
    )
    if errors:
        raise InvalidArgument(
            f"{path} is invalid",
            [
                FieldViolation(
                    ".".join([path, *(str(p) for p in error.absolute_path)]),
                    f"breaks the `{error.validator}` rule" if redact else error.message,
                )
                for error in errors
            ],
        )


def credential_type(name: str) -> CredentialType:
    found = CREDENTIAL_TYPES.get(name)
    if found is None:
        raise InvalidArgument(
            f"unknown credential type {name!r}",
            [FieldViolation("type", f"one of {', '.join(sorted(CREDENTIAL_TYPES))}")],
        )
    return found


def host_allowed(host: str, allowed: list[str] | tuple[str, ...]) -> bool:
    """Whether `host` is one of `allowed` (names compare case-insensitively; `*.example.com`
    covers every name under example.com, not example.com itself)."""
    host = host.lower().rstrip(".")
    for pattern in allowed:
        pattern = pattern.lower().rstrip(".")
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]):
                return True
        elif host == pattern:
            return True
    return False
