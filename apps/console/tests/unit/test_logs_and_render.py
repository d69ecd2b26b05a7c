"""Reading the JSON logs (filters, merge order, following through rotation) and the columns."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from jobsprint.console import logs, render


def line(ts: str, level: str, msg: str, **extra: str) -> str:
    return json.dumps({"ts": ts, "level": level, "service": "s", "logger": "l", "msg": msg, **extra})


def test_recent_lines_are_merged_in_time_order_and_filtered(tmp_path):
    a, b = tmp_path / "a.log", tmp_path / "b.log"
    a.write_text(
        "\n".join(
            [line("T1", "info", "started"), line("T3", "error", "execution 42 failed", exc="Traceback")]
        )
        + "\n"
    )
    b.write_text(
        "\n".join(
            [line("T2", "warning", "slow"), "not json at all", line("T4", "info", "execution 42 succeeded")]
        )
        + "\n"
    )
    files = {"a": a, "b": b}

    everything = logs.recent(files, logs.LogFilter(), lines=10)
    assert [x.ts for x in everything if x.entry] == ["T1", "T2", "T3", "T4"]
    warnings = logs.recent(files, logs.LogFilter.of(level="warning", grep=None, execution=None), lines=10)
    assert [x.message.splitlines()[0] for x in warnings] == ["slow", "execution 42 failed"]
    assert "Traceback" in warnings[1].message
    about = logs.recent(files, logs.LogFilter.of(level=None, grep=None, execution="42"), lines=10)
    assert [x.process for x in about] == ["a", "b"]
    grepped = logs.recent(files, logs.LogFilter.of(level=None, grep=r"succ\w+", execution=None), lines=10)
    assert [x.message for x in grepped] == ["execution 42 succeeded"]
    assert logs.recent(files, logs.LogFilter(), lines=2)[-1].ts == "T4"
    with pytest.raises(ValueError, match="regular expression"):
        logs.LogFilter.of(level=None, grep="(", execution=None)
    with pytest.raises(ValueError, match="unknown level"):
        logs.LogFilter.of(level="loud", grep=None, execution=None)


def test_a_tail_reads_what_is_written_after_it_started_through_rotation_and_truncation(tmp_path):
    path = tmp_path / "w.log"
    path.write_text(line("T0", "info", "before") + "\n")
    tail = logs.Tail({"w": path})
    assert tail.read(logs.LogFilter()) == []

    with path.open("a") as handle:
        handle.write(line("T1", "info", "appended") + "\n" + line("T2", "info", "half"))
    assert [x.message for x in tail.read(logs.LogFilter())] == ["appended"]
    with path.open("a") as handle:
        handle.write(" ignored" + "\n")  # the rest of a line written in two parts
    assert len(tail.read(logs.LogFilter())) == 1
    path.rename(tmp_path / "w.log.1")  # rotation: a new file under the old name
    path.write_text(line("T3", "info", "after rotation") + "\n")
    assert [x.message for x in tail.read(logs.LogFilter())] == ["after rotation"]
    # Truncation is seen when the file is shorter than what was read of it.
    path.write_text(json.dumps({"level": "error", "msg": "cut"}) + "\n")
    errors = logs.LogFilter.of(level="error", grep=None, execution=None)
    assert [x.message for x in tail.read(errors)] == ["cut"]


def test_follow_stops_when_told(tmp_path):
    path = tmp_path / "w.log"
    path.write_text("")
    stop = threading.Event()
    stop.set()
    assert list(logs.follow({"w": path}, logs.LogFilter(), should_stop=stop.is_set)) == []


def test_rows_and_durations_as_the_cli_and_the_tui_show_them():
    now = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    execution = {
        "id": "e1",
        "status": "failed",
        "workflow_id": "0123456789abcdef",
        "error": "x" * 80,
        "created_at": (now - timedelta(minutes=5)).isoformat(),
        "started_at": "2026-12-04T11:55:00+00:00",
        "finished_at": "2026-12-04T11:55:02.500000+00:00",
    }
    [row] = render.rows("executions", [execution])
    assert row[:3] == ["e1", "failed", "01234567"] and row[4] == "2.5s" and row[5].endswith("…")
    assert render.ago(execution["created_at"], now=now) == "5m00s ago"
    assert [render.duration(s) for s in (0.0123, 42, 3700, 90000)] == ["12ms", "42s", "1h01m", "1d1h"]
    # A step's start (worker clock) may come after its checkpoint's (database clock): never negative.
    assert (
        render.took(
            {"started_at": "2026-12-04T11:55:00.010+00:00", "finished_at": "2026-12-04T11:55:00+00:00"}
        )
        == "0ms"
    )
    assert render.headers("processes") == ["NAME", "STATE", "PID", "UPTIME", "DETAIL"]
    assert (
        json.loads(render.dump({"a": [1]}, "json")) == {"a": [1]}
        and render.dump({"a": 1}, "yaml") == "a: 1\n"
    )
