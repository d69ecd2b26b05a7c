"""Operator commands of `python -m jobsprint.integrations` besides serve and migrate."""

from __future__ import annotations

from jobsprint.common import service
from jobsprint.integrations import bootstrap
from jobsprint.integrations.config import Settings
from jobsprint.integrations.service.key_rotation import rotate_master_key as rotate


def rotate_master_key(settings: Settings) -> None:
    """Rewrap every workspace's data key with INTEGRATIONS_MASTER_KEY_CURRENT, while serving."""
    engine = bootstrap.database(settings)
    try:
        deps = bootstrap.dependencies(settings, engine)
        report = rotate(deps.uow, deps.keys)
    finally:
        engine.dispose()
    service.report_rotation(report, env_prefix="INTEGRATIONS_", current_kid=settings.master_key_current)
