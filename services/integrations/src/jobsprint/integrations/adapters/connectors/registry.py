"""The registry of connectors, the adapter behind the `Connectors` port. Adding a connector is
one module in this package that defines `CONNECTOR`, and one line in `MODULES`
(docs/connectors.md)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from jobsprint.common.outbound import OutboundPolicy
from jobsprint.integrations.adapters.connectors.base import (
    ActionContext,
    Budget,
    Cache,
    Connector,
    TokenCache,
)
from jobsprint.integrations.domain.connector import ActionCall, ActionResult, ConnectorInfo, Limits
from jobsprint.integrations.service.ports import Connectors

MODULES = (
    "http",
    "chat",
    "email",
    "ai",
    "mcp",
)


def default_connectors() -> list[Connector]:
    return [importlib.import_module(f"{__package__}.{module}").CONNECTOR for module in MODULES]


@dataclass(frozen=True)
class ConnectorTools:
    """What every call gets from the service besides its credential: the SSRF guard's policy and
    its HTTP clients, limits, the AI cache and budget, and the OAuth2 tokens already fetched."""

    policy: OutboundPolicy
    limits: Limits
    http: Callable[..., httpx.Client]
    cache: Cache
    budget: Budget
    oauth2_tokens: TokenCache


def _info(connector: Connector) -> ConnectorInfo:
    return ConnectorInfo(
        connector.name,
        connector.description,
        tuple(connector.credential_types),
        connector.credential_required,
        tuple(connector.actions),
    )


class ConnectorRegistry(Connectors):
    def __init__(self, tools: ConnectorTools, connectors: Sequence[Connector] | None = None) -> None:
        found = default_connectors() if connectors is None else list(connectors)
        self._tools = tools
        self._connectors: Mapping[str, Connector] = {c.name: c for c in found}
        self._infos = {c.name: _info(c) for c in found}

    def catalogue(self) -> list[ConnectorInfo]:
        return list(self._infos.values())

    def get(self, name: str) -> ConnectorInfo | None:
        return self._infos.get(name)

    def _context(self, call: ActionCall) -> ActionContext:
        tools = self._tools
        return ActionContext(
            workspace_id=call.workspace_id,
            credential=call.credential,
            idempotency_key=call.idempotency_key,
            policy=tools.policy,
            limits=tools.limits,
            http=tools.http,
            cache=tools.cache,
            budget=tools.budget,
            oauth2_tokens=tools.oauth2_tokens,
            masker=call.masker,
        )

    def invoke(
        self, call: ActionCall, connector: str, action: str, parameters: Mapping[str, Any]
    ) -> ActionResult:
        return self._connectors[connector].invoke(self._context(call), action, parameters)

    def test(self, call: ActionCall, connector: str, target: str) -> str:
        return self._connectors[connector].test(self._context(call), target)

    def tools(self, call: ActionCall, connector: str) -> list[dict[str, Any]]:
        listing = getattr(self._connectors[connector], "tools", None)
        return [] if listing is None else list(listing(self._context(call)))
