"""How things look: the columns of each kind of resource, as Rich tables for the CLI and as plain
rows for the TUI's data tables (one definition for both), and the `-o json|yaml` printers.

Colours are the 8 basic ANSI names (and `dim`/`bold`), so they survive a 16-colour terminal.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import yaml
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

__all__ = ["COLUMNS", "Group", "Printer", "Table", "Text", "findings_view", "rows", "status_view", "table"]

OUTPUTS = ("table", "json", "yaml")

STATUS_STYLES = {
    "succeeded": "green",
    "ok": "green",
    "RUNNING": "green",
    "serving": "green",
    "failed": "red",
    "critical": "bold red",
    "FATAL": "bold red",
    "BACKOFF": "red",
    "EXITED": "red",
    "fail": "red",
    "running": "yellow",
    "warning": "yellow",
    "warn": "yellow",
    "STARTING": "yellow",
    "STOPPING": "yellow",
    "queued": "cyan",
    "info": "cyan",
    "waiting": "blue",
    "cancelled": "magenta",
    "STOPPED": "dim",
}
LEVEL_STYLES = {"debug": "dim", "info": "", "warning": "yellow", "error": "red", "critical": "bold red"}


def parse_time(value: Any) -> datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def ago(value: Any, *, now: datetime | None = None) -> str:
    """`3s ago`, `5m ago`, `2h ago`, `4d ago`; an empty string for no time."""
    moment = parse_time(value)
    if moment is None:
        return ""
    seconds = max(0.0, ((now or datetime.now(UTC)) - moment).total_seconds())
    return f"{duration(seconds)} ago"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 1:
        return f"{seconds * 1000:.0f}ms"
    if seconds < 60:
        return f"{seconds:.1f}s" if seconds < 10 else f"{seconds:.0f}s"
    if seconds < 3600:
        return f"{seconds // 60:.0f}m{seconds % 60:02.0f}s"
    if seconds < 86400:
        return f"{seconds // 3600:.0f}h{seconds % 3600 // 60:02.0f}m"
    return f"{seconds // 86400:.0f}d{seconds % 86400 // 3600:.0f}h"


def took(item: Mapping[str, Any]) -> str:
    start, end = parse_time(item.get("started_at")), parse_time(item.get("finished_at"))
    if start is None:
        return ""
    # A step's start is its worker's clock, its end the checkpoint transaction's: never below 0.
    return duration(max(0.0, ((end or datetime.now(UTC)) - start).total_seconds()))


def short(value: Any, width: int = 60) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def yes_no(value: Any) -> str:
    return "yes" if value else "no"


Getter = Callable[[Mapping[str, Any]], Any]


def _field(name: str) -> Getter:
    return lambda item: item.get(name)


# Each kind: (header, getter, styled-by-status). The first column is what other commands take.
COLUMNS: dict[str, list[tuple[str, Getter, bool]]] = {
    "workflows": [
        ("ID", _field("id"), False),
        ("NAME", _field("name"), False),
        ("ACTIVE", lambda w: yes_no(w.get("active")), False),
        ("TRIGGER", lambda w: str(w.get("trigger_type", "")).removeprefix("trigger."), False),
        ("VERSION", _field("version"), False),
        ("UPDATED", lambda w: ago(w.get("updated_at")), False),
    ],
    "executions": [
        ("ID", _field("id"), False),
        ("STATUS", _field("status"), True),
        ("WORKFLOW", lambda e: str(e.get("workflow_id") or "")[:8], False),
        ("CREATED", lambda e: ago(e.get("created_at")), False),
        ("TOOK", took, False),
        ("ERROR", lambda e: short(e.get("error"), 50), False),
    ],
    "steps": [
        ("NODE", _field("node_id"), False),
        ("TYPE", _field("node_type"), False),
        ("STATUS", _field("status"), True),
        ("ATTEMPTS", _field("attempts"), False),
        ("TOOK", took, False),
        ("ERROR", lambda s: short(s.get("error"), 60), False),
    ],
    "dead-letters": [
        ("ID", _field("id"), False),
        (
            "EXECUTION",
            lambda d: d.get("execution_id") or (d.get("message") or {}).get("message_id") or "",
            False,
        ),
        ("REASON", _field("reason"), False),
        ("CREATED", lambda d: ago(d.get("created_at")), False),
        ("REPLAYED AS", lambda d: d.get("replay_execution_id") or "", False),
        ("ERROR", lambda d: short((d.get("message") or {}).get("preview") or d.get("error"), 50), False),
    ],
    "credentials": [
        ("ID", _field("id"), False),
        ("NAME", _field("name"), False),
        ("TYPE", _field("type"), False),
        ("SECRET FIELDS", lambda c: ", ".join(c.get("secret_fields") or []), False),
        ("UPDATED", lambda c: ago(c.get("updated_at")), False),
    ],
    "members": [
        ("USER ID", lambda m: (m.get("user") or {}).get("id"), False),
        ("EMAIL", lambda m: (m.get("user") or {}).get("email"), False),
        ("ROLE", _field("role"), False),
        ("SINCE", lambda m: ago(m.get("created_at")), False),
    ],
    "api-keys": [
        ("ID", _field("id"), False),
        ("NAME", _field("name"), False),
        ("SCOPES", lambda k: " ".join(k.get("scopes") or []), False),
        ("PREFIX", _field("prefix"), False),
        ("CREATED", lambda k: ago(k.get("created_at")), False),
        ("LAST USED", lambda k: ago(k.get("last_used_at")) or "never", False),
    ],
    "audit-log": [
        ("WHEN", lambda a: ago(a.get("occurred_at")), False),
        ("ACTION", _field("action"), False),
        ("OUTCOME", _field("outcome"), False),
        ("ACTOR", lambda a: f"{a.get('actor_kind', '')} {a.get('actor_id', '')}".strip(), False),
        ("RESOURCE", _field("resource_id"), False),
    ],
    "processes": [
        ("NAME", _field("name"), False),
        ("STATE", _field("state"), True),
        ("PID", lambda p: p.get("pid") or "", False),
        ("UPTIME", lambda p: duration(p.get("uptime_seconds")) if p.get("state") == "RUNNING" else "", False),
        ("DETAIL", lambda p: short(p.get("description"), 50), False),
    ],
    "findings": [
        ("SEVERITY", _field("severity"), True),
        ("CHECK", _field("check"), False),
        ("FINDING", lambda f: f.get("title"), False),
        ("FIX", lambda f: f.get("fix") or "", False),
    ],
    "settings": [
        ("SETTING", _field("env"), False),
        ("VALUE", lambda s: short(s.get("value"), 60), False),
        ("SOURCE", _field("source"), False),
    ],
}


def headers(kind: str) -> list[str]:
    return [header for header, _get, _styled in COLUMNS[kind]]


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    return str(value)


def rows(kind: str, items: Iterable[Mapping[str, Any]]) -> list[list[str]]:
    return [[cell(get(item)) for _header, get, _styled in COLUMNS[kind]] for item in items]


def styled(value: str) -> Text:
    return Text(value, style=STATUS_STYLES.get(value, ""))


def styled_rows(kind: str, items: Iterable[Mapping[str, Any]]) -> list[list[Text | str]]:
    """Rows with status columns coloured (the TUI's DataTable takes Rich Text cells)."""
    flags = [flag for _header, _get, flag in COLUMNS[kind]]
    return [
        [styled(v) if flag else v for v, flag in zip(row, flags, strict=True)] for row in rows(kind, items)
    ]


def table(kind: str, items: Sequence[Mapping[str, Any]], *, title: str | None = None) -> Table:
    grid = Table(title=title, header_style="bold", box=None, pad_edge=False, title_justify="left")
    for index, header in enumerate(headers(kind)):
        # The first column is what other commands take (an id): never wrapped, so it can be copied.
        grid.add_column(header, no_wrap=index == 0, overflow="fold")
    for row in styled_rows(kind, items):
        grid.add_row(*row)
    return grid


def details(item: Mapping[str, Any], keys: Sequence[str], *, title: str | None = None) -> Table:
    """One resource as `key  value` lines."""
    grid = Table(title=title, show_header=False, box=None, pad_edge=False, title_justify="left")
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    for key in keys:
        value = item.get(key)
        if isinstance(value, dict | list):
            value = json.dumps(value, separators=(", ", ": "))
        text = cell(value)
        grid.add_row(key, styled(text) if key == "status" else text)
    return grid


def dump(data: Any, output: str) -> str:
    if output == "yaml":
        return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return json.dumps(data, indent=2, ensure_ascii=False)


class Printer:
    """Prints what a command answers: as the API's JSON or YAML with `-o json|yaml`, otherwise as
    whatever the command's `human` renderer makes of it."""

    def __init__(self, output: str = "table", *, console: Console | None = None) -> None:
        self.output = output
        self.console = console or Console(highlight=False, soft_wrap=False)
        self.errors = Console(stderr=True, highlight=False)

    @property
    def machine(self) -> bool:
        return self.output in ("json", "yaml")

    def emit(self, data: Any, human: Callable[[Any], Any] | None = None) -> None:
        if self.machine or human is None:
            sys.stdout.write(dump(data, self.output if self.machine else "json") + "\n")
            sys.stdout.flush()
            return
        rendered = human(data)
        if rendered is not None:
            self.console.print(rendered)

    def say(self, message: str | Text) -> None:
        """A human message: to stdout for tables, to stderr when stdout is for machines."""
        (self.errors if self.machine else self.console).print(message, markup=False)

    def error(self, message: str) -> None:
        self.errors.print(Text.assemble(("error: ", "red"), message))


def progress_bar(done: int, total: int, *, width: int = 20) -> Text:
    total = max(total, done, 1)
    filled = round(width * done / total)
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"), f" {done}/{total}")


def status_view(report: Mapping[str, Any]) -> Group:
    """`jobsprint status` as tables: processes, dependencies, queues, outboxes, and the verdict."""
    processes = Table(title="processes", header_style="bold", box=None, title_justify="left")
    for header in ("NAME", "STATE", "HEALTH", "VERSION", "UPTIME", "DETAIL"):
        processes.add_column(header)
    for c in report["components"]:
        processes.add_row(
            c["name"],
            styled(c["state"]),
            styled(c["health"]),
            c.get("version") or "",
            duration(c.get("uptime_seconds")),
            short(c.get("detail"), 50),
        )
    dependencies = Table(title="dependencies", header_style="bold", box=None, title_justify="left")
    for header in ("NAME", "HEALTH", "DETAIL"):
        dependencies.add_column(header)
    for d in report["dependencies"]:
        dependencies.add_row(d["name"], styled(d["health"]), short(d["detail"], 70))
    queues = Table(title="queues", header_style="bold", box=None, title_justify="left")
    for header in ("QUEUE", "READY", "CONSUMERS", "OLDEST", "HEALTH"):
        queues.add_column(header)
    for q in report["queues"]:
        queues.add_row(
            q["queue"],
            cell(q["messages"]),
            cell(q["consumers"]),
            duration(q.get("oldest_age_seconds")),
            styled(q["health"]),
        )
    outbox = Table(title="outbox", header_style="bold", box=None, title_justify="left")
    for header in ("SCHEMA", "ROWS", "LAG", "HEALTH"):
        outbox.add_column(header)
    for o in report["outbox"]:
        outbox.add_row(o["schema"], cell(o.get("rows")), duration(o.get("lag_seconds")), styled(o["health"]))
    verdict = (
        Text("healthy", style="bold green")
        if report["healthy"]
        else Text("unhealthy: " + "; ".join(report["problems"]), style="bold red")
    )
    return Group(Text(str(report["target"]), style="bold"), processes, dependencies, queues, outbox, verdict)


def findings_view(data: Mapping[str, Any]) -> Group | Text:
    """`jobsprint doctor`'s findings: each with severity, what it means and the command that fixes it."""
    findings = data["findings"]
    if not findings:
        return Text("nothing found: the suite needs nobody right now", style="green")
    parts: list[Any] = []
    for f in findings:
        parts.append(
            Text.assemble(
                (f"{f['severity'].upper():<9}", STATUS_STYLES.get(f["severity"], "")), (f["title"], "bold")
            )
        )
        parts.append(Text(f"         {f['explanation']}"))
        parts.append(
            Text.assemble(
                ("         fix: ", "dim"),
                (f["fix"], "cyan"),
                (" (safe: --fix applies it)" if f["safe_fix"] else "", "dim"),
            )
        )
    parts.append(Text(f"{len(findings)} finding(s)", style="bold"))
    return Group(*parts)
