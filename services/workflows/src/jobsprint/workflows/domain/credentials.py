"""Credentials as definitions use them (ADR-039).

An `integration.<connector>.<action>` node names the credential it uses in its `credential`
parameter: the id of a credential of the workspace (ADR-047). On save each such reference must
exist in the workspace and be of a type the connector takes; a connector that needs a credential
must have one. An expression (`{{ … }}`) is known only when the run evaluates it, so it is left
to the run.

An export carries a reference by name instead, `{"name": "Prod SMTP", "type": "smtp"}`: ids
mean nothing in another workspace, and secrets never leave the integrations service. Import maps
each name back to the credential of that name in the importing workspace.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jobsprint.common.definitions import Definition
from jobsprint.common.errors import FieldViolation
from jobsprint.workflows.domain.validation import is_expression

PARAMETER = "credential"
INTEGRATION_PREFIX = "integration."
_MISSING = object()


@dataclass(frozen=True)
class ConnectorNeeds:
    """What a connector of the integrations catalogue takes: credential types (empty: any or
    none) and whether every action needs one."""

    types: tuple[str, ...]
    required: bool


@dataclass(frozen=True)
class KnownCredential:
    """A credential of the workspace as the integrations service describes it (no secret)."""

    id: str
    name: str
    type: str


def connector_of(node_type: str) -> str | None:
    """`integration.http.request` → `http`; None for a node that is not an integration action."""
    if not node_type.startswith(INTEGRATION_PREFIX):
        return None
    connector, _, action = node_type[len(INTEGRATION_PREFIX) :].partition(".")
    return connector if connector and action else None


def _path(index: int) -> str:
    return f"definition.nodes[{index}].parameters.{PARAMETER}"


@dataclass(frozen=True)
class Reference:
    """An integration node's use of a credential: `value` is the parameter as written (or
    absent)."""

    index: int
    node_type: str
    connector: str
    value: Any

    @property
    def field(self) -> str:
        return _path(self.index)

    @property
    def literal_id(self) -> str | None:
        """The id it names, when it is a plain string rather than an expression."""
        if isinstance(self.value, str) and self.value and not is_expression(self.value):
            return self.value
        return None


def references(definition: Definition) -> list[Reference]:
    """Every integration node of a parsed definition, with its `credential` parameter."""
    found = []
    for index, node in enumerate(definition.nodes):
        connector = connector_of(node.type)
        if connector is not None:
            found.append(Reference(index, node.type, connector, node.parameters.get(PARAMETER, _MISSING)))
    return found


def ids_to_look_up(refs: list[Reference]) -> list[str]:
    return sorted({r.literal_id for r in refs if r.literal_id is not None})


def _types(types: tuple[str, ...]) -> str:
    return " or ".join(types)


def problems(
    refs: list[Reference],
    *,
    connectors: Mapping[str, ConnectorNeeds],
    known: Mapping[str, KnownCredential],
) -> list[FieldViolation]:
    """What is wrong with each reference: `known` holds the workspace's credentials among the
    ids referenced, `connectors` what each connector takes."""
    out = []
    for ref in refs:
        needs = connectors.get(ref.connector)
        if ref.value is _MISSING or ref.value in ("", None):
            if needs is not None and needs.required:
                out.append(
                    FieldViolation(
                        ref.field,
                        f"{ref.node_type} needs a credential of type {_types(needs.types)}: "
                        "set the id of one of the workspace's credentials (GET /v1/credentials)",
                    )
                )
            continue
        if isinstance(ref.value, str) and is_expression(ref.value):
            continue  # its value is known only when the run evaluates it
        if isinstance(ref.value, Mapping):
            out.append(
                FieldViolation(
                    ref.field,
                    'must be a credential id; a reference by name ({"name": …}) is read only by '
                    "POST /v1/workflows/import",
                )
            )
            continue
        if not isinstance(ref.value, str):
            out.append(FieldViolation(ref.field, "must be a credential id (a string)"))
            continue
        credential = known.get(ref.value)
        if credential is None:
            out.append(
                FieldViolation(
                    ref.field,
                    f"no credential {ref.value!r} in this workspace; use the id of one of its "
                    "credentials (GET /v1/credentials)",
                )
            )
        elif needs is not None and needs.types and credential.type not in needs.types:
            out.append(
                FieldViolation(
                    ref.field,
                    f"credential {credential.name!r} is of type {credential.type}; "
                    f"{ref.node_type} takes {_types(needs.types)}",
                )
            )
    return out


# --- export and import: the raw JSON, everything else kept as it is ---------------------------


def _credential_slots(raw: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """(node index, its parameters) of each integration node of a raw definition that has a
    `credential` parameter; tolerant of any JSON, which validation reports on later."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("nodes"), list):
        return
    for index, node in enumerate(raw["nodes"]):
        if not isinstance(node, Mapping) or not isinstance(node.get("type"), str):
            continue
        parameters = node.get("parameters")
        if (
            connector_of(node["type"]) is not None
            and isinstance(parameters, dict)
            and PARAMETER in parameters
        ):
            yield index, parameters


