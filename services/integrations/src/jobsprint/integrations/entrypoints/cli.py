"""Operator commands of `python -m jobsprint.integrations` besides serve and migrate."""

from __future__ import annotations

import sys

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
    print(
        f"rotate-master-key: {report.rewrapped} data keys rewrapped with {settings.master_key_current!r}, "
        f"{report.already_current} already were; retire the old master key once every replica runs "
        "with the new ring"
    )
    if report.unreadable:
        print(
            f"rotate-master-key: {len(report.unreadable)} data keys are wrapped by a master key that is not "
            f"in INTEGRATIONS_MASTER_KEYS (workspaces {', '.join(report.unreadable)}); put that key back "
            "in the ring and run again",
            file=sys.stderr,
        )
        sys.exit(1)
