"""Operator commands of `python -m jobsprint.workflows` besides serve and migrate."""

from __future__ import annotations

from jobsprint.common import service
from jobsprint.workflows import bootstrap
from jobsprint.workflows.config import Settings


def rotate_master_key(settings: Settings) -> None:
    """Rewrap every workspace's data key with WORKFLOWS_MASTER_KEY_CURRENT, while serving."""
    engine = bootstrap.database(settings)
    try:
        deps = bootstrap.dependencies(settings, engine)
        report = deps.keys.rewrap_all(deps.uow)
    finally:
        engine.dispose()
    service.report_rotation(report, env_prefix="WORKFLOWS_", current_kid=settings.master_key_current)
