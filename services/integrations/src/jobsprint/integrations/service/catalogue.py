"""The catalogue: the connectors with their actions (and, given an MCP credential, that server's
tools as actions of their own), and the credential types with their schemas."""

from __future__ import annotations

from dataclasses import replace

from jobsprint.common.envelope import WorkspaceKeys
from jobsprint.integrations.domain.connector import Action, ActionCall, ActionError, ConnectorInfo
from jobsprint.integrations.domain.credential_types import CREDENTIAL_TYPES, CredentialType
from jobsprint.integrations.domain.masking import masker_for
from jobsprint.integrations.service.invocation import credential_for, domain_error, masked_errors
from jobsprint.integrations.service.ports import Connectors, IntegrationsUnitOfWork


def list_connectors(
    uow: IntegrationsUnitOfWork,
    keys: WorkspaceKeys,
    connectors: Connectors,
    *,
    workspace_id: str,
    mcp_credential_id: str = "",
) -> list[ConnectorInfo]:
    views = sorted(connectors.catalogue(), key=lambda c: c.name)
    mcp = connectors.get("mcp")
    if not mcp_credential_id or mcp is None:
        return views
    credential = credential_for(uow, keys, mcp, workspace_id=workspace_id, credential_id=mcp_credential_id)
    call = ActionCall(workspace_id, credential, "", masker_for(credential))
    try:
        with masked_errors(call.masker):
            tools = call.masker.mask(connectors.tools(call, mcp.name))
    except ActionError as error:
        raise domain_error(error) from error
    tool_actions = tuple(
        Action(t["name"], t["description"], t["input_schema"], {"type": "object"}) for t in tools
    )
    return [replace(v, actions=v.actions + tool_actions) if v.name == mcp.name else v for v in views]


def list_credential_types() -> list[CredentialType]:
    return list(CREDENTIAL_TYPES.values())
