"""The local stack's logs: each process writes JSON lines (`jobsprint.common.observability`) to
the file supervisord names for it; read, filtered by level, regular expression and execution id,
merged in time order, and followed."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LEVELS = ("debug", "info", "warning", "error", "critical")
_RANK = {level: rank for rank, level in enumerate(LEVELS)}
TAIL_BYTES = 256 * 1024


@dataclass(frozen=True)
class LogLine:
    process: str
    raw: str
    entry: dict[str, Any] | None  # the JSON object, or None for a line that is not one

    @property
    def level(self) -> str:
        level = str((self.entry or {}).get("level", "info")).lower()
        return "warning" if level == "warn" else level

    @property
    def ts(self) -> str:
        return str((self.entry or {}).get("ts", ""))

    @property
    def message(self) -> str:
        if self.entry is None:
            return self.raw
        text = str(self.entry.get("msg", ""))
        if self.entry.get("exc"):
            text += "\n" + str(self.entry["exc"])
        return text

    def as_dict(self) -> dict[str, Any]:
        return {"process": self.process, **(self.entry or {"msg": self.raw})}


def parse(process: str, raw: str) -> LogLine:
    raw = raw.rstrip("\n")
    entry: dict[str, Any] | None = None
    if raw.startswith("{"):
        try:
            loaded = json.loads(raw)
        except ValueError:
            loaded = None
        if isinstance(loaded, dict):
            entry = loaded
    return LogLine(process, raw, entry)


@dataclass(frozen=True)
class LogFilter:
    level: str | None = None  # at least this level
    pattern: re.Pattern[str] | None = None  # searched in the message (and the raw line)
    execution: str | None = None  # lines that mention this execution id

    @classmethod
    def of(cls, *, level: str | None, grep: str | None, execution: str | None) -> LogFilter:
        if level is not None and level.lower() not in _RANK:
            raise ValueError(f"unknown level {level!r}; one of {', '.join(LEVELS)}")
        try:
            pattern = re.compile(grep) if grep else None
        except re.error as exc:
            raise ValueError(f"--grep is not a regular expression: {exc}") from exc
        return cls(level.lower() if level else None, pattern, execution)

    @property
    def narrows(self) -> bool:
        return bool(self.level or self.pattern or self.execution)

    def matches(self, line: LogLine) -> bool:
        if self.level is not None and _RANK.get(line.level, 1) < _RANK[self.level]:
            return False
        if self.execution is not None and self.execution not in line.raw:
            return False
        return self.pattern is None or bool(
            self.pattern.search(line.message) or self.pattern.search(line.raw)
        )


def _last_lines(path: Path, *, whole: bool) -> list[str]:
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            start = 0 if whole else max(0, size - TAIL_BYTES)
            handle.seek(start)
            data = handle.read()
    except FileNotFoundError:
        return []
    lines = data.decode("utf-8", "replace").splitlines()
    return lines[1:] if start and lines else lines


def recent(files: Mapping[str, Path], log_filter: LogFilter, *, lines: int) -> list[LogLine]:
    """The last `lines` matching lines of all the files, oldest first (merged by timestamp)."""
    found: list[LogLine] = []
    for process, path in files.items():
        matching = [
            line
            for line in (parse(process, raw) for raw in _last_lines(path, whole=log_filter.narrows))
            if log_filter.matches(line)
        ]
        found.extend(matching[-lines:] if lines else matching)
    found.sort(key=lambda line: line.ts)
    return found[-lines:] if lines else found


class Tail:
    """The files from where they end now on: positions are taken when it is made, so nothing
    written after that is missed; `lines` yields what comes, and survives rotation and truncation."""

    def __init__(self, files: Mapping[str, Path]) -> None:
        self.files = dict(files)
        self.positions: dict[str, tuple[int, int]] = {}  # process → (inode, offset)
        for process, path in self.files.items():
            try:
                stat = path.stat()
                self.positions[process] = (stat.st_ino, stat.st_size)
            except FileNotFoundError:
                self.positions[process] = (0, 0)
        self._partial: dict[str, str] = {}

    def read(self, log_filter: LogFilter) -> list[LogLine]:
        """Whatever was written since the last read."""
        found: list[LogLine] = []
        for process, path in self.files.items():
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            inode, offset = self.positions[process]
            if stat.st_ino != inode or stat.st_size < offset:
                offset = 0  # rotated or truncated: the new file from its start
            if stat.st_size == offset:
                self.positions[process] = (stat.st_ino, offset)
                continue
            with path.open("rb") as handle:
                handle.seek(offset)
                chunk = handle.read()
            self.positions[process] = (stat.st_ino, offset + len(chunk))
            text = self._partial.pop(process, "") + chunk.decode("utf-8", "replace")
            *complete, rest = text.split("\n")
            if rest:
                self._partial[process] = rest
            found += [line for line in (parse(process, raw) for raw in complete) if log_filter.matches(line)]
        return found

    def lines(
        self,
        log_filter: LogFilter,
        *,
        should_stop: Callable[[], bool] = lambda: False,
        poll_seconds: float = 0.25,
    ) -> Iterator[LogLine]:
        while not should_stop():
            found = self.read(log_filter)
            yield from found
            if not found:
                time.sleep(poll_seconds)


def follow(
    files: Mapping[str, Path],
    log_filter: LogFilter,
    *,
    should_stop: Callable[[], bool] = lambda: False,
    poll_seconds: float = 0.25,
) -> Iterator[LogLine]:
    """Lines written from now on, as they come (`Tail`)."""
    return Tail(files).lines(log_filter, should_stop=should_stop, poll_seconds=poll_seconds)
