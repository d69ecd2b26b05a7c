"""What one process's use cases are handed: built once by `bootstrap`, read by the entrypoints,
which pass each use case the parts it names in its signature."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jobsprint.common.envelope import WorkspaceKeys
from jobsprint.integrations.service.invocation import ActionGates
from jobsprint.integrations.service.ports import Connectors, IntegrationsUnitOfWork


@dataclass(frozen=True)
class Dependencies:
    uow: Callable[[], IntegrationsUnitOfWork]  # a new unit of work for each call
    keys: WorkspaceKeys  # the master-key ring and the unwrapped data keys it remembers
    connectors: Connectors
    gates: ActionGates
