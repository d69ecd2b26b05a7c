import jobsprint.common.lean_imports  # noqa: F401  (first: keeps unused library parts out, ADR-103)
from jobsprint.common import service
from jobsprint.integrations import bootstrap
from jobsprint.integrations.config import Settings
from jobsprint.integrations.entrypoints import cli

service.main(
    name="integrations",
    settings_factory=Settings,
    start=bootstrap.start,
    commands={"rotate-master-key": cli.rotate_master_key},
    alembic_ini=service.service_root(__file__) / "alembic.ini",
)
