"""`jobsprint tui`: the console as a full-screen terminal UI (Textual).

Six screens as tabs — services, logs, executions, workflows, doctor, configuration — each built on
what the CLI uses: the API client (`client`), the local stack (`stack`, `logs`), `doctor`,
`settings_report`, and the same columns (`render`). Nothing here that a `jobsprint` command
cannot do too. Keys: 1 to 6 switch screens, `?` help, ctrl+p the command palette, `r` refresh, `q`
quit; each screen's own keys are in its footer. Works in 80x24, over SSH, mouse optional, in the
eight basic colours.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from jobsprint.console import doctor, logs, render
from jobsprint.console import settings_report as settings_module
from jobsprint.console.client import Api, ApiError
from jobsprint.console.stack import LocalStack, StackError
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    RichLog,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

if TYPE_CHECKING:
    from jobsprint.console.cli import Globals

REFRESH_SECONDS = 2.0
FINAL = ("succeeded", "failed", "cancelled")

HELP_TEXT = """\
[b]jobsprint tui[/b] — the console's screens (each is a jobsprint command too)

  [b]1[/b] services    state of each process      s start · x stop · R restart   (jobsprint services …)
  [b]2[/b] logs        live tail, filtered         / filter · level and process selects (jobsprint logs -f)
  [b]3[/b] executions  live list                   enter open · c cancel · t retry (jobsprint executions …)
  [b]4[/b] workflows   list                        a activate · d deactivate · enter run (jobsprint workflows …)
  [b]5[/b] doctor      findings                    f apply the safe fixes (jobsprint doctor --fix)
  [b]6[/b] config      effective settings          (jobsprint config show|check)

  r refresh · ctrl+p command palette · ? this help · q quit · escape back
"""


class Table(DataTable[Any]):
    """A data table of one of `render`'s kinds, keyed by each row's first column."""

    def __init__(self, kind: str, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.kind = kind
        self.items: list[dict[str, Any]] = []

    def on_mount(self) -> None:
        self.add_columns(*render.headers(self.kind))

    def show(self, items: list[dict[str, Any]]) -> None:
        """Replace the rows, keeping the cursor on the same row where it still exists."""
        selected = self.selected
        self.items = list(items)
        self.clear()
        for row in render.styled_rows(self.kind, self.items):
            self.add_row(*row, key=str(row[0]))
        if selected is not None:
            keys = [str(render.rows(self.kind, [i])[0][0]) for i in self.items]
            if selected in keys:
                self.move_cursor(row=keys.index(selected))

    @property
    def selected(self) -> str | None:
        if not self.items or self.cursor_row < 0 or self.cursor_row >= len(self.items):
            return None
        return str(render.rows(self.kind, [self.items[self.cursor_row]])[0][0])

    def selected_item(self) -> dict[str, Any] | None:
        key = self.selected
        return next((i for i in self.items if str(render.rows(self.kind, [i])[0][0]) == key), None)


class Pane(Vertical):
    """A screen's body: a status line over its content; `refresh_data` reloads it."""

    def status(self, message: str | Text, *, error: bool = False) -> None:
        line = self.query_one(".status", Static)
        line.update(Text(str(message), style="red") if error else message)

    def refresh_data(self) -> None:
        """Reload in a thread (what `load` reads may take a moment); one load at a time."""
        self.run_worker(self.load, thread=True, exclusive=True, group=f"load-{self.id}")

    def load(self) -> None:
        """Read what the pane shows (runs in a worker thread)."""

    def focus_content(self) -> None:
        for widget in self.query("DataTable, RichLog"):
            widget.focus()
            return


