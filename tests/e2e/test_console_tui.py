"""`jobsprint tui` driven headlessly with Textual's pilot against the running suite, in 80x24:
keys pressed, what the screen shows asserted, and an SVG snapshot of each screen (written to
`JOBSPRINT_SCREENSHOTS` when set, which is how docs/operations.md's screenshot is made)."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from jobsprint.console.cli import Globals
from jobsprint.console.client import Api
from jobsprint.console.stack import LocalStack
from jobsprint.console.tui.app import ConsoleApp, ExecutionScreen, HelpScreen, RunScreen
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, RichLog, Static, TabbedContent

from .conftest import INSTANCE, User, create_workflow
from .test_console_cli import SET_TOTAL, definition

pytestmark = pytest.mark.e2e

SIZE = (80, 24)


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    return Path(os.environ.get("JOBSPRINT_SCREENSHOTS") or tmp_path)


def app_for(suite: Any, user: User) -> ConsoleApp:
    return ConsoleApp(
        globals_=Globals(instance=INSTANCE.name),
        api=Api(url=suite.gateway_url, token=user.access_token),
        stack=LocalStack.named(INSTANCE.name),
    )


def drive(app: ConsoleApp, script: Callable[[Pilot[None]], Awaitable[None]]) -> None:
    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await script(pilot)

    asyncio.run(main())


async def until(pilot: Pilot[None], condition: Callable[[], bool], *, timeout: float = 20.0) -> None:
    """Let the app run until `condition` holds (its workers load in threads)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the screen never showed what was expected"
        await pilot.pause(0.1)


