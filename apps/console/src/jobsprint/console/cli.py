"""`jobsprint`: the operator's console. Noun, then verb (`jobsprint workflows run ID`); the global
options `-o/--output`, `--profile`, `--url` and `--instance` mean the same on every command and
may be given before or after it. Exit codes: 0 ok, 1 failure, 2 usage, 3 not found, 4 auth.

Commands only parse arguments, call the API client (`client`) or the local stack (`stack`), and
render (`render`); the TUI reuses the same three."""

from __future__ import annotations

import contextlib
import functools
import getpass
import inspect
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
import yaml
from jobsprint.console import exits, logs, render
from jobsprint.console.client import Api, ApiError
from jobsprint.console.profiles import (
    Connection,
    Profile,
    Profiles,
    UnknownProfile,
    api_for,
    resolve,
)
from jobsprint.console.stack import LocalStack, StackError
from rich.text import Text

HELP = __doc__.split("\n\n")[0] if __doc__ else ""


@dataclass
class Globals:
    output: str = "table"
    profile: str | None = None
    url: str | None = None
    instance: str | None = None

    def printer(self) -> render.Printer:
        return render.Printer(self.output)

    def connection(self) -> Connection:
        return resolve(profile=self.profile, url=self.url)

    def api(self) -> Api:
        return api_for(self.connection())

    def stack(self) -> LocalStack:
        return LocalStack.named(self.instance)


G = Globals()

OutputOption = Annotated[
    Optional[str],  # noqa: UP045 (Typer reads the annotation at run time)
    typer.Option(
        "--output", "-o", help="table (default), json or yaml: json/yaml print the API's own shape."
    ),
]
ProfileOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--profile",
        help="Connection profile (jobsprint profiles list); default: JOBSPRINT_URL/TOKEN, then the current one.",
    ),
]
UrlOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--url", help="Gateway URL, overriding the profile's (a deployed suite for status and doctor)."
    ),
]
InstanceOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--instance", help="Local stack instance (dev, test, bench; default JOBSPRINT_INSTANCE or dev)."
    ),
]
_COMMON = [
    inspect.Parameter("output", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=OutputOption),
    inspect.Parameter("profile", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=ProfileOption),
    inspect.Parameter("url", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=UrlOption),
    inspect.Parameter("instance", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=InstanceOption),
]


def _set_globals(output: str | None, profile: str | None, url: str | None, instance: str | None) -> None:
    if output is not None:
        if output not in render.OUTPUTS:
            raise typer.BadParameter(
                f"{output!r} is not one of {', '.join(render.OUTPUTS)}", param_hint="-o/--output"
            )
        G.output = output
    G.profile = profile if profile is not None else G.profile
    G.url = url if url is not None else G.url
    G.instance = instance if instance is not None else G.instance


def command(
    group: typer.Typer, name: str, **kwargs: Any
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a command with the global options, and the errors every command maps to exit
    codes: API problems (3 not found, 4 auth, 1 otherwise), the local stack, unknown profiles."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(fn, eval_str=True)

        @functools.wraps(fn)
        def wrapper(*args: Any, **kw: Any) -> Any:
            _set_globals(*(kw.pop(p.name) for p in _COMMON))
            try:
                return fn(*args, **kw)
            except ApiError as exc:
                _report_api_error(exc)
                raise typer.Exit(exc.exit_code) from None
            except StackError as exc:
                G.printer().error(str(exc))
                raise typer.Exit(exits.FAILURE) from None
            except UnknownProfile as exc:
                G.printer().error(str(exc))
                raise typer.Exit(exits.USAGE) from None

        wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[*signature.parameters.values(), *_COMMON]
        )
        wrapper.__annotations__ = {
            **typing.get_type_hints(fn, include_extras=True),
            **{p.name: p.annotation for p in _COMMON},
        }
        del wrapper.__wrapped__  # type: ignore[attr-defined]
        group.command(name, **kwargs)(wrapper)
        return fn

    return decorate


def _report_api_error(exc: ApiError) -> None:
    printer = G.printer()
    printer.error(str(exc))
    for error in exc.field_errors:
        printer.errors.print(Text(f"  {error.get('field')}: {error.get('message')}"))
    if exc.status == 401:
        printer.errors.print(Text("  log in with `jobsprint login` (or set JOBSPRINT_TOKEN)", style="dim"))


