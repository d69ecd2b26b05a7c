from jobsprint.common.settings import GrpcServiceSettings, MasterKeySettings
from pydantic import Field
from pydantic_settings import SettingsConfigDict


class Settings(GrpcServiceSettings, MasterKeySettings):
    """`master_keys*`: the workflows service's own ring, wrapping the data keys its webhook
    signing secrets and tokens are sealed with (ADR-069); not the integrations service's."""

    model_config = SettingsConfigDict(env_prefix="WORKFLOWS_", extra="ignore", populate_by_name=True)

    database_url: str = "postgresql+psycopg://jobsprint_workflows@127.0.0.1:5432/jobsprint"
    grpc_port: int = 50052
    metrics_port: int = 9103
    executor_target: str = Field("127.0.0.1:50053", description="gRPC target of the executor service.")
    integrations_target: str = Field(
        "127.0.0.1:50054",
        description="gRPC target of the integrations service (credentials checked on save, mapped on import).",
    )
    integrations_deadline_seconds: float = Field(
        5.0,
        gt=0,
        le=60,
        description="Deadline of each call to the integrations service; past it a save answers 503.",
    )
    node_types_ttl_seconds: float = Field(
        60.0,
        gt=0,
        description="How long the executor's node catalogue and the integrations connector catalogue are cached.",
    )
    max_definition_bytes: int = Field(1024 * 1024, ge=1024, description="Largest definition accepted.")
    trash_retention_days: int = Field(
        30, ge=1, description="How long a deleted workflow can be restored before it is purged."
    )
    scheduler_enabled: bool = Field(
        True, description="Run the cron scheduler in this process (every replica may; ADR-035)."
    )
    scheduler_poll_seconds: float = Field(
        1.0, gt=0, le=30, description="How often the scheduler looks for due cron ticks."
    )
    cron_grace_seconds: float = Field(
        60.0,
        gt=0,
        description="A tick older than this when first seen was missed; the trigger's missed_ticks policy applies.",
    )
    webhook_redacted_headers: list[str] = Field(
        default_factory=list,
        description="Request header names (besides Authorization, Cookie and API-key-like names) whose"
        " values are redacted before a webhook's request is stored with its execution.",
    )
