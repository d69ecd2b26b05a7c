"""Invoking an action and testing a credential: resolve the connector and action, check the
parameters against the action's schema, open the credential, call the connector under its
per-process concurrency gate, and mask the call's secrets in whatever comes back (ADR-066)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from jobsprint.common.envelope import WorkspaceKeys
from jobsprint.common.errors import (
    DomainError,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    ResourceExhausted,
    Unavailable,
)
from jobsprint.common.redaction import Masker
from jobsprint.integrations.domain.connector import (
    ActionCall,
    ActionError,
    ActionResult,
    ConnectorInfo,
    Credential,
    RateLimited,
)
from jobsprint.integrations.domain.credential_types import check
from jobsprint.integrations.domain.credentials import json_object
from jobsprint.integrations.domain.masking import masker_for
from jobsprint.integrations.service import secrets
from jobsprint.integrations.service.ports import Connectors, IntegrationsUnitOfWork
from prometheus_client import Counter, Histogram

log = logging.getLogger(__name__)

# Process-wide instruments, as prometheus_client keeps them; written, never read, by the use case.
ACTIONS = Counter(
    "jobsprint_integration_actions_total", "Actions invoked", ["connector", "action", "outcome"]
)
ACTION_SECONDS = Histogram("jobsprint_integration_action_seconds", "Action latency", ["connector"])


class ActionGates:
    """At most `max_concurrent` calls of one connector at once in this process; a call waits
    `wait_seconds` for a place, then is refused as RESOURCE_EXHAUSTED."""

    def __init__(self, *, max_concurrent: int, wait_seconds: float) -> None:
        self._max = max_concurrent
        self._wait = wait_seconds
        self._gates: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    @contextmanager
    def gate(self, connector: str) -> Iterator[None]:
        with self._lock:
            gate = self._gates.setdefault(connector, threading.BoundedSemaphore(self._max))
        if not gate.acquire(timeout=self._wait):
            raise ResourceExhausted(f"too many {connector} actions are running; retry shortly")
        try:
            yield
        finally:
            gate.release()


def domain_error(error: ActionError) -> DomainError:
    """An action's failure as the caller must treat it: rate-limited, retry later, or permanent."""
    if isinstance(error, RateLimited):
        return ResourceExhausted(error.message)
    if error.retryable:
        return Unavailable(error.message)
    return FailedPrecondition(error.message)


@contextmanager
def masked_errors(masker: Masker) -> Iterator[None]:
    """An action's failure leaves with the call's secrets masked in its message."""
    try:
        yield
    except ActionError as error:
        error.message = masker.text(error.message)
        error.args = (error.message,)
        raise


def connector_named(connectors: Connectors, name: str) -> ConnectorInfo:
    found = connectors.get(name)
    if found is None:
        names = ", ".join(sorted(c.name for c in connectors.catalogue()))
        raise NotFound(f"no connector {name!r}; the catalogue has {names}")
    return found


def credential_for(
    uow: IntegrationsUnitOfWork,
    keys: WorkspaceKeys,
    connector: ConnectorInfo,
    *,
    workspace_id: str,
    credential_id: str,
) -> Credential | None:
    """The credential a call of `connector` uses, opened; None when none is given and none is needed."""
    if not credential_id:
        if connector.credential_required:
            raise InvalidArgument(
                f"connector {connector.name!r} needs a credential",
                [
                    FieldViolation(
                        "credential_id", f"a credential of type {' or '.join(connector.credential_types)}"
                    )
                ],
            )
        return None
    credential = secrets.decrypted_credential(
        uow, keys, workspace_id=workspace_id, credential_id=credential_id
    )
    if credential.type not in connector.credential_types:
        raise InvalidArgument(
            f"connector {connector.name!r} cannot use a {credential.type!r} credential",
            [
                FieldViolation(
                    "credential_id",
                    f"a credential of type {' or '.join(connector.credential_types) or 'none'}",
                )
            ],
        )
    return credential


def invoke_action(
    uow: IntegrationsUnitOfWork,
    keys: WorkspaceKeys,
    connectors: Connectors,
    gates: ActionGates,
    *,
    workspace_id: str,
    connector_name: str,
    action_name: str,
    parameters: bytes,
    credential_id: str,
    idempotency_key: str,
) -> ActionResult:
    connector = connector_named(connectors, connector_name)
    values = json_object(parameters, field_name="parameters", required=False)
    if connector.name == "mcp" and connector.action(action_name) is None:
        # A tool of the server, called by its own name: the parameters are its arguments.
        values, action_name = {"tool": action_name, "arguments": values}, "call_tool"
    action = connector.action(action_name)
    if action is None:
        names = ", ".join(a.name for a in connector.actions)
        raise NotFound(f"connector {connector.name!r} has no action {action_name!r}; it has {names}")
    check(dict(action.parameters_schema), values, path="parameters")
    credential = credential_for(uow, keys, connector, workspace_id=workspace_id, credential_id=credential_id)
    call = ActionCall(workspace_id, credential, idempotency_key, masker_for(credential))
    timer = ACTION_SECONDS.labels(connector.name).time()
    with gates.gate(connector.name), timer:
        try:
            with masked_errors(call.masker):
                result = connectors.invoke(call, connector.name, action.name, values)
        except ActionError as error:
            ACTIONS.labels(connector.name, action.name, "retryable" if error.retryable else "permanent").inc()
            log.info("%s.%s failed: %s", connector.name, action.name, error.message)
            raise domain_error(error) from error
    ACTIONS.labels(connector.name, action.name, "cached" if result.cached else "ok").inc()
    if call.masker:
        # Outside servers echo what they were sent (errors, debug endpoints): the step's output
        # must not carry the credential, in any encoding (ADR-066).
        result = ActionResult(call.masker.mask(result.output), result.usage, result.cached)
    return result


def try_credential(
    uow: IntegrationsUnitOfWork,
    keys: WorkspaceKeys,
    connectors: Connectors,
    *,
    workspace_id: str,
    credential_id: str,
    url: str,
) -> tuple[bool, str]:
    """Try the credential; the answer's message is masked like an action's output, since its
    caller may be anyone allowed to run workflows (ADR-066)."""
    credential = secrets.decrypted_credential(
        uow, keys, workspace_id=workspace_id, credential_id=credential_id
    )
    connector = next((c for c in connectors.catalogue() if credential.type in c.credential_types), None)
    if connector is None:
        return False, f"no connector uses {credential.type!r} credentials"
    call = ActionCall(workspace_id, credential, "", masker_for(credential))
    try:
        with masked_errors(call.masker):
            return True, call.masker.text(connectors.test(call, connector.name, url))
    except ActionError as error:
        return False, error.message
