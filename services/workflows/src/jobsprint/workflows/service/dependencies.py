"""What one process's use cases are handed: built once by `bootstrap`, read by the entrypoints,
which pass each use case the parts it names in its signature."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from jobsprint.common.envelope import WorkspaceKeys
from jobsprint.common.tokens import KeyRing
from jobsprint.workflows.service.checks import DefinitionChecks
from jobsprint.workflows.service.ports import Executor, Integrations, WorkflowsUnitOfWork
from jobsprint.workflows.service.webhooks import WebhookIngress


@dataclass(frozen=True)
class Dependencies:
    uow: Callable[[], WorkflowsUnitOfWork]  # a new unit of work for each call
    # The workspaces' data keys under this service's master key: webhook tokens and signing
    # secrets are sealed with them (ADR-069).
    keys: WorkspaceKeys
    executor: Executor
    integrations: Integrations
    checks: DefinitionChecks  # what a definition must pass to be saved
    ingress: WebhookIngress  # what a hook request needs
    # The service's token key ring: it calls the executor as a workflow's workspace (cron, hooks).
    key_ring: KeyRing | None
    trash_retention: timedelta = timedelta(days=30)
    cron_grace: timedelta = timedelta(seconds=60)