app = typer.Typer(
    name="jobsprint",
    help=HELP,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


@app.callback()
def root(
    output: OutputOption = None,
    profile: ProfileOption = None,
    url: UrlOption = None,
    instance: InstanceOption = None,
) -> None:
    # Each invocation starts from the defaults (several run in one process under tests and the TUI).
    G.output, G.profile, G.url, G.instance = "table", None, None, None
    _set_globals(output, profile, url, instance)


def _group(name: str, help_: str) -> typer.Typer:
    group = typer.Typer(help=help_, no_args_is_help=True)
    app.add_typer(group, name=name)
    return group


def read_document(path: str) -> Any:
    """A JSON or YAML file (`-` is standard input)."""
    text = sys.stdin.read() if path == "-" else Path(path).read_text()
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise typer.BadParameter(f"{path} is neither JSON nor YAML: {exc}") from exc


def _json_option(value: str | None, what: str) -> Any:
    if value is None:
        return None
    try:
        return json.loads(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{what} is not JSON: {exc}") from exc


# -- login and profiles ---------------------------------------------------------------------------

profiles_app = _group("profiles", "Connection profiles (like kubectl contexts), kept in a 0600 file.")


def _secret(prompt: str, *, from_stdin: bool) -> str:
    value = sys.stdin.readline().rstrip("\n") if from_stdin else getpass.getpass(prompt)
    if not value:
        raise typer.BadParameter("nothing was entered")
    return value


@command(app, "login")
def login(
    email: Annotated[Optional[str], typer.Option(help="Sign in with this e-mail and a password.")] = None,  # noqa: UP045
    api_key: Annotated[
        bool, typer.Option("--api-key", help="Use an API key (jsk_…) instead of a password.")
    ] = False,
    stdin: Annotated[
        bool, typer.Option("--stdin", help="Read the password or key from standard input.")
    ] = False,
) -> None:
    """Sign in and save the credential as a profile (--profile NAME, default `default`); secrets
    come from a prompt or standard input, never the command line."""
    printer = G.printer()
    name = G.profile or "default"
    store = Profiles.load()
    url = G.url or (
        store.profiles[name].url
        if name in store.profiles
        else os.environ.get("JOBSPRINT_URL") or "http://127.0.0.1:8080"
    )
    api = Api(url=url)
    if api_key:
        profile = Profile(name=name, url=url, api_key=_secret("API key: ", from_stdin=stdin))
    else:
        address = email or typer.prompt("Email")
        tokens = api.login(address, _secret("Password: ", from_stdin=stdin))
        profile = Profile(
            name=name,
            url=url,
            email=address,
            access_token=tokens["access_token"],
            refresh_token=tokens["refresh_token"],
        )
    me = Api(url=url, token=profile.token).me()
    store.put(profile)
    store.save()
    printer.emit(
        {"profile": name, "url": url, "user": me["user"], "workspace": me["workspace"], "roles": me["roles"]},
        lambda d: (
            f"logged in to {url} as {d['user']['email']} in {d['workspace']['name']} "
            f"({', '.join(d['roles'])}); profile {name!r} saved in {store.path}"
        ),
    )


@command(app, "logout")
def logout() -> None:
    """End the profile's session (its refresh token is revoked) and forget its credential."""
    store = Profiles.load()
    name = G.profile or store.current
    if not name or name not in store.profiles:
        raise UnknownProfile("no profile to log out of")
    profile = store.profiles[name]
    if profile.access_token:
        with contextlib.suppress(ApiError):  # an expired session needs no ending
            Api(url=profile.url, token=profile.access_token).post(
                "/v1/auth/logout", {"refresh_token": profile.refresh_token} if profile.refresh_token else None
            )
    profile.access_token = profile.refresh_token = profile.api_key = None
    store.save()
    G.printer().say(f"logged out of profile {name!r}")


@command(app, "whoami")
def whoami() -> None:
    """The signed-in user, workspace and roles (GET /v1/me)."""
    me = G.api().me()
    G.printer().emit(
        me,
        lambda d: (
            f"{d['user']['email']} in {d['workspace']['name']} ({d['workspace']['id']}): {', '.join(d['roles'])}"
        ),
    )


@command(profiles_app, "list")
def profiles_list() -> None:
    """Profiles and which one is current."""
    store = Profiles.load()
    items = [
        {"name": p.name, "current": p.name == store.current, "url": p.url, "credential": p.credential}
        for p in store.profiles.values()
    ]

    def human(data: dict[str, Any]) -> Any:
        grid = render.Table(box=None, header_style="bold")
        for header in ("", "NAME", "URL", "CREDENTIAL"):
            grid.add_column(header)
        for item in data["items"]:
            grid.add_row("*" if item["current"] else "", item["name"], item["url"], item["credential"])
        return grid

    G.printer().emit({"items": items, "path": str(store.path)}, human)


@command(profiles_app, "use")
def profiles_use(name: str) -> None:
    """Make a profile the current one."""
    store = Profiles.load()
    if name not in store.profiles:
        raise UnknownProfile(f"no profile {name!r} in {store.path}")
    store.current = name
    store.save()
    G.printer().say(f"now using profile {name!r} ({store.profiles[name].url})")


@command(profiles_app, "delete")
def profiles_delete(name: str) -> None:
    """Forget a profile and its credential."""
    store = Profiles.load()
    try:
        store.remove(name)
    except KeyError:
        raise UnknownProfile(f"no profile {name!r} in {store.path}") from None
    store.save()
    G.printer().say(f"deleted profile {name!r}")


# -- workflows ------------------------------------------------------------------------------------

workflows_app = _group("workflows", "Define, validate, activate and run workflows.")
WORKFLOW_KEYS = (
    "id",
    "name",
    "description",
    "tags",
    "active",
    "trigger_type",
    "version",
    "webhook_url",
    "schedule",
    "created_at",
    "updated_at",
)


def _workflow_body(path: str, name: str | None) -> dict[str, Any]:
    document = read_document(path)
    if not isinstance(document, dict):
        raise typer.BadParameter(f"{path} holds no JSON/YAML object")
    if "definition" not in document and "nodes" in document:
        document = {"definition": document}  # a bare definition
    body = {k: document[k] for k in ("name", "description", "tags", "definition") if k in document}
    if name:
        body["name"] = name
    if "name" not in body:
        raise typer.BadParameter("the workflow needs a name: in the file or with --name")
    return body


@command(workflows_app, "list")
def workflows_list(
    query: Annotated[Optional[str], typer.Option("--query", "-q", help="Full-text search.")] = None,  # noqa: UP045
    tag: Annotated[Optional[list[str]], typer.Option(help="Only with this tag (repeatable).")] = None,  # noqa: UP045
    active: Annotated[
        bool | None, typer.Option("--active/--inactive", help="Only active or inactive ones.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=200)] = 50,
    cursor: Annotated[Optional[str], typer.Option(help="next_cursor of the previous page.")] = None,  # noqa: UP045
    all_pages: Annotated[bool, typer.Option("--all", help="Every page.")] = False,
) -> None:
    """The workspace's workflows (`-o json`: the API's list shape)."""
    page = G.api().list(
        "/v1/workflows",
        all_pages=all_pages,
        q=query,
        tag=tag,
        limit=limit,
        cursor=cursor,
        active=None if active is None else str(active).lower(),
    )
    G.printer().emit(page, lambda d: render.table("workflows", d["items"]))


@command(workflows_app, "show")
def workflows_show(
    workflow_id: str, definition: Annotated[bool, typer.Option(help="Print the definition too.")] = False
) -> None:
    """One workflow."""
    workflow = G.api().workflow(workflow_id)

    def human(w: dict[str, Any]) -> Any:
        grid = render.details(w, WORKFLOW_KEYS, title=w["name"])
        if not definition:
            return grid
        return render.Group(grid, render.dump(w["definition"], "yaml"))

    G.printer().emit(workflow, human)


@command(workflows_app, "create")
def workflows_create(
    file: Annotated[
        str,
        typer.Option(
            "--file",
            "-f",
            help="JSON or YAML: {name, description?, tags?, definition} or a bare definition (- for stdin).",
        ),
    ],
    name: Annotated[Optional[str], typer.Option(help="The workflow's name (overrides the file's).")] = None,  # noqa: UP045
) -> None:
    """Create a workflow from a file (validated; version 1, inactive)."""
    created = G.api().post("/v1/workflows", _workflow_body(file, name))
    G.printer().emit(created, lambda w: f"created workflow {w['id']} ({w['name']}, version {w['version']})")


@command(workflows_app, "validate")
def workflows_validate(
    file: Annotated[str, typer.Option("--file", "-f", help="JSON or YAML workflow (- for stdin).")],
    name: Annotated[Optional[str], typer.Option(help="A name, if the file has none.")] = None,  # noqa: UP045
) -> None:
    """Check a workflow exactly as creating it would, storing nothing (exit 1 and each problem when invalid)."""
    body = _workflow_body(file, name or "validation")
    answer = G.api().post("/v1/workflows:validate", body)
    G.printer().emit(answer, lambda a: f"valid: {a['node_count']} nodes, trigger {a['trigger_type']}")


@command(workflows_app, "edit")
def workflows_edit(
    workflow_id: str,
    file: Annotated[
        str | None, typer.Option("--file", "-f", help="Apply this file instead of opening an editor.")
    ] = None,
    message: Annotated[str, typer.Option("--message", "-m", help="The new version's message.")] = "",
) -> None:
    """Edit a workflow's name, description, tags and definition in $EDITOR (YAML), then save it
    as a new version (refused, 412, if someone changed it meanwhile)."""
    api = G.api()
    workflow, etag = api.workflow_with_etag(workflow_id)
    editable = {k: workflow[k] for k in ("name", "description", "tags", "definition")}
    changed = read_document(file) if file is not None else _edit_in_editor(editable)
    if not isinstance(changed, dict):
        raise typer.BadParameter("the edited document is not an object")
    body = {k: v for k, v in changed.items() if k in editable and v != editable[k]}
    if not body:
        G.printer().say("no change")
        return
    if message:
        body["version_message"] = message
    updated = api.patch(f"/v1/workflows/{workflow_id}", body, headers={"If-Match": etag})
    G.printer().emit(updated, lambda w: f"saved {w['id']} as version {w['version']}")


def _edit_in_editor(document: dict[str, Any]) -> Any:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", prefix="jobsprint-", delete=False) as handle:
        yaml.safe_dump(document, handle, sort_keys=False, allow_unicode=True)
        path = handle.name
    try:
        result = subprocess.run([*shlex.split(editor), path], check=False)
        if result.returncode != 0:
            raise typer.BadParameter(f"the editor ({editor}) exited with {result.returncode}; nothing saved")
        return yaml.safe_load(Path(path).read_text())
    finally:
        os.unlink(path)


@command(workflows_app, "export")
def workflows_export(
    workflow_id: str,
    file: Annotated[
        str | None, typer.Option("--file", "-f", help="Write here instead of standard output.")
    ] = None,
) -> None:
    """A portable document of the workflow (no ids; credentials by name), for git."""
    exported = G.api().get(f"/v1/workflows/{workflow_id}/export")
    if file:
        Path(file).write_text(
            render.dump(exported, "yaml" if file.endswith((".yaml", ".yml")) else "json") + "\n"
        )
        G.printer().say(f"exported {workflow_id} to {file}")
        return
    G.printer().emit(exported, lambda d: render.dump(d, "yaml"))


@command(workflows_app, "import")
def workflows_import(
    file: Annotated[
        str,
        typer.Option(
            "--file", "-f", help="An export, or another tool's workflow (n8n…): the API tells them apart."
        ),
    ],
    name: Annotated[Optional[str], typer.Option(help="Name for the new workflow.")] = None,  # noqa: UP045
) -> None:
    """Create a workflow from an export or another format (new id, inactive)."""
    document = read_document(file)
    if not isinstance(document, dict):
        raise typer.BadParameter(f"{file} holds no JSON/YAML object")
    if name:
        document["name"] = name
    created = G.api().post("/v1/workflows/import", document)
    G.printer().emit(created, lambda w: f"imported as workflow {w['id']} ({w['name']})")


@command(workflows_app, "activate")
def workflows_activate(workflow_id: str) -> None:
    """Let the workflow's webhook and schedule fire."""
    workflow = G.api().post(f"/v1/workflows/{workflow_id}/activate")
    G.printer().emit(
        workflow, lambda w: f"activated {w['id']}" + (f": {w['webhook_url']}" if w.get("webhook_url") else "")
    )


@command(workflows_app, "deactivate")
def workflows_deactivate(workflow_id: str) -> None:
    """Stop the workflow's webhook and schedule."""
    workflow = G.api().post(f"/v1/workflows/{workflow_id}/deactivate")
    G.printer().emit(workflow, lambda w: f"deactivated {w['id']}")


@command(workflows_app, "delete")
def workflows_delete(workflow_id: str) -> None:
    """Move a workflow to the trash (restorable for 30 days)."""
    G.api().delete(f"/v1/workflows/{workflow_id}")
    G.printer().say(f"deleted {workflow_id}")


@command(workflows_app, "run")
def workflows_run(
    workflow_id: str,
    input_json: Annotated[str | None, typer.Option("--input", "-i", help="The run's input as JSON.")] = None,
    input_file: Annotated[
        str | None, typer.Option("--input-file", help="The run's input from a JSON/YAML file.")
    ] = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="Answer with the output once it finishes (?wait=true).")
    ] = False,
    follow: Annotated[
        bool, typer.Option("--follow", help="Show each step's status live until it finishes.")
    ] = False,
) -> None:
    """Run a workflow. Exits 1 when the run (waited for or followed) does not succeed."""
    run_input = read_document(input_file) if input_file else (_json_option(input_json, "--input") or {})
    api = G.api()
    printer = G.printer()
    if follow:
        accepted = api.run(workflow_id, run_input)
        execution = follow_execution(api, accepted["execution_id"], printer)
        if printer.machine:
            printer.emit(execution)
        raise typer.Exit(exits.OK if execution["status"] == "succeeded" else exits.FAILURE)
    answer = api.run(workflow_id, run_input, wait=wait)
    if wait:
        printer.emit(
            answer,
            lambda a: render.Group(
                render.details(a, ("execution_id", "status", "error"), title="run"),
                render.dump(a.get("output"), "json"),
            ),
        )
        raise typer.Exit(exits.OK if answer["status"] == "succeeded" else exits.FAILURE)
    printer.emit(answer, lambda a: f"started execution {a['execution_id']} ({a['status']})")


def follow_execution(api: Api, execution_id: str, printer: render.Printer) -> dict[str, Any]:
    """Each step's status live, from the execution's event stream, with a progress bar; returns
    the execution as it ended (GET /v1/executions/{id})."""
    from rich.live import Live

    execution = api.execution(execution_id)
    total = len(api.workflow(execution["workflow_id"])["definition"].get("nodes", []))
    steps: dict[str, dict[str, Any]] = {}
    status = execution["status"]

    def view() -> Any:
        done = sum(1 for s in steps.values() if s["status"] in ("succeeded", "failed", "skipped"))
        bar = render.progress_bar(done, total)
        return render.Group(
            Text.assemble(("execution ", "bold"), execution_id, "  ", render.styled(status), "  ", bar),
            render.table("steps", list(steps.values())),
        )

    with Live(
        view(),
        console=printer.errors if printer.machine else printer.console,
        refresh_per_second=8,
        transient=printer.machine,
    ) as live:
        for event in api.events(execution_id):
            data = event.data.get("data", {})
            if event.type.startswith("step."):
                steps[data["node_id"]] = {
                    "node_id": data["node_id"],
                    "status": data.get("status"),
                    "attempts": data.get("attempts"),
                }
            elif event.type.startswith("execution."):
                status = data.get("status", event.type.split(".", 1)[1])
            live.update(view())
        final = api.execution(execution_id)
        status = final["status"]
        steps = {s["node_id"]: s for s in final.get("steps", [])}
        live.update(view())
    if final.get("error") and not printer.machine:
        printer.say(f"error: {final['error']}")
    return final


# -- executions -----------------------------------------------------------------------------------

executions_app = _group("executions", "Read, cancel and retry executions; their event history.")
EXECUTION_KEYS = (
    "id",
    "workflow_id",
    "workflow_version",
    "status",
    "error",
    "created_at",
    "started_at",
    "finished_at",
    "retry_of",
    "parent_execution_id",
    "error_of",
    "input",
    "output",
)


@command(executions_app, "list")
def executions_list(
    workflow: Annotated[Optional[str], typer.Option("--workflow", "-w", help="Only this workflow's.")] = None,  # noqa: UP045
    status: Annotated[
        list[str] | None, typer.Option("--status", "-s", help="Only these statuses (repeatable).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=200)] = 50,
    cursor: Annotated[Optional[str], typer.Option(help="next_cursor of the previous page.")] = None,  # noqa: UP045
    all_pages: Annotated[bool, typer.Option("--all", help="Every page.")] = False,
) -> None:
    """Executions, newest first."""
    page = G.api().list(
        "/v1/executions", all_pages=all_pages, workflow_id=workflow, status=status, limit=limit, cursor=cursor
    )
    G.printer().emit(page, lambda d: render.table("executions", d["items"]))


@command(executions_app, "show")
def executions_show(execution_id: str) -> None:
    """One execution with its steps."""
    execution = G.api().execution(execution_id)
    G.printer().emit(
        execution,
        lambda e: render.Group(
            render.details(e, EXECUTION_KEYS, title=f"execution {e['id']}"),
            render.table("steps", e.get("steps", []), title="steps"),
        ),
    )


@command(executions_app, "cancel")
def executions_cancel(execution_id: str) -> None:
    """Cancel a queued, running or waiting execution."""
    execution = G.api().post(f"/v1/executions/{execution_id}/cancel")
    G.printer().emit(execution, lambda e: f"cancelled {e['id']}")


@command(executions_app, "retry")
def executions_retry(
    execution_id: str,
    from_start: Annotated[
        bool, typer.Option("--from-start", help="From the start, not from the failed step.")
    ] = False,
) -> None:
    """Retry a failed or cancelled execution as a new one."""
    body = {"from": "start"} if from_start else None
    execution = G.api().post(f"/v1/executions/{execution_id}/retry", body)
    G.printer().emit(execution, lambda e: f"retrying as execution {e['id']} ({e['status']})")


@command(executions_app, "logs")
def executions_logs(
    execution_id: str,
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep streaming until it finishes.")] = False,
) -> None:
    """The execution's event history (its steps' and states' events, in order); the services'
    log lines about it: `jobsprint logs --execution ID`."""
    api = G.api()
    printer = G.printer()
    final = ("execution.finished", "execution.cancelled")
    execution = api.execution(execution_id)
    live = follow and execution["status"] not in ("succeeded", "failed", "cancelled")
    # Without --follow, what has happened so far: the stream is left once it has been quiet a moment.
    events = api.events(execution_id, idle_timeout=None if live else 1.0)
    try:
        for event in events:
            record = {"id": event.id, **event.data}
            if printer.machine:
                sys.stdout.write(json.dumps(record) + "\n")
                sys.stdout.flush()
            else:
                data = event.data.get("data", {})
                when = str(event.data.get("time", ""))[11:23]
                detail = " ".join(f"{k}={v}" for k, v in data.items() if v not in (None, ""))
                printer.console.print(
                    Text.assemble(
                        (f"{event.id:>4} ", "dim"), (f"{when} ", "dim"), (f"{event.type:<22}", "bold"), detail
                    )
                )
            if event.type in final:
                break
    finally:
        events.close()  # type: ignore[attr-defined]


# -- dead letters ---------------------------------------------------------------------------------

dead_letters_app = _group(
    "dead-letters", "Executions that exhausted their retries or no worker could handle."
)


@command(dead_letters_app, "list")
def dead_letters_list(
    limit: Annotated[int, typer.Option(min=1, max=500)] = 100,
    cursor: Annotated[Optional[str], typer.Option()] = None,  # noqa: UP045
    all_pages: Annotated[bool, typer.Option("--all")] = False,
    scope: Annotated[
        str,
        typer.Option(
            help="workspace: your workspace's. instance: run messages no worker could decode"
            " (an instance operator's only)."
        ),
    ] = "workspace",
) -> None:
    """Dead letters, newest first."""
    page = G.api().list("/v1/dead-letters", all_pages=all_pages, limit=limit, cursor=cursor, scope=scope)
    G.printer().emit(page, lambda d: render.table("dead-letters", d["items"]))


@command(dead_letters_app, "replay")
def dead_letters_replay(dead_letter_id: int) -> None:
    """Run a dead letter's execution again from its failed step."""
    answer = G.api().post(f"/v1/dead-letters/{dead_letter_id}/replay")
    G.printer().emit(answer, lambda a: f"replayed as execution {a['execution_id']}")


@command(dead_letters_app, "discard")
def dead_letters_discard(dead_letter_id: int) -> None:
    """Discard a malformed message's dead letter once read (an instance operator's only)."""
    G.api().delete(f"/v1/dead-letters/{dead_letter_id}")
    G.printer().say(f"discarded dead letter {dead_letter_id}")


# -- credentials ----------------------------------------------------------------------------------

credentials_app = _group("credentials", "Credentials (secrets write-only, encrypted at rest).")


@command(credentials_app, "list")
def credentials_list(
    type_: Annotated[Optional[str], typer.Option("--type", help="Only this type.")] = None,  # noqa: UP045
    all_pages: Annotated[bool, typer.Option("--all")] = False,
) -> None:
    """Credentials (never their secrets)."""
    page = G.api().list("/v1/credentials", all_pages=all_pages, type=type_)
    G.printer().emit(page, lambda d: render.table("credentials", d["items"]))


@command(credentials_app, "types")
def credentials_types() -> None:
    """Credential types with their fields."""
    types_ = G.api().get("/v1/credential-types")

    def human(d: dict[str, Any]) -> Any:
        grid = render.Table(box=None, header_style="bold")
        for header in ("TYPE", "CONFIG FIELDS", "SECRET FIELDS", "DESCRIPTION"):
            grid.add_column(header)
        for t in d["items"]:
            grid.add_row(
                t["name"],
                ", ".join(t["config_schema"].get("properties", {})),
                ", ".join(t["secret_schema"].get("properties", {})),
                render.short(t["description"], 50),
            )
        return grid

    G.printer().emit(types_, human)


@command(credentials_app, "create")
def credentials_create(
    name: Annotated[str, typer.Option(help="Its name (workflows refer to it by name).")],
    type_: Annotated[
        str,
        typer.Option(
            "--type", help="bearer, basic, api_key, smtp, ai_provider, mcp … (jobsprint credentials types)."
        ),
    ],
    config: Annotated[Optional[str], typer.Option(help="Non-secret fields as JSON.")] = None,  # noqa: UP045
    secret_stdin: Annotated[
        bool,
        typer.Option("--secret-stdin", help="Read the secret fields as a JSON object from standard input."),
    ] = False,
) -> None:
    """Create a credential; each secret field is asked for (hidden), or read as JSON from stdin."""
    api = G.api()
    if secret_stdin:
        secret = json.loads(sys.stdin.read() or "{}")
    else:
        kinds = {t["name"]: t for t in api.get("/v1/credential-types")["items"]}
        if type_ not in kinds:
            raise typer.BadParameter(
                f"unknown type {type_!r}; one of {', '.join(kinds)}", param_hint="--type"
            )
        schema = kinds[type_]["secret_schema"]
        secret = {field: getpass.getpass(f"{field}: ") for field in schema.get("properties", {})}
    created = api.post(
        "/v1/credentials",
        {"name": name, "type": type_, "config": _json_option(config, "--config") or {}, "secret": secret},
    )
    G.printer().emit(created, lambda c: f"created credential {c['id']} ({c['name']}, {c['type']})")


@command(credentials_app, "test")
def credentials_test(
    credential_id: str,
    against: Annotated[
        str | None, typer.Option("--against", help="URL to try it against (HTTP credentials).")
    ] = None,
) -> None:
    """Try a credential; exits 1 when it does not work."""
    result = G.api().post(f"/v1/credentials/{credential_id}/test", {"url": against} if against else {})
    G.printer().emit(
        result,
        lambda r: Text(
            ("works: " if r["ok"] else "fails: ") + r["message"], style="green" if r["ok"] else "red"
        ),
    )
    if not result["ok"]:
        raise typer.Exit(exits.FAILURE)


@command(credentials_app, "delete")
def credentials_delete(credential_id: str) -> None:
    """Delete a credential (workflows that use it fail until given another)."""
    G.api().delete(f"/v1/credentials/{credential_id}")
    G.printer().say(f"deleted credential {credential_id}")


# -- members, API keys, audit log -----------------------------------------------------------------

members_app = _group("members", "The workspace's members and their roles (owners and admins).")
ROLES = "viewer, editor, admin or owner"


@command(members_app, "list")
def members_list() -> None:
    """Members with their roles."""
    page = G.api().get("/v1/members")
    G.printer().emit(page, lambda d: render.table("members", d["items"]))


@command(members_app, "add")
def members_add(email: str, role: Annotated[str, typer.Option(help=ROLES)] = "editor") -> None:
    """Give a registered user a role in this workspace."""
    member = G.api().post("/v1/members", {"email": email, "role": role})
    G.printer().emit(member, lambda m: f"{m['user']['email']} is now {m['role']}")


@command(members_app, "set-role")
def members_set_role(user_id: str, role: Annotated[str, typer.Argument(help=ROLES)]) -> None:
    """Change a member's role (their sessions end so it applies at once)."""
    member = G.api().patch(f"/v1/members/{user_id}", {"role": role})
    G.printer().emit(member, lambda m: f"{m['user']['email']} is now {m['role']}")


@command(members_app, "remove")
def members_remove(user_id: str) -> None:
    """Remove a member (their sessions here are revoked)."""
    G.api().delete(f"/v1/members/{user_id}")
    G.printer().say(f"removed {user_id}")


api_keys_app = _group("api-keys", "API keys for scripts and integrations (owners and admins).")


@command(api_keys_app, "list")
def api_keys_list() -> None:
    """API keys (never the keys themselves)."""
    page = G.api().get("/v1/api-keys")
    G.printer().emit(page, lambda d: render.table("api-keys", d["items"]))


@command(api_keys_app, "create")
def api_keys_create(
    name: Annotated[str, typer.Option(help="What it is for.")],
    scope: Annotated[list[str], typer.Option("--scope", help="read, write, run (repeatable).")],
) -> None:
    """Create an API key; the key is shown this once."""
    created = G.api().post("/v1/api-keys", {"name": name, "scopes": scope})
    G.printer().emit(
        created,
        lambda k: f"created API key {k['id']} ({' '.join(k['scopes'])}); the key, shown once:\n{k['key']}",
    )


@command(api_keys_app, "revoke")
def api_keys_revoke(key_id: str) -> None:
    """Revoke an API key at once."""
    G.api().delete(f"/v1/api-keys/{key_id}")
    G.printer().say(f"revoked {key_id}")


audit_app = _group("audit-log", "Who did what (owners and admins).")


@command(audit_app, "list")
def audit_list(
    action: Annotated[Optional[str], typer.Option(help="e.g. workflows.create_workflow")] = None,  # noqa: UP045
    actor: Annotated[Optional[str], typer.Option(help="An actor's id.")] = None,  # noqa: UP045
    resource: Annotated[Optional[str], typer.Option(help="A resource's id.")] = None,  # noqa: UP045
    outcome: Annotated[Optional[str], typer.Option(help="success or denied.")] = None,  # noqa: UP045
    since: Annotated[Optional[str], typer.Option(help="RFC 3339 time.")] = None,  # noqa: UP045
    until: Annotated[Optional[str], typer.Option(help="RFC 3339 time.")] = None,  # noqa: UP045
    limit: Annotated[int, typer.Option(min=1, max=200)] = 50,
    cursor: Annotated[Optional[str], typer.Option()] = None,  # noqa: UP045
    all_pages: Annotated[bool, typer.Option("--all")] = False,
) -> None:
    """Audit records, newest first."""
    page = G.api().list(
        "/v1/audit-log",
        all_pages=all_pages,
        action=action,
        actor_id=actor,
        resource_id=resource,
        outcome=outcome,
        since=since,
        until=until,
        limit=limit,
        cursor=cursor,
    )
    G.printer().emit(page, lambda d: render.table("audit-log", d["items"]))


# -- the local stack ------------------------------------------------------------------------------

services_app = _group("services", "The local stack's processes, through supervisord's own API.")
ServiceName = Annotated[
    str | None,
    typer.Argument(help="gateway, auth, workflows, executor, integrations, worker or worker-N; none: all."),
]


@command(services_app, "status")
def services_status(name: ServiceName = None) -> None:
    """Each process's state, pid and uptime."""
    processes = [p.as_dict() for p in G.stack().supervisor().resolve(name)]
    G.printer().emit({"items": processes}, lambda d: render.table("processes", d["items"]))
    if any(p["state"] != "RUNNING" for p in processes):
        raise typer.Exit(exits.FAILURE)


@command(services_app, "start")
def services_start(name: ServiceName = None) -> None:
    """Start processes (waits until they run)."""
    started = G.stack().supervisor().start(name)
    G.printer().emit(
        {"started": started},
        lambda d: f"started {', '.join(d['started'])}" if d["started"] else "already running",
    )


@command(services_app, "stop")
def services_stop(name: ServiceName = None) -> None:
    """Stop processes (each finishes what it is doing)."""
    stopped = G.stack().supervisor().stop(name)
    G.printer().emit(
        {"stopped": stopped},
        lambda d: f"stopped {', '.join(d['stopped'])}" if d["stopped"] else "nothing was running",
    )


@command(services_app, "restart")
def services_restart(name: ServiceName = None) -> None:
    """Stop and start processes."""
    restarted = G.stack().supervisor().restart(name)
    G.printer().emit({"restarted": restarted}, lambda d: f"restarted {', '.join(d['restarted'])}")


def log_files(stack: LocalStack, name: str | None) -> dict[str, Path]:
    return {p.name: Path(p.log_file) for p in stack.supervisor().resolve(name)}


def log_text(line: logs.LogLine) -> Text:
    style = render.LEVEL_STYLES.get(line.level, "")
    return Text.assemble(
        (f"{line.ts[11:23]:<12} ", "dim"),
        (f"{line.process:<13}", "cyan"),
        (f"{line.level:<8}", style),
        (line.message, style),
    )


@command(app, "logs")
def logs_command(
    name: ServiceName = None,
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep printing new lines.")] = False,
    grep: Annotated[
        str | None, typer.Option("--grep", "-g", help="Only lines matching this regular expression.")
    ] = None,
    level: Annotated[
        str | None, typer.Option("--level", "-l", help="At least this level: debug, info, warning, error.")
    ] = None,
    execution: Annotated[
        str | None, typer.Option("--execution", "-e", help="Only lines about this execution.")
    ] = None,
    lines: Annotated[int, typer.Option("--lines", "-n", help="How many recent lines first.")] = 50,
) -> None:
    """The local stack's JSON logs, merged in time order and filtered (`-o json`: one JSON object a line)."""
    try:
        log_filter = logs.LogFilter.of(level=level, grep=grep, execution=execution)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    files = log_files(G.stack(), name)
    printer = G.printer()

    def show(line: logs.LogLine) -> None:
        if printer.machine:
            sys.stdout.write(json.dumps(line.as_dict()) + "\n")
            sys.stdout.flush()
        else:
            printer.console.print(log_text(line))

    for line in logs.recent(files, log_filter, lines=lines):
        show(line)
    if follow:
        try:
            for line in logs.follow(files, log_filter):
                show(line)
        except KeyboardInterrupt:
            pass


# -- configuration, status, doctor ----------------------------------------------------------------

config_app = _group("config", "The services' effective settings, and a check of them.")
ConfigService = Annotated[
    str | None, typer.Argument(help="gateway, auth, workflows, executor or integrations; none: all.")
]
EnvFileOption = Annotated[
    Path | None,
    typer.Option("--env-file", help="Read settings from KEY=VALUE lines (e.g. `kubectl exec … env`)."),
]
FromEnvOption = Annotated[
    bool,
    typer.Option(
        "--from-environment", help="Read settings from this shell's environment (inside a container)."
    ),
]


def _settings_sources(
    service: str | None, env_file: Path | None, from_environment: bool, stack: LocalStack | None = None
) -> list[tuple[str, dict[str, str], str]]:
    from jobsprint.console import settings_report as settings_module

    services = [service] if service else list(settings_module.SERVICES)
    for name in services:
        settings_module.settings_class(name)  # an unknown name is refused before anything is read
    if env_file is not None:
        values = settings_module.read_env_file(env_file)
        return [(name, values, str(env_file)) for name in services]
    if from_environment:
        return [(name, dict(os.environ), "this environment") for name in services]
    stack = stack or G.stack()
    instance_env = {**os.environ, **stack.environment()}
    pids: dict[str, int] = {}
    with contextlib.suppress(StackError):  # not running: the environment `make up` would give
        pids = {p.name: p.pid for p in stack.supervisor().processes() if p.pid}
    found = []
    for name in services:
        from_process = settings_module.process_environment(pids[name]) if name in pids else None
        if from_process is not None:
            found.append((name, from_process, f"running process {pids[name]} ({stack.name})"))
        else:
            found.append(
                (name, instance_env, f"instance {stack.name} (not running: as `make up` would start it)")
            )
    return found


@command(config_app, "show")
def config_show(
    service: ConfigService = None,
    env_file: EnvFileOption = None,
    from_environment: FromEnvOption = False,
) -> None:
    """Each setting's effective value and where it came from; secrets masked."""
    from jobsprint.console import settings_report as settings_module

    try:
        reports = [
            settings_module.inspect(name, env, source=source)
            for name, env, source in _settings_sources(service, env_file, from_environment)
        ]
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc

    def human(data: dict[str, Any]) -> Any:
        return render.Group(
            *(
                render.table("settings", r["settings"], title=f"{r['service']}  ({r['source']})")
                for r in data["items"]
            )
        )

    G.printer().emit({"items": [r.as_dict() for r in reports]}, human)


@command(config_app, "check")
def config_check(
    service: ConfigService = None,
    env_file: EnvFileOption = None,
    from_environment: FromEnvOption = False,
    production: Annotated[
        bool, typer.Option("--production", help="Judge as production whatever JOBSPRINT_ENVIRONMENT says.")
    ] = False,
) -> None:
    """Validate every setting and name the values unsafe in production; exits 1 when a setting is
    invalid, or (in production, or with --production) when a value is unsafe."""
    from jobsprint.console import settings_report as settings_module

    try:
        reports = [
            settings_module.inspect(name, env, source=source, production=production)
            for name, env, source in _settings_sources(service, env_file, from_environment)
        ]
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc

    def human(data: dict[str, Any]) -> Any:
        parts: list[Any] = []
        for r in data["items"]:
            mark = Text("valid", style="green") if r["valid"] else Text("INVALID", style="bold red")
            parts.append(
                Text.assemble((f"{r['service']:<13}", "bold"), mark, f"  ({r['environment']}; {r['source']})")
            )
            for error in r["errors"]:
                parts.append(Text(f"  error   {error['setting']}: {error['message']}", style="red"))
            for unsafe in r["unsafe"]:
                if all(unsafe["env"] not in e["setting"] for e in r["errors"]):
                    style = "yellow" if unsafe["severity"] == "unsafe" else "dim"
                    parts.append(
                        Text(f"  {unsafe['severity']:<7} {unsafe['env']}: {unsafe['why']}", style=style)
                    )
        return render.Group(*parts)

    G.printer().emit(
        {"valid": all(not r.errors for r in reports), "items": [r.as_dict() for r in reports]}, human
    )
    if any(r.errors for r in reports):
        raise typer.Exit(exits.FAILURE)


MetricsOption = Annotated[
    list[str] | None,
    typer.Option("--metrics", help="A /metrics URL of a deployed process (repeatable), e.g. the executor's."),
]


def _remote_target() -> str | None:
    """A deployed suite is examined when --url is given, or a profile/environment names one
    while no --instance does."""
    if G.url:
        return G.url
    return None


@command(app, "status")
def status_command(metrics: MetricsOption = None) -> None:
    """Processes, workers, dependencies, queues and outbox lag; exits 1 when anything is unhealthy."""
    from jobsprint.console import status as status_module

    target = _remote_target()
    report = status_module.remote(target, metrics or []) if target else status_module.local(G.stack())
    G.printer().emit(report.as_dict(), render.status_view)
    if not report.healthy:
        raise typer.Exit(exits.FAILURE)


@command(app, "doctor")
def doctor_command(
    fix: Annotated[
        bool, typer.Option("--fix", help="Apply the safe fixes (asks first unless --yes).")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Apply the safe fixes without asking.")] = False,
    metrics: MetricsOption = None,
    stuck_after: Annotated[
        float,
        typer.Option(help="Seconds past its lease, creation or wake-up before an execution counts as stuck."),
    ] = 120.0,
    key_max_age_days: Annotated[
        int, typer.Option(help="Rotation policy of signing and master keys, in days.")
    ] = 90,
    check: Annotated[
        list[str] | None,
        typer.Option(
            "--check",
            help="Only these checks (repeatable): processes, workers, dependencies, stuck_executions, dead_lettered_live, dead_letters, malformed_messages, outbox, migrations, signing_keys, master_key, rate_limit_fallbacks, clock_skew.",
        ),
    ] = None,
) -> None:
    """Find what needs a person: stuck executions, unrelayed outboxes, dead letters, keys due for
    rotation, pending migrations, no workers, rate-limit fallbacks, clock skew. Exits 0 when
    nothing is found, 1 when something is."""
    from jobsprint.console import doctor as doctor_module

    options = doctor_module.Options(stuck_after_seconds=stuck_after, key_max_age_days=key_max_age_days)
    target = _remote_target()
    printer = G.printer()

    unknown = sorted(set(check or []) - set(doctor_module.CHECKS))
    if unknown:
        raise typer.BadParameter(
            f"unknown check {', '.join(unknown)}; one of {', '.join(doctor_module.CHECKS)}"
        )

    def examine() -> list[doctor_module.Finding]:
        if target:
            found = doctor_module.examine_remote(target, metrics or [], options)
        else:
            found = doctor_module.examine_local(G.stack(), options)
        return [f for f in found if not check or f.check in check]

    findings = examine()
    printer.emit({"findings": [f.as_dict() for f in findings]}, render.findings_view)
    if fix and any(f.safe for f in findings):

        def confirm(finding: doctor_module.Finding) -> bool:
            if yes:
                return True
            return typer.confirm(f"fix: {finding.title} — {finding.fix}?", default=True, err=True)

        for finding, result in doctor_module.apply_fixes(findings, confirm=confirm):
            printer.say(f"{finding.check}: {result}")
        fixed = {f.check for f in findings if f.safe}
        deadline = time.monotonic() + 15
        findings = examine()
        # A restarted relay or a started worker needs a moment to empty what waited for it.
        while any(f.check in fixed for f in findings) and time.monotonic() < deadline:
            time.sleep(0.5)
            findings = examine()
        printer.say("after fixing:")
        printer.emit({"findings": [f.as_dict() for f in findings]}, render.findings_view)
    raise typer.Exit(exits.FAILURE if findings else exits.OK)


@command(app, "tui")
def tui_command() -> None:
    """The full-screen terminal UI: services, logs, executions, workflows, doctor, configuration."""
    from jobsprint.console.tui.app import ConsoleApp

    ConsoleApp(globals_=G).run()


def main() -> None:
    app()