def exported_ids(raw: Any) -> list[str]:
    """The credential ids a stored definition references (expressions aside)."""
    return sorted(
        {
            p[PARAMETER]
            for _, p in _credential_slots(raw)
            if isinstance(p[PARAMETER], str) and p[PARAMETER] and not is_expression(p[PARAMETER])
        }
    )


def named(raw: Any, *, by_id: Mapping[str, KnownCredential]) -> Any:
    """A copy of a stored definition with each credential id replaced by `{"name", "type"}`;
    both are null for a credential that no longer exists, so no id ever leaves in an export."""
    out = copy.deepcopy(raw)
    for _, parameters in _credential_slots(out):
        value = parameters[PARAMETER]
        if not isinstance(value, str) or not value or is_expression(value):
            continue
        credential = by_id.get(value)
        parameters[PARAMETER] = (
            {"name": credential.name, "type": credential.type}
            if credential is not None
            else {"name": None, "type": None}
        )
    return out


def referenced_names(raw: Any) -> list[str]:
    """The credential names an export references."""
    return sorted(
        {
            p[PARAMETER]["name"]
            for _, p in _credential_slots(raw)
            if isinstance(p[PARAMETER], Mapping) and isinstance(p[PARAMETER].get("name"), str)
        }
    )


@dataclass(frozen=True)
class Mapped:
    """An export's definition with names mapped to ids, and what could not be mapped."""

    definition: Any
    problems: list[FieldViolation]
    # (name, expected type or None) of each name the workspace has no credential for, once.
    missing: list[tuple[str, str | None]]

    @property
    def summary(self) -> str:
        if self.missing:
            listed = ", ".join(f"{name!r} ({kind or 'any type'})" for name, kind in self.missing)
            return (
                f"this workspace has no credential named {listed}: create "
                f"{'it' if len(self.missing) == 1 else 'them'} (POST /v1/credentials) or edit the "
                "export's references, then import again"
            )
        return "some credential references of the export cannot be mapped to this workspace"


def with_ids(raw: Any, *, by_name: Mapping[str, KnownCredential]) -> Mapped:
    """A copy of an export's definition with each `{"name", "type"}` reference replaced by the id
    of the workspace's credential of that name (of the same type, when the export names one).
    A plain string stays as it is: it is an id, checked like any other on save."""
    out = copy.deepcopy(raw)
    found: list[FieldViolation] = []
    missing: dict[str, str | None] = {}
    for index, parameters in _credential_slots(out):
        value = parameters[PARAMETER]
        if not isinstance(value, Mapping):
            continue
        name, kind = value.get("name"), value.get("type")
        unknown_keys = sorted(set(value) - {"name", "type"})
        if unknown_keys or not (kind is None or isinstance(kind, str)):
            found.append(FieldViolation(_path(index), '{"name": …, "type": …} only, as an export writes it'))
            continue
        if not isinstance(name, str) or not name:
            found.append(
                FieldViolation(
                    _path(index),
                    "the export names no credential (it had been deleted in the workspace it came "
                    'from): set a credential id of this workspace or {"name": …}',
                )
            )
            continue
        credential = by_name.get(name)
        if credential is None:
            missing.setdefault(name, kind)
            found.append(
                FieldViolation(
                    _path(index),
                    f"no credential named {name!r} in this workspace"
                    + (f"; create one of type {kind}" if kind else ""),
                )
            )
        elif kind and credential.type != kind:
            found.append(
                FieldViolation(
                    _path(index),
                    f"credential {name!r} in this workspace is of type {credential.type}; the export "
                    f"expects {kind}",
                )
            )
        else:
            parameters[PARAMETER] = credential.id
    return Mapped(out, found, list(missing.items()))
