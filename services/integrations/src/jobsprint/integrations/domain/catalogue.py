"""The connector catalogue: each connector's actions with the JSON schema of their parameters.

Only what can be invoked is listed; connectors arrive with their implementations (issue 6).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Action:
    name: str
    description: str
    parameters_schema: dict[str, Any]


@dataclass(frozen=True)
class Connector:
    name: str
    description: str
    actions: tuple[Action, ...]


CONNECTORS: tuple[Connector, ...] = ()
