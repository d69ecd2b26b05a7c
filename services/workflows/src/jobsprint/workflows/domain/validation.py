"""Validation of a definition on save, beyond its shape: node parameters against each node
type's JSON schema, expressions (they parse, and pass the static cost check the executor applies
too: `jobsprint.common.expressions`), and trigger settings (cron, time zone, webhook).

Every problem names the node and field it is about, e.g.
`definition.nodes[2].parameters.values.total`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jsonschema
from jobsprint.common import definitions, expressions
from jobsprint.common.errors import FieldViolation, InvalidArgument
from jobsprint.workflows.domain import triggers

is_expression = expressions.is_expression


def _tolerant(keyword: str) -> Any:
    """A JSON-schema keyword check that lets an expression stand where any value may: whether
    `{{ input.flag }}` is a boolean is known only when the run evaluates it."""
    check = jsonschema.Draft202012Validator.VALIDATORS[keyword]

    def validate(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
        if is_expression(instance):
            return
        yield from check(validator, value, instance, schema)

    return validate


ParametersValidator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    {
        keyword: _tolerant(keyword)
        for keyword in (
            "type",
            "enum",
            "const",
            "pattern",
            "format",
            "minLength",
            "maxLength",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        )
    },
)


@lru_cache(maxsize=256)
def _validator(schema_json: str) -> Any:
    import orjson

    return ParametersValidator(orjson.loads(schema_json))


def _json_path(parts: Iterator[Any] | Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def parameter_problems(
    parameters: Mapping[str, Any], schema: Mapping[str, Any], *, path: str
) -> list[FieldViolation]:
    import orjson

    validator = _validator(orjson.dumps(schema, option=orjson.OPT_SORT_KEYS).decode())
    problems = []
    for error in sorted(validator.iter_errors(dict(parameters)), key=lambda e: list(e.absolute_path)):
        where = f"{path}.parameters{_json_path(error.absolute_path)}"
        if error.validator == "additionalProperties":
            allowed = sorted(schema.get("properties", {}))
            message = f"{error.message}; allowed: {', '.join(allowed) or 'none'}"
        else:
            message = error.message
        problems.append(FieldViolation(where, message))
    return problems


CredentialCheck = Callable[[definitions.Definition], list[FieldViolation]]


def validate(
    raw: object,
    *,
    catalogue: Mapping[str, Mapping[str, Any]],
    credentials: CredentialCheck | None = None,
) -> definitions.Definition:
    """The parsed definition, or InvalidArgument listing every problem with its path.
    `credentials` reports on the credentials the nodes reference (it asks the integrations
    service; see `domain.credentials`) once the shape is known to be sound."""
    definition = definitions.parse(raw, is_known_type=catalogue.__contains__)
    problems: list[FieldViolation] = []
    for index, node in enumerate(definition.nodes):
        path = f"definition.nodes[{index}]"
        schema = catalogue.get(node.type)
        if schema:
            problems += parameter_problems(node.parameters, schema, path=path)
        problems += expressions.problems(node.parameters, path=path)
        if node.type == triggers.CRON and isinstance(node.parameters.get("expression"), str):
            trigger = triggers.Trigger(node.type, node.id, dict(node.parameters))
            problems += triggers.check_schedule(
                trigger.cron_expression, trigger.timezone, path=f"{path}.parameters"
            )
    if credentials is not None:
        problems += credentials(definition)
    if problems:
        raise InvalidArgument("the workflow definition is invalid", problems)
    return definition


SUBWORKFLOW = "core.subworkflow"


@dataclass(frozen=True)
class WorkflowReference:
    """A workflow a definition names by plain id (an expression is known only when it runs)."""

    workflow_id: str
    path: str
    version: int | None = None
    version_path: str = ""


def referenced_workflows(definition: definitions.Definition) -> list[WorkflowReference]:
    """The error workflow of the settings and the workflows `core.subworkflow` nodes call."""
    found: list[WorkflowReference] = []
    if definition.settings.error_workflow is not None:
        found.append(
            WorkflowReference(definition.settings.error_workflow, "definition.settings.error_workflow")
        )
    for index, node in enumerate(definition.nodes):
        if node.type != SUBWORKFLOW:
            continue
        raw_id, version = node.parameters.get("workflow_id"), node.parameters.get("version")
        if not isinstance(raw_id, str) or is_expression(raw_id):
            continue
        try:
            workflow_id = str(uuid.UUID(raw_id))
        except ValueError:
            continue  # the schema's pattern has already said so
        path = f"definition.nodes[{index}].parameters"
        pinned = version if isinstance(version, int) and not isinstance(version, bool) else None
        found.append(WorkflowReference(workflow_id, f"{path}.workflow_id", pinned, f"{path}.version"))
    return found
