"""The gRPC calls of one HTTP request: each carries the caller's credentials and what is left of
the request's time budget as its deadline, so a slow service costs a request its budget, never
more (`GATEWAY_RPC_TIMEOUT_SECONDS`). The services pass the rest on to the calls they make
(`jobsprint.common.deadlines`)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from jobsprint.gateway.problems import Problem

Reply = TypeVar("Reply")
Metadata = tuple[tuple[str, str], ...]


class Rpc:
    def __init__(self, *, metadata: Metadata, deadline: float, budget_seconds: float) -> None:
        self.metadata = metadata
        self.deadline = deadline
        self.budget_seconds = budget_seconds

    @classmethod
    def starting_now(cls, *, metadata: Metadata, budget_seconds: float) -> Rpc:
        return cls(
            metadata=metadata, deadline=time.monotonic() + budget_seconds, budget_seconds=budget_seconds
        )

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def timeout(self) -> float:
        """The deadline of the next call; 504 when the budget is already spent."""
        left = self.remaining()
        if left <= 0:
            raise Problem(
                504,
                f"the request used up its {self.budget_seconds:g} s time budget before it could finish; "
                "retry later",
            )
        return left

    def extend(self, seconds: float) -> None:
        """Give the request `seconds` more: a `?wait=true` run may wait that long for its result."""
        self.deadline += seconds

    def with_metadata(self, metadata: Metadata) -> Rpc:
        """The same deadline for calls made with other credentials (a service token)."""
        return Rpc(metadata=metadata, deadline=self.deadline, budget_seconds=self.budget_seconds)

    async def __call__(self, method: Callable[..., Awaitable[Reply]], request: Any) -> Reply:
        return await method(request, metadata=self.metadata, timeout=self.timeout())
