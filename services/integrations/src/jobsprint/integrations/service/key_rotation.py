"""Rotating the master key: rewrap every workspace's data key under the current master key while
the service keeps serving (ADR-045); the secrets themselves are not touched."""

from __future__ import annotations

from collections.abc import Callable

from jobsprint.common.envelope import RotationReport, WorkspaceKeys
from jobsprint.integrations.service.ports import IntegrationsUnitOfWork


def rotate_master_key(uows: Callable[[], IntegrationsUnitOfWork], keys: WorkspaceKeys) -> RotationReport:
    """One unit of work per workspace (`uows` makes them), so no lock is held for long."""
    return keys.rewrap_all(uows)
