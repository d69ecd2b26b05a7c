"""The registry of connectors. Adding a connector is one module in this package that defines
`CONNECTOR`, and one line here (docs/connectors.md)."""

from __future__ import annotations

import importlib
from functools import cache

from jobsprint.integrations.domain.connector import Connector

MODULES = (
    "http",
    "chat",
    "email",
    "ai",
    "mcp",
)


@cache
def connectors() -> dict[str, Connector]:
    loaded = [importlib.import_module(f"{__package__}.{module}").CONNECTOR for module in MODULES]
    return {connector.name: connector for connector in loaded}
