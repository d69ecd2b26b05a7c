from jobsprint.common.settings import GrpcServiceSettings
from pydantic_settings import SettingsConfigDict


class Settings(GrpcServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INTEGRATIONS_", extra="ignore", populate_by_name=True)

    database_url: str = "postgresql+psycopg://jobsprint_integrations@127.0.0.1:5432/jobsprint"
    grpc_port: int = 50054
    metrics_port: int = 9105
