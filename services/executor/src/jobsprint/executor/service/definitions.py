"""Workflow definitions as the executor reads them, remembered by their bytes: a workflow run many
times (its pinned version does not change) is parsed, checked and planned once per process. An
object bootstrap builds with the process's node catalogue, not a module-level cache."""

from __future__ import annotations

import threading
from typing import Any

import orjson
from jobsprint.common import definitions
from jobsprint.common.errors import InvalidArgument
from jobsprint.executor.domain import engine
from jobsprint.executor.domain.nodes import NodeCatalogue

# Definitions remembered by each map before it starts again (a memo, not a store).
MAX_REMEMBERED = 512


class Definitions:
    def __init__(self, catalogue: NodeCatalogue) -> None:
        self._catalogue = catalogue
        self._checked: dict[bytes, tuple[Any, definitions.Definition]] = {}
        self._parsed: dict[bytes, tuple[definitions.Definition, engine.Plan]] = {}
        self._lock = threading.Lock()

    def checked(self, raw: bytes) -> tuple[Any, definitions.Definition]:
        """A definition as sent to StartExecution: the document and its parsed form, checked
        against the catalogue and the retry policies. InvalidArgument when it cannot run here;
        orjson.JSONDecodeError when it is not JSON."""
        found = self._checked.get(raw)
        if found is None:
            document = orjson.loads(raw)
            parsed = definitions.parse(document, is_known_type=self._catalogue.__contains__)
            for node in parsed.nodes:
                try:
                    engine.retry_policy(node)
                except ValueError as exc:
                    raise InvalidArgument(str(exc)) from exc
            found = (document, parsed)
            with self._lock:
                if len(self._checked) > MAX_REMEMBERED:
                    self._checked.clear()
                self._checked[raw] = found
        return found

    def parsed(self, raw: Any) -> tuple[definitions.Definition, engine.Plan]:
        """A stored definition (JSON text as Postgres prints it, or a parsed document), parsed,
        with its plan."""
        key = raw.encode() if isinstance(raw, str) else orjson.dumps(raw, option=orjson.OPT_SORT_KEYS)
        found = self._parsed.get(key)
        if found is None:
            parsed = definitions.parse(orjson.loads(key) if isinstance(raw, str) else raw)
            found = (parsed, engine.plan(parsed))
            with self._lock:
                if len(self._parsed) > MAX_REMEMBERED:
                    self._parsed.clear()
                self._parsed[key] = found
        return found
