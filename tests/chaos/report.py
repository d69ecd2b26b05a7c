"""Writes the chaos suite's tables into docs/reliability.md, between two markers; the rest of the
page (what the runs prove and what they do not) is written by hand."""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from .harness import RESULTS, ROOT

DOC = ROOT / "docs" / "reliability.md"
BEGIN = "<!-- chaos:begin (written by make chaos; edit the text outside these markers) -->"
END = "<!-- chaos:end -->"


ORDER = (
    "test_rabbitmq_restarted_under_load",
    "test_postgres_restarted_under_load",
    "test_redis_stopped_under_load",
    "test_every_service_process_killed_in_turn",
    "test_frozen_worker_is_taken_over",
    "test_network_to_the_broker_degraded_then_partitioned",
    "test_poison_message_is_dead_lettered_once",
)


def merged(form: Any) -> dict[str, dict[str, Any]]:
    """This session's results over those of earlier sessions of the same form (a scenario run on
    its own with `-k` updates its own table and keeps the others'), kept in .run/chaos/."""
    store = ROOT / ".run" / "chaos" / f"chaos-results-{form.name}.json"
    results: dict[str, dict[str, Any]] = json.loads(store.read_text()) if store.exists() else {}
    load = os.getloadavg()[0]
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    for test, result in RESULTS.items():
        results[test] = {**result, "date": stamp, "load": f"{load:.1f}"}
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_text(json.dumps(results, indent=1))
    return {
        test: results[test] for test in sorted(results, key=lambda t: ORDER.index(t) if t in ORDER else 99)
    }


def render(form: Any) -> str:
    results = merged(form)
    lines = [
        BEGIN,
        "",
        f"`make chaos` ({form.name} form) on {os.cpu_count()} cores ({platform.machine()}), shared with other"
        f" work; load {form.rate:g} runs/s, outages of {form.outage:.0f} s. Each table says when it ran and"
        " the machine's load average (1 min) at its end.",
        "",
    ]
    for result in results.values():
        verdict = result.get("verdict", "?")
        lines += [f"### {result['scenario']} — {verdict}", ""]
        lines += [f"Run {result.get('date', '?')}, load average {result.get('load', '?')}.", ""]
        if result.get("doc"):
            lines += [" ".join(result["doc"].split()), ""]
        lines += ["| | |", "|---|---|"]
        lines += [f"| {key} | {str(value).replace('|', '/')} |" for key, value in result["row"].items()]
        lines.append("")
        for note in result.get("notes", []):
            lines += [f"- {note}"]
        if result.get("message"):
            lines += [f"- **Failed check**: {result['message'].replace('|', '/')}"]
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def write_reliability_doc(form: Any, path: Path = DOC) -> None:
    text = path.read_text() if path.exists() else f"# Reliability under faults\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        text = text.rstrip() + f"\n\n## Results\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(head + render(form) + tail)
