"""What a definition must pass to be saved: it is JSON of at most the size allowed, valid against
the executor's node catalogue, its credentials exist in the workspace and fit their connectors
(asked of the integrations service, ADR-039), and the workflows it names exist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from jobsprint.common import definitions
from jobsprint.common.errors import FieldViolation, InvalidArgument, Unavailable
from jobsprint.common.tokens import Principal
from jobsprint.workflows.domain import credentials, validation
from jobsprint.workflows.service.ports import Executor, Integrations, WorkflowsUnitOfWork


@dataclass(frozen=True)
class DefinitionChecks:
    executor: Executor
    integrations: Integrations
    max_definition_bytes: int

    def json(self, definition: bytes) -> Any:
        if len(definition) > self.max_definition_bytes:
            raise InvalidArgument(f"the definition is larger than {self.max_definition_bytes} bytes")
        try:
            return orjson.loads(definition)
        except orjson.JSONDecodeError as exc:
            raise InvalidArgument(f"the definition is not JSON: {exc}") from exc

    def read(
        self, uow: WorkflowsUnitOfWork, principal: Principal, definition: bytes
    ) -> tuple[Any, definitions.Definition]:
        """The definition as JSON and parsed, validated."""
        raw = self.json(definition)
        return raw, self.validated(uow, principal, raw)

    def validated(self, uow: WorkflowsUnitOfWork, principal: Principal, raw: Any) -> definitions.Definition:
        """The parsed definition, validated against the executor's node catalogue, the
        workspace's credentials and its workflows."""
        parsed = validation.validate(
            raw,
            catalogue=self.executor.node_types(principal),
            credentials=lambda parsed: self._credential_problems(principal, parsed),
        )
        with uow:
            _check_references(uow, principal.workspace_id, parsed)
        return parsed

    def _credential_problems(
        self, principal: Principal, definition: definitions.Definition
    ) -> list[FieldViolation]:
        """Problems with the credentials the integration nodes reference; when the integrations
        service cannot answer nothing is saved (503): an unchecked reference would fail only at
        run time, perhaps at 3 a.m. on a schedule (ADR-039)."""
        refs = credentials.references(definition)
        if not refs:
            return []
        try:
            connectors = self.integrations.connectors(principal.workspace_id)
            ids = credentials.ids_to_look_up(refs)
            known = (
                {c.id: c for c in self.integrations.credentials(principal.workspace_id, ids=ids)}
                if ids
                else {}
            )
        except Unavailable as exc:
            raise Unavailable(
                f"{exc.message}, so the credentials this workflow uses cannot be checked; nothing was "
                "saved: retry shortly"
            ) from exc
        return credentials.problems(refs, connectors=connectors, known=known)


def _check_references(uow: WorkflowsUnitOfWork, workspace_id: str, parsed: definitions.Definition) -> None:
    """The workflows a definition names (its error workflow, the workflows its subworkflow nodes
    call, where given as plain ids and versions) exist in the caller's workspace."""
    wanted = validation.referenced_workflows(parsed)
    if not wanted:
        return
    existing = uow.workflows.existing(workspace_id, sorted({ref.workflow_id for ref in wanted}))
    pinned = {
        (ref.workflow_id, ref.version)
        for ref in wanted
        if ref.version is not None and ref.workflow_id in existing
    }
    versions_found = uow.workflows.existing_versions(sorted(pinned)) if pinned else set()
    problems = []
    for ref in wanted:
        if ref.workflow_id not in existing:
            problems.append(FieldViolation(ref.path, f"no workflow {ref.workflow_id} in this workspace"))
        elif ref.version is not None and (ref.workflow_id, ref.version) not in versions_found:
            problems.append(
                FieldViolation(ref.version_path, f"workflow {ref.workflow_id} has no version {ref.version}")
            )
    if problems:
        raise InvalidArgument("the workflow definition names workflows that do not exist", problems)
