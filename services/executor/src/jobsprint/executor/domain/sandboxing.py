"""What evaluating an expression in a sandbox may end in, and the port the engine evaluates
costly expressions through (ADR-056); `adapters/sandbox.py` is the pool of processes behind it,
built once per process by bootstrap."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

MEMORY = "memory"
TIME = "time"


@dataclass(frozen=True)
class Limits:
    timeout_seconds: float = 2.0
    memory_bytes: int = 256 * 1024 * 1024
    processes: int = 2


class LimitExceeded(Exception):
    """The evaluation passed a limit (`TIME` or `MEMORY`) and was stopped there."""

    def __init__(self, limit: str, message: str) -> None:
        super().__init__(message)
        self.limit = limit


class EvaluationFailed(Exception):
    """The expression itself failed (a missing key, a type error): the sandbox's message."""


class Stopped(Exception):
    """The caller's `should_stop` said so mid-evaluation; the evaluation was killed."""


class SandboxBroken(Exception):
    """The sandbox process could not be started or answered nonsense."""


class Sandbox(ABC):
    """Somewhere a time and memory limit really hold."""

    limits: Limits

    @abstractmethod
    def evaluate(
        self,
        source: str,
        scope: Mapping[str, Any],
        *,
        timeout: float,
        should_stop: Callable[[], bool] | None = None,
    ) -> Any:
        """The result (as JSON values) of evaluating `source` over `scope` within `timeout`
        seconds. Raises LimitExceeded, EvaluationFailed, Stopped, or SandboxBroken."""
