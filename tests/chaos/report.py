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


def render(form: Any) -> str:
    load = os.getloadavg()
    lines = [
        BEGIN,
        "",
        f"**Last run**: `make chaos` ({form.name} form), {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())},"
        f" on {os.cpu_count()} cores ({platform.machine()}, load average {load[0]:.1f} at the end, shared"
        f" with other work); load {form.rate:g} runs/s, outages of {form.outage:.0f} s.",
        "",
    ]
    for result in RESULTS.values():
        verdict = result.get("verdict", "?")
        lines += [f"### {result['scenario']} — {verdict}", ""]
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
