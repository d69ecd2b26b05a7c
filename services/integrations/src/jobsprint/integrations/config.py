from __future__ import annotations

from pathlib import Path

import orjson
from jobsprint.common.settings import GrpcServiceSettings, OutboundSettings
from jobsprint.integrations.domain.envelope import MasterKeyRing
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

# Published in this repository, so good for development and tests only; production refuses it.
DEVELOPMENT_MASTER_KEYS = '{"dev-master-1": "am9ic3ByaW50LWRldmVsb3BtZW50LW1hc3Rlci1rZXk="}'


class Settings(GrpcServiceSettings, OutboundSettings):
    model_config = SettingsConfigDict(env_prefix="INTEGRATIONS_", extra="ignore", populate_by_name=True)

    database_url: str = "postgresql+psycopg://jobsprint_integrations@127.0.0.1:5432/jobsprint"
    grpc_port: int = 50054
    metrics_port: int = 9105
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
    http_timeout_seconds: float = Field(30.0, gt=0, le=300, description="Default timeout of an HTTP action.")
    http_max_response_bytes: int = Field(
        5 * 1024 * 1024, ge=1024, description="Largest response body an action reads."
    )
    http_max_redirects: int = Field(5, ge=0, le=20, description="Redirects an HTTP action follows.")
    smtp_timeout_seconds: float = Field(30.0, gt=0, description="Timeout of each SMTP operation.")
    ai_timeout_seconds: float = Field(120.0, gt=0, description="Timeout of an AI chat completion.")
    ai_cache_ttl_seconds: int = Field(3600, ge=0, description="How long an AI answer is cached (0: never).")
    ai_monthly_token_budget: int = Field(
        1_000_000, ge=0, description="AI tokens one workspace may use per calendar month (0: unlimited)."
    )
    mcp_timeout_seconds: float = Field(60.0, gt=0, description="Timeout of an MCP session.")
    max_concurrent_actions: int = Field(
        8, ge=1, description="Actions of one connector running at once in this process."
    )

    def _master_keys_json(self) -> str:
        if self.master_keys_file is not None:
            return self.master_keys_file.read_text()
        return self.master_keys.get_secret_value()

    def master_key_ring(self) -> MasterKeyRing:
        keys = orjson.loads(self._master_keys_json())
        if not isinstance(keys, dict) or not keys:
            raise ValueError("INTEGRATIONS_MASTER_KEYS must be a JSON object of key id to base64 key")
        return MasterKeyRing.from_base64({str(k): str(v) for k, v in keys.items()}, self.master_key_current)

    @model_validator(mode="after")
    def _refuse_development_master_key(self) -> Settings:
        ring = self.master_key_ring()
        published = set(orjson.loads(DEVELOPMENT_MASTER_KEYS).values())
        secret_values = set(orjson.loads(self._master_keys_json()).values())
        if self.environment == "production" and published & secret_values:
            raise ValueError(
                "the development master key is refused in production: set INTEGRATIONS_MASTER_KEYS to "
                'JSON {"<kid>": "<base64 of 32 random bytes>"} (python -c "import os,base64;'
                'print(base64.b64encode(os.urandom(32)).decode())") and INTEGRATIONS_MASTER_KEY_CURRENT'
            )
        if not ring.keys:
            raise ValueError("INTEGRATIONS_MASTER_KEYS holds no key")
        self.outbound_policy()
        return self
