"""The unit of work a use case runs in (cosmicpython `service_layer/unit_of_work.py`): the use
case enters it, works through the repositories it holds, and commits once; leaving without a
commit rolls everything back. Messages it `publish`es are written to the service's outbox in the
same transaction at commit, so state and the event announcing it are stored together or not at
all (ADR-050's outbox, ADR-086).

This module is the port: pure Python, importable from any use-case module. The SQLAlchemy unit of
work is in `jobsprint.common.sql_unit_of_work`, the fake for unit tests in
`jobsprint.common.fakes`. A service's own unit of work subclasses this one to declare its
repositories (`credentials: CredentialRepository`), and its adapters and fakes subclass that.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from types import TracebackType
from typing import Self


@dataclass(frozen=True)
class OutboxMessage:
    """A message to publish once the unit of work commits (RabbitMQ exchange and routing key)."""

    exchange: str
    routing_key: str
    body: bytes
    priority: int = 0


class AbstractUnitOfWork(ABC):
    """One use case's transaction. Not shared between threads: make one per call (a factory is
    what the entrypoints hold); the same object may be entered again after it was left."""

    def __init__(self) -> None:
        self._messages: list[OutboxMessage] = []

    def __enter__(self) -> Self:
        self._messages = []
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # After a commit there is nothing left to roll back; after anything else, this undoes it.
        self.rollback()

    def publish(self, message: OutboxMessage) -> None:
        """Send `message` if, and only if, this unit of work commits."""
        self._messages.append(message)

    def commit(self) -> None:
        """Store everything done in this unit of work, with the messages it published."""
        messages, self._messages = self._messages, []
        self._commit(messages)

    @abstractmethod
    def _commit(self, messages: list[OutboxMessage]) -> None: ...

    @abstractmethod
    def rollback(self) -> None: ...