class ServicesPane(Pane):
    BINDINGS: ClassVar = [
        Binding("s", "start", "Start"),
        Binding("x", "stop", "Stop"),
        Binding("R", "restart", "Restart"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("", classes="status")
        yield Table("processes", id="processes")

    def on_mount(self) -> None:
        self.set_interval(REFRESH_SECONDS, self.refresh_data)
        self.refresh_data()

    def load(self) -> None:
        app = self.app
        assert isinstance(app, ConsoleApp)
        try:
            processes = [p.as_dict() for p in app.stack.supervisor().processes()]
        except StackError as exc:
            app.call_from_thread(self.status, str(exc), error=True)
            return
        running = sum(p["state"] == "RUNNING" for p in processes)
        app.call_from_thread(self.query_one(Table).show, processes)
        app.call_from_thread(self.status, f"instance {app.stack.name}: {running}/{len(processes)} running")

    def _control(self, verb: str) -> None:
        name = self.query_one(Table).selected
        if name is not None:
            self._run(verb, name)

    @work(thread=True, group="control")
    def _run(self, verb: str, name: str) -> None:
        app = self.app
        assert isinstance(app, ConsoleApp)
        app.call_from_thread(app.notify, f"{verb} {name}…")
        try:
            done = getattr(app.stack.supervisor(), verb)(name)
        except StackError as exc:
            app.call_from_thread(self.status, str(exc), error=True)
            return
        app.call_from_thread(app.notify, f"{verb}: {', '.join(done) or 'nothing to do'}")
        app.call_from_thread(self.refresh_data)

    def action_start(self) -> None:
        self._control("start")

    def action_stop(self) -> None:
        self._control("stop")

    def action_restart(self) -> None:
        self._control("restart")


class LogsPane(Pane):
    BINDINGS: ClassVar = [Binding("slash", "focus_filter", "Filter"), Binding("c", "clear", "Clear")]

    def compose(self) -> ComposeResult:
        yield Static("", classes="status")
        with Horizontal(id="log-controls"):
            yield Input(placeholder="regex filter (enter)", id="log-filter")
            yield Select(
                [(level, level) for level in logs.LEVELS], prompt="level", id="log-level", allow_blank=True
            )
            yield Select([], prompt="process", id="log-process", allow_blank=True)
        yield RichLog(id="log", wrap=False, highlight=False, max_lines=2000)

    def on_mount(self) -> None:
        self._stop = threading.Event()
        self.refresh_data()

    def on_unmount(self) -> None:
        self._stop.set()

    def refresh_data(self) -> None:
        app = self.app
        assert isinstance(app, ConsoleApp)
        try:
            processes = app.stack.supervisor().processes()
        except StackError as exc:
            self.status(str(exc), error=True)
            return
        chooser = self.query_one("#log-process", Select)
        current = chooser.value
        chooser.set_options([(p.name, p.name) for p in processes])
        if current in {p.name for p in processes}:
            chooser.value = current
        self._restart()

    def _restart(self) -> None:
        self._stop.set()
        self._stop = threading.Event()
        level = self.query_one("#log-level", Select).value
        process = self.query_one("#log-process", Select).value
        grep = self.query_one("#log-filter", Input).value or None
        try:
            log_filter = logs.LogFilter.of(
                level=level if isinstance(level, str) else None, grep=grep, execution=None
            )
        except ValueError as exc:
            self.status(str(exc), error=True)
            return
        self.query_one(RichLog).clear()
        self._tail(log_filter, process if isinstance(process, str) else None, self._stop)

    @work(thread=True, group="logs")
    def _tail(self, log_filter: logs.LogFilter, process: str | None, stop: threading.Event) -> None:
        app = self.app
        assert isinstance(app, ConsoleApp)
        try:
            files = {p.name: Path(p.log_file) for p in app.stack.supervisor().resolve(process)}
        except StackError as exc:
            app.call_from_thread(self.status, str(exc), error=True)
            return
        view = self.query_one(RichLog)
        described = ", ".join(
            part
            for part in (
                process or "all processes",
                log_filter.level and f"≥ {log_filter.level}",
                log_filter.pattern and f"/{log_filter.pattern.pattern}/",
            )
            if part
        )
        app.call_from_thread(self.status, f"tailing {described}")
        for line in logs.recent(files, log_filter, lines=200):
            app.call_from_thread(view.write, _log_line(line))
        for line in logs.follow(files, log_filter, should_stop=stop.is_set):
            app.call_from_thread(view.write, _log_line(line))

    @on(Input.Submitted, "#log-filter")
    @on(Select.Changed)
    def _filters_changed(self) -> None:
        if self.is_mounted:
            self._restart()

    def action_focus_filter(self) -> None:
        self.query_one("#log-filter", Input).focus()

    def action_clear(self) -> None:
        self.query_one(RichLog).clear()


def _log_line(line: logs.LogLine) -> Text:
    from jobsprint.console.cli import log_text

    return log_text(line)


class ExecutionsPane(Pane):
    BINDINGS: ClassVar = [
        Binding("enter", "open", "Open"),
        Binding("c", "cancel", "Cancel"),
        Binding("t", "retry", "Retry"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("", classes="status")
        yield Table("executions", id="executions-table")

    def on_mount(self) -> None:
        self.set_interval(REFRESH_SECONDS, self.refresh_data)
        self.refresh_data()

    def load(self) -> None:
        app = self.app
        assert isinstance(app, ConsoleApp)
        try:
            page = app.api.list("/v1/executions", limit=100)
        except ApiError as exc:
            app.call_from_thread(self.status, _api_message(exc), error=True)
            return
        counts: dict[str, int] = {}
        for item in page["items"]:
            counts[item["status"]] = counts.get(item["status"], 0) + 1
        app.call_from_thread(self.query_one(Table).show, page["items"])
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "none yet"
        app.call_from_thread(self.status, f"latest {len(page['items'])} executions: {summary}")

    @on(DataTable.RowSelected, "#executions-table")
    def action_open(self) -> None:
        selected = self.query_one(Table).selected
        if selected:
            self.app.push_screen(ExecutionScreen(selected))

    def action_cancel(self) -> None:
        selected = self.query_one(Table).selected
        if selected:
            _call_api(self, f"cancelled {selected}", "POST", f"/v1/executions/{selected}/cancel")

    def action_retry(self) -> None:
        selected = self.query_one(Table).selected
        if selected:
            _call_api(self, f"retrying {selected}", "POST", f"/v1/executions/{selected}/retry")


def _call_api(pane: Pane, done: str, method: str, path: str, body: Any = None) -> None:
    app = pane.app
    assert isinstance(app, ConsoleApp)

    def run() -> None:
        try:
            app.api.request(method, path, json_body=body)
        except ApiError as exc:
            app.call_from_thread(pane.status, _api_message(exc), error=True)
            return
        app.call_from_thread(pane.status, done)
        app.call_from_thread(pane.refresh_data)

    app.run_worker(run, thread=True, group="api")


def _api_message(exc: ApiError) -> str:
    hint = " — log in with `jobsprint login`" if exc.status == 401 else ""
    return f"{exc}{hint}"


class ExecutionScreen(Screen[None]):
    """One execution, its steps updating live until it finishes."""

    BINDINGS: ClassVar = [Binding("escape", "app.pop_screen", "Back"), Binding("c", "cancel", "Cancel")]

    def __init__(self, execution_id: str) -> None:
        super().__init__()
        self.execution_id = execution_id

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Static("", id="execution-summary")
            yield Table("steps", id="steps")
            yield Static("", id="execution-output")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"execution {self.execution_id}"
        self._timer = self.set_interval(1.0, self.load)
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        app = self.app
        assert isinstance(app, ConsoleApp)
        try:
            execution = app.api.execution(self.execution_id)
        except ApiError as exc:
            app.call_from_thread(
                self.query_one("#execution-summary", Static).update, Text(_api_message(exc), style="red")
            )
            return
        app.call_from_thread(self._show, execution)

    def _show(self, execution: dict[str, Any]) -> None:
        summary = Text.assemble(
            (f"{execution['id']}  ", "bold"),
            render.styled(execution["status"]),
            f"  workflow {execution['workflow_id']} v{execution.get('workflow_version')}  took {render.took(execution)}",
        )
        if execution.get("error"):
            summary.append(f"\nerror: {execution['error']}", style="red")
        self.query_one("#execution-summary", Static).update(summary)
        self.query_one(Table).show(execution.get("steps", []))
        output = execution.get("output")
        self.query_one("#execution-output", Static).update(
            Text("output: " + json.dumps(output)) if output is not None else Text("")
        )
        if execution["status"] in FINAL:
            self._timer.stop()

    def action_cancel(self) -> None:
        app = self.app
        assert isinstance(app, ConsoleApp)
        try:
            app.api.post(f"/v1/executions/{self.execution_id}/cancel")
        except ApiError as exc:
            self.notify(_api_message(exc), severity="error")
        self.load()


class WorkflowsPane(Pane):
    BINDINGS: ClassVar = [
        Binding("enter", "run", "Run"),
        Binding("a", "activate", "Activate"),
        Binding("d", "deactivate", "Deactivate"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("", classes="status")
        yield Table("workflows", id="workflows-table")

    def on_mount(self) -> None:
        self.set_interval(REFRESH_SECONDS * 5, self.refresh_data)
        self.refresh_data()

    def load(self) -> None:
        app = self.app
        assert isinstance(app, ConsoleApp)
        try:
            page = app.api.list("/v1/workflows", limit=200)
        except ApiError as exc:
            app.call_from_thread(self.status, _api_message(exc), error=True)
            return
        app.call_from_thread(self.query_one(Table).show, page["items"])
        active = sum(1 for w in page["items"] if w.get("active"))
        app.call_from_thread(self.status, f"{len(page['items'])} workflows, {active} active")

    def action_activate(self) -> None:
        selected = self.query_one(Table).selected
        if selected:
            _call_api(self, f"activated {selected}", "POST", f"/v1/workflows/{selected}/activate")

    def action_deactivate(self) -> None:
        selected = self.query_one(Table).selected
        if selected:
            _call_api(self, f"deactivated {selected}", "POST", f"/v1/workflows/{selected}/deactivate")

    @on(DataTable.RowSelected, "#workflows-table")
    def action_run(self) -> None:
        item = self.query_one(Table).selected_item()
        if item is not None:
            self.app.push_screen(RunScreen(item))


class RunScreen(ModalScreen[None]):
    """Run a workflow with an input typed as JSON; opens the execution it starts."""

    BINDINGS: ClassVar = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, workflow: dict[str, Any]) -> None:
        super().__init__()
        self.workflow = workflow

    def compose(self) -> ComposeResult:
        with Vertical(id="run-dialog"):
            yield Label(f"run {self.workflow['name']} ({self.workflow['id']})")
            yield Input(value="{}", placeholder='input as JSON, e.g. {"qty": 3}', id="run-input")
            yield Static("", id="run-error")
            with Horizontal():
                yield Button("Run", variant="primary", id="run")
                yield Button("Cancel", id="cancel-run")

    @on(Button.Pressed, "#cancel-run")
    def _cancel(self) -> None:
        self.app.pop_screen()

    @on(Input.Submitted, "#run-input")
    @on(Button.Pressed, "#run")
    def _run(self) -> None:
        app = self.app
        assert isinstance(app, ConsoleApp)
        error = self.query_one("#run-error", Static)
        try:
            run_input = json.loads(self.query_one("#run-input", Input).value or "{}")
        except ValueError as exc:
            error.update(Text(f"not JSON: {exc}", style="red"))
            return
        try:
            accepted = app.api.run(self.workflow["id"], run_input)
        except ApiError as exc:
            error.update(Text(_api_message(exc), style="red"))
            return
        app.pop_screen()
        app.push_screen(ExecutionScreen(accepted["execution_id"]))


class DoctorPane(Pane):
    BINDINGS: ClassVar = [Binding("f", "fix", "Fix safe ones")]

    def compose(self) -> ComposeResult:
        yield Static("", classes="status")
        with VerticalScroll():
            yield Static("", id="findings")

    def on_mount(self) -> None:
        self.findings: list[doctor.Finding] = []
        self.refresh_data()

    def load(self) -> None:
        app = self.app
        assert isinstance(app, ConsoleApp)
        app.call_from_thread(self.status, "examining…")
        try:
            findings = app.examine()
        except Exception as exc:
            app.call_from_thread(self.status, f"doctor failed: {exc}", error=True)
            return
        self.findings = findings
        view = render.findings_view({"findings": [f.as_dict() for f in findings]})
        app.call_from_thread(self.query_one("#findings", Static).update, view)
        safe = sum(1 for f in findings if f.safe)
        app.call_from_thread(
            self.status,
            f"{len(findings)} finding(s)" + (f", {safe} with a safe fix: press f" if safe else ""),
        )

    def action_fix(self) -> None:
        safe = [f for f in self.findings if f.safe]
        if not safe:
            self.status("nothing to fix safely")
            return
        titles = "\n".join(f"• {f.title}: {f.fix}" for f in safe)
        self.app.push_screen(ConfirmScreen(f"Apply these fixes?\n{titles}"), self._confirmed)

    def _confirmed(self, yes: bool | None) -> None:
        if yes:
            self._fix()

    @work(thread=True, exclusive=True, group="doctor")
    def _fix(self) -> None:
        app = self.app
        assert isinstance(app, ConsoleApp)
        results = doctor.apply_fixes(self.findings, confirm=lambda _f: True)
        app.call_from_thread(self.status, "; ".join(f"{f.check}: {r}" for f, r in results))
        app.call_from_thread(self.refresh_data)


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS: ClassVar = [Binding("y", "yes", "Yes"), Binding("n,escape", "no", "No")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(self.question)
            with Horizontal():
                yield Button("Yes (y)", variant="primary", id="yes")
                yield Button("No (n)", id="no")

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)


class ConfigPane(Pane):
    def compose(self) -> ComposeResult:
        yield Static("", classes="status")
        yield Select(
            [(s, s) for s in settings_module.SERVICES],
            value="gateway",
            allow_blank=False,
            id="config-service",
        )
        yield Table("settings", id="settings")

    def on_mount(self) -> None:
        self.refresh_data()

    @on(Select.Changed, "#config-service")
    def _service_changed(self) -> None:
        if self.is_mounted:
            self.refresh_data()

    def load(self) -> None:
        app = self.app
        assert isinstance(app, ConsoleApp)
        service = self.query_one("#config-service", Select).value
        if not isinstance(service, str):
            return
        try:
            report = app.settings(service)
        except (StackError, ValueError) as exc:
            app.call_from_thread(self.status, str(exc), error=True)
            return
        app.call_from_thread(self.query_one(Table).show, report.settings)
        verdict = (
            "valid"
            if not report.errors
            else f"INVALID: {'; '.join(e['setting'] + ': ' + e['message'] for e in report.errors)}"
        )
        unsafe = f", {len(report.unsafe)} value(s) unsafe in production" if report.unsafe else ""
        app.call_from_thread(
            self.status, f"{service}: {verdict}{unsafe} — {report.source}", error=bool(report.errors)
        )


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar = [Binding("escape,question_mark,q", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(HELP_TEXT, id="help-text")


PANES = (
    ("services", "1 services", ServicesPane),
    ("logs", "2 logs", LogsPane),
    ("executions", "3 executions", ExecutionsPane),
    ("workflows", "4 workflows", WorkflowsPane),
    ("doctor", "5 doctor", DoctorPane),
    ("config", "6 config", ConfigPane),
)


class ConsoleApp(App[None]):
    TITLE = "jobsprint"
    # Colours by ANSI name only (and no transparency tricks), so 16-colour terminals show them.
    CSS = """
    Pane { height: 1fr; }
    .status { height: auto; max-height: 3; padding: 0 1; color: ansi_bright_white; }
    #log-controls { height: 3; }
    #log-filter { width: 1fr; }
    #log-level, #log-process { width: 18; }
    Table, DataTable { height: 1fr; }
    #steps { height: auto; max-height: 12; }
    #run-dialog, #confirm-dialog, #help-dialog {
        width: 78; height: auto; max-height: 22; padding: 1 2; border: solid ansi_cyan; background: ansi_black;
    }
    RunScreen, ConfirmScreen, HelpScreen { align: center middle; }
    #config-service { width: 30; }
    """
    BINDINGS: ClassVar = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("r", "refresh", "Refresh"),
        *[
            Binding(str(n), f"show('{pane_id}')", label, show=False)
            for n, (pane_id, label, _cls) in enumerate(PANES, start=1)
        ],
    ]

    def __init__(
        self, *, globals_: Globals | None = None, api: Api | None = None, stack: LocalStack | None = None
    ) -> None:
        super().__init__()
        from jobsprint.console.cli import Globals as _Globals

        self.globals = globals_ or _Globals()
        self._api = api
        self._stack = stack

    @property
    def api(self) -> Api:
        if self._api is None:
            self._api = self.globals.api()
        return self._api

    @property
    def stack(self) -> LocalStack:
        if self._stack is None:
            self._stack = self.globals.stack()
        return self._stack

    def examine(self) -> list[doctor.Finding]:
        if self.globals.url:
            return doctor.examine_remote(self.globals.url, [])
        return doctor.examine_local(self.stack)

    def settings(self, service: str) -> settings_module.ServiceSettings:
        from jobsprint.console.cli import _settings_sources

        ((name, env, source),) = _settings_sources(service, None, False, self.stack)
        return settings_module.inspect(name, env, source=source)

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="screens"):
            for pane_id, label, cls in PANES:
                with TabPane(label, id=pane_id):
                    yield cls(id=f"{pane_id}-pane")
        yield Footer()

    def on_mount(self) -> None:
        try:
            target = self.globals.url or f"local instance {self.stack.name}"
        except StackError as exc:  # outside a checkout: the API screens still work
            target = f"{self.api.url} (no local stack: {exc})"
        self.sub_title = target

    def action_show(self, pane_id: str) -> None:
        self.query_one(TabbedContent).active = pane_id
        self.current_pane().focus_content()

    def current_pane(self) -> Pane:
        active = self.query_one(TabbedContent).active
        return self.query_one(f"#{active}-pane", Pane)

    def action_refresh(self) -> None:
        self.current_pane().refresh_data()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Any:
        """The command palette (ctrl+p) offers every screen and action by name."""
        from textual.app import SystemCommand

        yield from super().get_system_commands(screen)
        for pane_id, label, _cls in PANES:
            yield SystemCommand(
                f"Show {pane_id}",
                f"Switch to the {label.split()[1]} screen",
                lambda p=pane_id: self.action_show(p),
            )
        yield SystemCommand("Refresh", "Reload the current screen", self.action_refresh)
        yield SystemCommand("Help", "Keys of every screen", self.action_help)
