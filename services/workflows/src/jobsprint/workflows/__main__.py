import jobsprint.common.lean_imports  # noqa: F401  (first: keeps unused library parts out, ADR-103)
from jobsprint.common import service
from jobsprint.workflows import bootstrap
from jobsprint.workflows.config import Settings
from jobsprint.workflows.entrypoints import cli

service.main(
    name="workflows",
    settings_factory=Settings,
    start=bootstrap.start,
    commands={"rotate-master-key": cli.rotate_master_key},
    alembic_ini=service.service_root(__file__) / "alembic.ini",
    # Migration 0004 seals the webhook secrets and tokens stored before ADR-069 with this ring.
    migration_attributes=lambda settings: {"master_key_ring": settings.master_key_ring()},
)
