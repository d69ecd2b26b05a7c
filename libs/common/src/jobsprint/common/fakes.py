"""Fakes of the shared ports, for use-case unit tests (no Postgres). Each subclasses the port it
stands in for (cosmicpython `tests/unit/test_handlers.py`), so a port that gains a method fails
the fake at construction instead of letting a test pass against a stale shape.

A service's fake unit of work subclasses `FakeUnitOfWork` and its own abstract unit of work, and
holds in-memory repositories that subclass its repository ports:

    class FakeIntegrationsUnitOfWork(FakeUnitOfWork, IntegrationsUnitOfWork):
        def __init__(self) -> None:
            super().__init__()
            self.credentials = self.track(FakeCredentialRepository())
            self.data_keys = self.track(FakeDataKeyStore())

The tracked repositories' state lives across `with` blocks (it is the "database"), and, as in
Postgres, what a block wrote without committing is undone when it ends: each block starts from a
copy of the state, put back on rollback. Tests assert on that state, on `commits` and on
`published`.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self, TypeVar

from jobsprint.common.envelope import DataKeyStore, WrappedKey
from jobsprint.common.unit_of_work import AbstractUnitOfWork, OutboxMessage

Repository = TypeVar("Repository")


class FakeUnitOfWork(AbstractUnitOfWork):
    """Counts commits and rollbacks, keeps the messages published by committed work, and undoes
    what an uncommitted block did to the repositories it `track`s."""

    def __init__(self) -> None:
        super().__init__()
        self.commits = 0
        self.rollbacks = 0
        self.published: list[OutboxMessage] = []
        self._tracked: list[Any] = []
        self._snapshot: list[dict[str, Any]] | None = None

    def track(self, repository: Repository) -> Repository:
        """Make `repository` transactional in this unit of work; returns it."""
        self._tracked.append(repository)
        return repository

    def _copy(self, states: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # One memo that maps each tracked repository to itself: a repository that refers to
        # another (credentials joining data keys) keeps referring to the live one.
        memo: dict[int, Any] = {id(r): r for r in self._tracked}
        return copy.deepcopy(states, memo)

    def _state(self) -> list[dict[str, Any]]:
        return self._copy([vars(r) for r in self._tracked])

    def __enter__(self) -> Self:
        self._snapshot = self._state()
        return super().__enter__()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            super().__exit__(exc_type, exc, traceback)
        finally:
            self._snapshot = None

    def _commit(self, messages: list[OutboxMessage]) -> None:
        self.commits += 1
        self.published.extend(messages)
        self._snapshot = self._state()

    def rollback(self) -> None:
        self.rollbacks += 1
        if self._snapshot is not None:
            for repository, state in zip(self._tracked, self._copy(self._snapshot), strict=True):
                vars(repository).clear()
                vars(repository).update(state)


class FakeDataKeyStore(DataKeyStore):
    """Wrapped data keys in a dict; `rotated` records which workspaces were rewrapped when."""

    def __init__(self) -> None:
        self.keys: dict[str, WrappedKey] = {}
        self.rotated: dict[str, datetime] = {}

    def get(self, workspace_id: str) -> WrappedKey | None:
        return self.keys.get(workspace_id)

    def add_if_absent(self, key: WrappedKey) -> None:
        self.keys.setdefault(key.workspace_id, key)

    def workspaces_not_under(self, master_kid: str) -> list[str]:
        return [w for w, key in self.keys.items() if key.master_kid != master_kid]

    def count_under(self, master_kid: str) -> int:
        return sum(1 for key in self.keys.values() if key.master_kid == master_kid)

    def get_for_update(self, workspace_id: str) -> WrappedKey:
        return self.keys[workspace_id]

    def replace(self, key: WrappedKey) -> None:
        self.keys[key.workspace_id] = key
        self.rotated[key.workspace_id] = datetime.now(UTC)