def rows(app: ConsoleApp, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def text_of(app: ConsoleApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def shown(pilot: Pilot[None], app: ConsoleApp, *expected: str) -> None:
    """Let the app paint until the screen shows each text: a table's rows can hold a value a
    frame before the screen does (what the screen shows is what is asserted, not a sleep)."""
    await until(pilot, lambda: all(t in app.export_screenshot().replace("&#160;", " ") for t in expected))


def snapshot(app: ConsoleApp, shots: Path, name: str, *expected: str) -> None:
    """Save the screen as SVG and check it shows what it should (spaces are &#160; in SVG)."""
    path = Path(app.save_screenshot(filename=f"tui-{name}.svg", path=str(shots)))
    svg = path.read_text().replace("&#160;", " ")
    for text in expected:
        assert text in svg, f"{text!r} not on the {name} screen"


def test_services_screen_shows_live_state_and_restarts_a_process_on_a_key(suite, user: User, shots: Path):
    app = app_for(suite, user)
    supervisor = LocalStack.named(INSTANCE.name).supervisor()
    before = {p.name: p.pid for p in supervisor.processes()}

    async def script(pilot: Pilot[None]) -> None:
        await until(pilot, lambda: len(rows(app, "#processes")) >= 7)
        names = {row[0]: row[1] for row in rows(app, "#processes")}
        assert names["gateway"] == "RUNNING" and names["worker-1"] == "RUNNING"
        snapshot(app, shots, "services", "1 services", "RUNNING", "worker-1")
        table = app.screen.query_one("#processes", DataTable)
        table.focus()
        table.move_cursor(row=[row[0] for row in rows(app, "#processes")].index("worker-1"))
        await pilot.press("R")
        # The table follows: worker-1 runs again under a new pid (a restart waits for its current run).
        await until(
            pilot,
            lambda: any(
                r[0] == "worker-1" and r[1] == "RUNNING" and r[2] != str(before["worker-1"])
                for r in rows(app, "#processes")
            ),
            timeout=60,
        )

    drive(app, script)
    after = {p.name: (p.pid, p.state) for p in supervisor.processes()}
    assert after["worker-1"][1] == "RUNNING" and after["worker-1"][0] != before["worker-1"]
    assert after["gateway"][0] == before["gateway"]


def test_logs_screen_tails_and_filters(suite, user: User, api: httpx.Client, shots: Path):
    app = app_for(suite, user)
    workflow = create_workflow(api, user, SET_TOTAL)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("2")
        log = app.screen.query_one(RichLog)
        await until(pilot, lambda: len(log.lines) > 0)
        app.screen.query_one("#log-filter", Input).focus()
        await pilot.press(*"succeeded", "enter")
        started = api.post(
            f"/v1/workflows/{workflow['id']}/run",
            json={"input": {"qty": 1, "unit_price": 1}},
            headers=user.headers,
        )
        execution_id = started.json()["execution_id"]
        await until(pilot, lambda: any(execution_id in line.text for line in log.lines))
        assert all("succeeded" in line.text for line in log.lines)
        snapshot(app, shots, "logs", "2 logs", "succeeded")

    drive(app, script)


def test_executions_screen_lists_live_and_opens_one_whose_steps_update(
    suite, user: User, api: httpx.Client, shots: Path
):
    app = app_for(suite, user)
    waits = create_workflow(
        api,
        user,
        {
            "name": "waits",
            "definition": definition(
                {"id": "pause", "type": "core.wait", "parameters": {"seconds": 2}},
                {"id": "done", "type": "core.noop"},
            ),
        },
    )
    started = api.post(f"/v1/workflows/{waits['id']}/run", json={"input": {}}, headers=user.headers).json()

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("3")
        await until(
            pilot, lambda: any(r[0] == started["execution_id"] for r in rows(app, "#executions-table"))
        )
        snapshot(app, shots, "executions", "3 executions", started["execution_id"][:20])
        table = app.screen.query_one("#executions-table", DataTable)
        table.focus()
        await pilot.press("enter")
        assert isinstance(app.screen, ExecutionScreen)
        # Live: the waiting run's steps appear, then it finishes on its own.
        await until(pilot, lambda: "succeeded" in text_of(app, "#execution-summary"), timeout=30)
        steps = {row[0]: row[2] for row in rows(app, "#steps")}
        assert steps == {"start": "succeeded", "pause": "succeeded", "done": "succeeded"}
        await shown(pilot, app, started["execution_id"][:20], "succeeded", "pause")
        snapshot(app, shots, "execution", started["execution_id"][:20], "succeeded", "pause")
        await pilot.press("escape")
        assert not isinstance(app.screen, ExecutionScreen)

    drive(app, script)


def test_workflows_screen_activates_and_runs_with_an_input(suite, user: User, api: httpx.Client, shots: Path):
    app = app_for(suite, user)
    workflow = create_workflow(api, user, SET_TOTAL)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("4")
        await until(pilot, lambda: any(r[0] == workflow["id"] for r in rows(app, "#workflows-table")))
        table = app.screen.query_one("#workflows-table", DataTable)
        table.focus()
        table.move_cursor(row=[r[0] for r in rows(app, "#workflows-table")].index(workflow["id"]))
        await pilot.press("a")
        await until(
            pilot, lambda: api.get(f"/v1/workflows/{workflow['id']}", headers=user.headers).json()["active"]
        )
        await until(
            pilot,
            lambda: any(r[0] == workflow["id"] and r[2] == "yes" for r in rows(app, "#workflows-table")),
        )
        snapshot(app, shots, "workflows", "4 workflows", "console total")
        await pilot.press("d")
        await until(
            pilot,
            lambda: not api.get(f"/v1/workflows/{workflow['id']}", headers=user.headers).json()["active"],
        )
        await pilot.press("enter")
        assert isinstance(app.screen, RunScreen)
        field = app.screen.query_one("#run-input", Input)
        field.value = '{"qty": 4, "unit_price": 2.5}'
        await pilot.press("enter")
        assert isinstance(app.screen, ExecutionScreen)
        await until(pilot, lambda: "succeeded" in text_of(app, "#execution-summary"))
        assert '"total": 10,' in text_of(app, "#execution-output")

    drive(app, script)


def test_doctor_and_config_screens_help_and_the_command_palette(suite, user: User, shots: Path):
    app = app_for(suite, user)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("5")
        await until(pilot, lambda: "finding(s)" in text_of(app, "#doctor-pane .status"))
        snapshot(app, shots, "doctor", "5 doctor")
        await pilot.press("6")
        await until(pilot, lambda: len(rows(app, "#settings")) > 10)
        settings = {row[0]: row for row in rows(app, "#settings")}
        assert settings["GATEWAY_PORT"][1] == str(INSTANCE.gateway_port)
        assert settings["JOBSPRINT_JWT_KEYS"][1] == "********"
        assert "gateway: valid" in text_of(app, "#config-pane .status")
        snapshot(app, shots, "config", "6 config", "GATEWAY_PORT")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        snapshot(app, shots, "help", "jobsprint tui", "doctor --fix")
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.press(*"Show services")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: app.query_one(TabbedContent).active == "services")

    drive(app, script)
