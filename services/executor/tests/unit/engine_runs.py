"""How the unit tests run the engine: over a node catalogue of their own (the built-in types, plus
any a test adds: never a process-wide registry) and a sandbox for costly expressions."""

from __future__ import annotations

from typing import Any

from jobsprint.common.definitions import Definition
from jobsprint.executor.adapters.sandbox import SandboxPool
from jobsprint.executor.domain import engine
from jobsprint.executor.domain.nodes import NodeCatalogue, NodeType, built_in_catalogue
from jobsprint.executor.domain.sandboxing import Limits

# Its processes start on first use: a test module that evaluates nothing costly starts none.
SANDBOX = SandboxPool(Limits())


def catalogue(*extra: NodeType) -> NodeCatalogue:
    """The built-in node types and `extra`."""
    made = built_in_catalogue()
    made.add(*extra)
    return made


def run(
    definition: Definition, ctx: engine.RunContext, *, catalogue: NodeCatalogue | None = None, **kw: Any
) -> engine.Outcome:
    """`engine.run` over `catalogue` (the built-in one unless given) and the tests' sandbox."""
    kw.setdefault("sandbox", SANDBOX)
    return engine.run(
        definition, ctx, catalogue=catalogue if catalogue is not None else built_in_catalogue(), **kw
    )
