import jobsprint.common.lean_imports  # noqa: F401  (first: keeps unused library parts out, ADR-103)
from jobsprint.auth import bootstrap
from jobsprint.auth.config import Settings
from jobsprint.common import service

service.main(
    name="auth",
    settings_factory=Settings,
    start=bootstrap.start,
    alembic_ini=service.service_root(__file__) / "alembic.ini",
)
