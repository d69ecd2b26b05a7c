from jobsprint.common.settings import GrpcServiceSettings
from pydantic import Field
from pydantic_settings import SettingsConfigDict


class Settings(GrpcServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AUTH_", extra="ignore", populate_by_name=True)

    database_url: str = "postgresql+psycopg://jobsprint_auth@127.0.0.1:5432/jobsprint"
    grpc_port: int = 50051
    metrics_port: int = 9102
    access_token_ttl_seconds: int = Field(900, ge=60, le=86_400, description="Access token lifetime.")
    api_key_token_ttl_seconds: int = Field(
        300, ge=30, le=3600, description="Lifetime of the access token an API key is exchanged for."
    )
    session_ttl_seconds: int = Field(
        86_400, ge=300, description="Refresh-token family (session) lifetime, ADR-002's 24 h."
    )
    operator_emails: str = Field(
        "",
        description="Comma-separated emails of the instance operators: their access tokens carry the"
        " `op` claim, which lets them list what belongs to no workspace (malformed dead letters,"
        " ADR-102). Empty: no operator.",
    )

    def operators(self) -> frozenset[str]:
        """The operators' emails, normalised as sign-in normalises them."""
        return frozenset(email.strip().lower() for email in self.operator_emails.split(",") if email.strip())
