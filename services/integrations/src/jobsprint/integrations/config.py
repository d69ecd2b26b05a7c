from __future__ import annotations

from jobsprint.common.settings import (
    DEVELOPMENT_MASTER_KEYS,
    GrpcServiceSettings,
    MasterKeySettings,
    OutboundSettings,
)
from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

__all__ = ["DEVELOPMENT_MASTER_KEYS", "Settings"]


class Settings(GrpcServiceSettings, OutboundSettings, MasterKeySettings):
    model_config = SettingsConfigDict(env_prefix="INTEGRATIONS_", extra="ignore", populate_by_name=True)

    database_url: str = "postgresql+psycopg://jobsprint_integrations@127.0.0.1:5432/jobsprint"
    grpc_port: int = 50054
    metrics_port: int = 9105
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

    @model_validator(mode="after")
    def _check_outbound_policy(self) -> Settings:
        self.outbound_policy()
        return self
