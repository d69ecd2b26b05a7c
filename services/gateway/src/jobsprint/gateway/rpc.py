"""The gRPC calls of one HTTP request: each carries the caller's credentials and what is left of
the request's time budget as its deadline, so a slow service costs a request its budget, never
more (`GATEWAY_RPC_TIMEOUT_SECONDS`). The services pass the rest on to the calls they make
(`jobsprint.common.deadlines`)."""

from __future__ import annotations

import time
from typing import Any

from google.protobuf.message import Message
from jobsprint.gateway.clients import Clients
from jobsprint.gateway.problems import Problem

Metadata = tuple[tuple[str, str], ...]


class Rpc:
    """`await rpc(workflows_pb2.GetWorkflowRequest(id=...))`: the request message names the call
    (`Clients.method_for`), so a route states only the message and what it does with the reply."""

    def __init__(
        self, *, clients: Clients, metadata: Metadata, deadline: float, budget_seconds: float
    ) -> None:
        self.clients = clients
        self.metadata = metadata
        self.deadline = deadline
        self.budget_seconds = budget_seconds

    def starting_now(self) -> Rpc:
        """The same calls with a whole budget of their own, from now (a long stream's later reads)."""
        return Rpc(
            clients=self.clients,
            metadata=self.metadata,
            deadline=time.monotonic() + self.budget_seconds,
            budget_seconds=self.budget_seconds,
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
        return Rpc(
            clients=self.clients,
            metadata=metadata,
            deadline=self.deadline,
            budget_seconds=self.budget_seconds,
        )

    async def __call__(self, request: Message) -> Any:
        method = self.clients.method_for(request)
        return await method(request, metadata=self.metadata, timeout=self.timeout())
