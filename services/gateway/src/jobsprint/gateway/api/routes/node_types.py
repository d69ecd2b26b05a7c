"""`GET /v1/node-types`: every node type a definition may use, each with its description and the
JSON Schema of its parameters — the executor's own nodes (triggers and `core.*`) and one
`integration.<connector>.<action>` per action of the connector catalogue, whose schema is the
action's plus `credential`. Studio builds its palette and parameter forms from it."""

from __future__ import annotations

from typing import Any, Literal

import orjson
from fastapi import APIRouter
from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.api.integrations.v1 import integrations_pb2
from jobsprint.gateway.api.deps import CallerRpc
from jobsprint.gateway.openapi import errors
from pydantic import BaseModel, Field

router = APIRouter(tags=["workflows"])

CREDENTIAL_PROPERTY = {
    "type": "string",
    "description": "Id of a credential of the workspace (its secret never enters the workflow).",
}


class NodeTypePublic(BaseModel):
    type: str = Field(examples=["core.set"])
    category: Literal["trigger", "core", "integration"]
    description: str
    parameters_schema: dict[str, Any] = Field(description="JSON Schema of the node's `parameters`.")
    outputs: list[str] = Field(
        description="Its outputs besides `error`; `<case name>` stands for the names `core.switch` "
        "takes from its `cases`; empty for a node that ends the run."
    )
    credential_types: list[str] = Field(
        default_factory=list, description="Credential types its `credential` may name (integration nodes)."
    )
    credential_required: bool = False


class NodeTypesList(BaseModel):
    items: list[NodeTypePublic]


def _integration_schema(action: integrations_pb2.Action, required: bool) -> dict[str, Any]:
    schema: dict[str, Any] = orjson.loads(action.parameters_schema) if action.parameters_schema else {}
    schema.setdefault("type", "object")
    schema["properties"] = {**schema.get("properties", {}), "credential": CREDENTIAL_PROPERTY}
    if required:
        schema["required"] = [*schema.get("required", []), "credential"]
    return schema


@router.get("/node-types", responses=errors(403))
async def list_node_types(rpc: CallerRpc) -> NodeTypesList:
    """Every node type, triggers first, then the core nodes, then each connector's actions."""
    own = await rpc(executor_pb2.ListNodeTypesRequest())
    catalogue = await rpc(integrations_pb2.ListConnectorsRequest())
    items = [
        NodeTypePublic(
            type=node.type,
            category="trigger" if node.trigger else "core",
            description=node.description,
            parameters_schema=orjson.loads(node.parameters_schema) if node.parameters_schema else {},
            outputs=list(node.outputs),
        )
        for node in own.node_types
        # The executor lists integration nodes with a catch-all schema; the catalogue's is exact.
        if not node.type.startswith("integration.")
    ]
    items.sort(key=lambda item: item.category != "trigger")
    items += [
        NodeTypePublic(
            type=f"integration.{connector.name}.{action.name}",
            category="integration",
            description=action.description,
            parameters_schema=_integration_schema(action, connector.credential_required),
            outputs=["main"],
            credential_types=list(connector.credential_types),
            credential_required=connector.credential_required,
        )
        for connector in catalogue.connectors
        for action in connector.actions
    ]
    return NodeTypesList(items=items)
