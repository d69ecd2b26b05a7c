"""The settings base every service's `Settings` class extends.

Shared values (the JWT key ring, broker and cache URLs) are read from `JOBSPRINT_*` variables;
a service's own values use its prefix (`AUTH_`, `EXECUTOR_`, ...), set in the subclass.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

import orjson
from jobsprint.common.outbound import OutboundPolicy
from jobsprint.common.tokens import KeyRing, check_keys, parse_key_file
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    # Imported by the methods that use it: `envelope` brings SQLAlchemy, which the gateway (it owns
    # no schema) would otherwise load for nothing (ADR-103).
    from jobsprint.common.envelope import MasterKeyRing

DEVELOPMENT_JWT_KEYS = '{"dev-1": "jobsprint-development-key-not-for-production-use-0001"}'
# Published in this repository, so good for development and tests only; production refuses it.
DEVELOPMENT_MASTER_KEYS = '{"dev-master-1": "am9ic3ByaW50LWRldmVsb3BtZW50LW1hc3Rlci1rZXk="}'


# Connections kept beyond one per gRPC thread, for a service's own threads (`db_pool_size`).
OWN_THREADS_CONNECTIONS = 4


class BaseServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    environment: Literal["development", "test", "production"] = Field(
        "development",
        validation_alias="JOBSPRINT_ENVIRONMENT",
        description="development and test accept the built-in development secrets; production refuses them.",
    )
    log_level: str = Field("INFO", validation_alias="JOBSPRINT_LOG_LEVEL", description="Root log level.")
    redis_url: str = Field(
        "redis://127.0.0.1:6379/0", validation_alias="JOBSPRINT_REDIS_URL", description="Redis URL."
    )
    amqp_url: str = Field(
        "amqp://guest:guest@127.0.0.1:5672/%2F",
        validation_alias="JOBSPRINT_AMQP_URL",
        description="RabbitMQ URL (the vhost is the path).",
    )
    jwt_keys: SecretStr = Field(
        SecretStr(DEVELOPMENT_JWT_KEYS),
        validation_alias="JOBSPRINT_JWT_KEYS",
        description='JWT key ring as JSON {"kid": "secret", ...}; every key verifies.',
    )
    jwt_current_kid: str = Field(
        "dev-1",
        validation_alias="JOBSPRINT_JWT_CURRENT_KID",
        description="The key id new tokens are signed with.",
    )
    jwt_keys_file: Path | None = Field(
        None,
        validation_alias="JOBSPRINT_JWT_KEYS_FILE",
        description='JWT key ring file {"current": kid, "keys": {kid: secret}}, re-read when it changes; '
        "takes precedence over JOBSPRINT_JWT_KEYS (ADR-025).",
    )
    jwt_issuer: str = Field("jobsprint", validation_alias="JOBSPRINT_JWT_ISSUER", description="`iss` claim.")
    jwt_audience: str = Field(
        "jobsprint", validation_alias="JOBSPRINT_JWT_AUDIENCE", description="`aud` claim."
    )
    otlp_endpoint: str | None = Field(
        None,
        validation_alias="OTEL_EXPORTER_OTLP_ENDPOINT",
        description="OTLP/gRPC collector; traces are exported only when set.",
    )
    grpc_max_workers: int = Field(
        16,
        validation_alias="JOBSPRINT_GRPC_MAX_WORKERS",
        description="Threads serving gRPC calls; the database pool keeps as many connections, plus 4.",
    )

    @property
    def db_pool_size(self) -> int:
        """Database connections a service keeps open: one for each gRPC thread, and some for its
        own threads (outbox relay, sweeps, scheduler). A smaller pool made a loaded service open and
        close a connection (a Postgres backend) for every call beyond it (docs/performance.md)."""
        return self.grpc_max_workers + OWN_THREADS_CONNECTIONS

    @property
    def jwt_key_ring(self) -> dict[str, str]:
        keys = orjson.loads(self.jwt_keys.get_secret_value())
        if not isinstance(keys, dict) or not keys:
            raise ValueError("JOBSPRINT_JWT_KEYS must be a JSON object of key id to secret")
        return {str(kid): str(secret) for kid, secret in keys.items()}

    def key_ring(self) -> KeyRing:
        if self.jwt_keys_file is not None:
            return KeyRing.from_file(self.jwt_keys_file, issuer=self.jwt_issuer, audience=self.jwt_audience)
        return KeyRing(
            keys=self.jwt_key_ring,
            current_kid=self.jwt_current_kid,
            issuer=self.jwt_issuer,
            audience=self.jwt_audience,
        )

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> BaseServiceSettings:
        if self.jwt_keys_file is not None:
            try:
                ring, _current = parse_key_file(self.jwt_keys_file.read_bytes())
            except OSError as exc:
                raise ValueError(f"JOBSPRINT_JWT_KEYS_FILE cannot be read: {exc}") from exc
        else:
            ring = self.jwt_key_ring
            if self.jwt_current_kid not in ring:
                raise ValueError(
                    f"JOBSPRINT_JWT_CURRENT_KID {self.jwt_current_kid!r} is not in JOBSPRINT_JWT_KEYS"
                )
            check_keys(ring, self.jwt_current_kid)
        published = set(orjson.loads(DEVELOPMENT_JWT_KEYS).values())
        if self.environment == "production" and published & set(ring.values()):
            # The development secret is in this repository: any ring holding it can be forged against.
            raise ValueError(
                "the development key ring is refused in production: JOBSPRINT_JWT_KEYS holds its published key"
            )
        return self


class GrpcServiceSettings(BaseServiceSettings):
    """A service that owns a schema and serves gRPC; subclasses set the env prefix and defaults."""

    database_url: str = Field(
        description="SQLAlchemy URL of the service's own role in the Jobsprint database."
    )
    grpc_host: str = Field("127.0.0.1", description="Address the gRPC server binds.")
    grpc_port: int = Field(description="gRPC port.")
    metrics_port: int = Field(description="Prometheus /metrics port; 0 turns it off.")
    metrics_host: str = Field(
        "127.0.0.1", description="Address the /metrics server binds (0.0.0.0 in containers)."
    )


class OutboundSettings(BaseSettings):
    """Where a service that calls addresses users choose may connect (the SSRF guard, `outbound`);
    mixed into the settings of each such service, under its own prefix."""

    outbound_allow_networks: list[str] = Field(
        default_factory=list,
        description="CIDR networks the SSRF guard lets through although not public (trusted internal targets).",
    )
    outbound_denied_ports: list[int] = Field(
        default_factory=list,
        description="Ports never reached even on allowed networks (the suite's own services).",
    )
    outbound_ca_file: Path | None = Field(
        None, description="PEM file of extra CA certificates trusted for outbound TLS (an internal CA)."
    )

    def outbound_policy(self) -> OutboundPolicy:
        return OutboundPolicy.from_settings(
            allow=self.outbound_allow_networks,
            denied_ports=self.outbound_denied_ports,
            ca_file=str(self.outbound_ca_file) if self.outbound_ca_file else None,
        )


class MasterKeySettings(BaseSettings):
    """The master keys that wrap a service's workspace data keys (envelope encryption, ADR-045),
    mixed into the settings of each service that keeps secrets, under its own prefix: each
    service has its own ring (INTEGRATIONS_MASTER_KEYS, WORKFLOWS_MASTER_KEYS)."""

    master_keys: SecretStr = Field(
        SecretStr(DEVELOPMENT_MASTER_KEYS),
        description='Master keys wrapping the workspaces\' data keys, JSON {"kid": "<base64 of 32 bytes>"}.',
    )
    master_keys_file: Path | None = Field(
        None,
        description="A file holding the master keys JSON (a mounted Secret); when set, it replaces MASTER_KEYS.",
    )
    master_key_current: str = Field(
        "dev-master-1",
        description="The master key id new data keys are wrapped with (and rotation rewraps to).",
    )

    def _master_keys_json(self) -> str:
        if self.master_keys_file is not None:
            return self.master_keys_file.read_text()
        return self.master_keys.get_secret_value()

    def master_key_ring(self) -> MasterKeyRing:
        from jobsprint.common.envelope import MasterKeyRing

        return MasterKeyRing.from_json(self._master_keys_json(), self.master_key_current)

    @model_validator(mode="after")
    def _refuse_development_master_key(self) -> MasterKeySettings:
        from jobsprint.common.envelope import MasterKeyRing

        prefix = str(self.model_config.get("env_prefix", "")).upper()
        try:
            ring = self.master_key_ring()
        except (OSError, ValueError) as exc:
            raise ValueError(
                f"{prefix}MASTER_KEYS (or {prefix}MASTER_KEYS_FILE) is not usable: {exc}"
            ) from exc
        published = set(MasterKeyRing.from_json(DEVELOPMENT_MASTER_KEYS, "dev-master-1").keys.values())
        environment = getattr(self, "environment", "development")
        if environment == "production" and published & set(ring.keys.values()):
            raise ValueError(
                f"the development master key is refused in production: set {prefix}MASTER_KEYS to "
                'JSON {"<kid>": "<base64 of 32 random bytes>"} (python -c "import os,base64;'
                f'print(base64.b64encode(os.urandom(32)).decode())") and {prefix}MASTER_KEY_CURRENT'
            )
        return self
