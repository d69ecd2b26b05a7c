"""Writes the chaos suite's tables into docs/reliability.md, between two markers; the rest of the
page (what the runs prove and what they do not) is written by hand."""

from __future__ import annotations

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


def this_run() -> dict[str, dict[str, Any]]:
    """This session's results, in the scenarios' order, each with its date and the load at its end."""
    load = os.getloadavg()[0]
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    ordered = sorted(RESULTS, key=lambda t: ORDER.index(t) if t in ORDER else 99)
    return {test: {**RESULTS[test], "date": stamp, "load": f"{load:.1f}"} for test in ordered}


def section(result: dict[str, Any]) -> str:
    verdict = result.get("verdict", "?")
    lines = [f"### {result['scenario']} — {verdict}", ""]
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
    return "\n".join(lines).rstrip()


def sections(block: str) -> dict[str, str]:
    """The tables already in the document, by scenario title: the document is the record, so a
    scenario run on its own (`-k`) replaces its own table and keeps the others'."""
    found = {}
    for part in block.split("\n### ")[1:]:
        found[part.split(" — ", 1)[0]] = "### " + part.rstrip()
    return found


def render(form: Any, block: str = "") -> str:
    tables = sections(block)
    for result in this_run().values():
        tables[result["scenario"]] = section(result)
    lines = [
        BEGIN,
        "",
        f"`make chaos` ({form.name} form) on {os.cpu_count()} cores ({platform.machine()}), shared with other"
        f" work; load {form.rate:g} runs/s, outages of {form.outage:.0f} s. Each table says when it ran and"
        " the machine's load average (1 min) at its end.",
        "",
    ]
    lines += [f"{table}\n" for table in tables.values()]
    lines.append(END)
    return "\n".join(lines)


def write_reliability_doc(form: Any, path: Path = DOC) -> None:
    text = path.read_text() if path.exists() else f"# Reliability under faults\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        text = text.rstrip() + f"\n\n## Results\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    block, tail = rest.split(END, 1)
    path.write_text(head + render(form, block) + tail)
