import jobsprint.common.lean_imports  # noqa: F401  (first: keeps unused library parts out, ADR-103)
from jobsprint.common import service
from jobsprint.executor import bootstrap
from jobsprint.executor.config import Settings

service.main(
    name="executor",
    settings_factory=Settings,
    start=bootstrap.start,
    commands={
        "worker": bootstrap.work,
        "prune": bootstrap.prune,
        "requeue-stuck": bootstrap.requeue_stuck,
    },
    alembic_ini=service.service_root(__file__) / "alembic.ini",
)
