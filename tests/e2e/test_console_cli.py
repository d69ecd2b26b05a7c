"""`jobsprint`, the operator's console, against the running suite: every command, its JSON output
parsed and checked against the API, and its exit code (0 ok, 1 failure, 2 usage, 3 not found,
4 auth). Commands run in process (Typer's runner) except where the installed entry point itself
is what is checked."""

from __future__ import annotations

import itertools
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from jobsprint.console import cli, probes
from jobsprint.console.stack import LocalStack
from typer.testing import CliRunner

from .conftest import INSTANCE, PASSWORD, User, create_workflow, register_and_login, wait_for_execution

pytestmark = pytest.mark.e2e

JOBSPRINT = Path(sys.executable).parent / "jobsprint"
SET_TOTAL: dict[str, Any] = {
    "name": "console total",
    "definition": {
        "nodes": [
            {"id": "start", "type": "trigger.manual"},
            {
                "id": "price",
                "type": "core.set",
                "parameters": {"values": {"total": "{{ input.qty * input.unit_price }}"}},
            },
        ],
        "edges": [{"from": "start", "to": "price"}],
    },
}


def definition(*nodes: dict[str, Any]) -> dict[str, Any]:
    chain = [{"id": "start", "type": "trigger.manual"}, *nodes]
    return {
        "nodes": chain,
        "edges": [{"from": a["id"], "to": b["id"]} for a, b in itertools.pairwise(chain)],
    }


class Console:
    """Runs `jobsprint` commands in process with an environment of its own."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.runner = CliRunner()

    def __call__(self, *args: str, stdin: str | None = None, code: int = 0, **env: str) -> Any:
        result = self.runner.invoke(
            cli.app, list(args), input=stdin, env={**self.env, **env}, catch_exceptions=False
        )
        assert result.exit_code == code, (
            f"jobsprint {' '.join(args)} exited {result.exit_code}, not {code}:\n{result.stdout}\n{result.stderr}"
        )
        return result

    def json(self, *args: str, **kwargs: Any) -> Any:
        return json.loads(self(*args, "-o", "json", **kwargs).stdout)


@pytest.fixture
def console(suite, user: User, tmp_path: Path) -> Console:
    return Console(
        {
            "JOBSPRINT_URL": suite.gateway_url,
            "JOBSPRINT_TOKEN": user.access_token,
            "JOBSPRINT_CONFIG": str(tmp_path / "config.json"),
            "JOBSPRINT_INSTANCE": INSTANCE.name,
            "COLUMNS": "120",
        }
    )


def write(path: Path, document: Any) -> str:
    path.write_text(yaml.safe_dump(document) if path.suffix == ".yaml" else json.dumps(document))
    return str(path)


def test_every_command_has_help(console: Console):
    import typer.main

    group = typer.main.get_command(cli.app)
    commands: list[list[str]] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        commands += [[name, verb] for verb in sub] if sub else [[name]]
    assert len(commands) > 40
    for words in commands:
        result = console(*words, "--help")
        assert "Usage" in result.stdout and "--output" in result.stdout, words


def test_login_with_a_password_keeps_the_profile_in_a_file_only_its_owner_reads(
    suite, user: User, tmp_path: Path
):
    config = tmp_path / "config" / "config.json"
    console = Console({"JOBSPRINT_CONFIG": str(config), "COLUMNS": "120"})

    login = console.json(
        "login", "--url", suite.gateway_url, "--email", user.email, "--stdin", stdin=PASSWORD + "\n"
    )

    assert login["user"]["email"] == user.email and login["profile"] == "default"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert PASSWORD not in config.read_text()
    assert console.json("whoami")["user"]["email"] == user.email
    profiles = console.json("profiles", "list")
    assert [(p["name"], p["current"], p["credential"]) for p in profiles["items"]] == [
        ("default", True, f"password ({user.email})")
    ]
    console("profiles", "use", "nope", code=2)
    console("logout")
    console("whoami", code=4)  # the profile has no credential any more


def test_an_api_key_works_as_a_profile_and_as_jobsprint_token(console: Console, suite, tmp_path: Path):
    created = console.json("api-keys", "create", "--name", "ci", "--scope", "read", "--scope", "run")
    assert created["key"].startswith("jsk_") and created["scopes"] == ["read", "run"]
    assert created["id"] in [k["id"] for k in console.json("api-keys", "list")["items"]]

    as_key = Console({**console.env, "JOBSPRINT_TOKEN": created["key"]})
    assert as_key.json("workflows", "list")["items"] == []
    as_key("workflows", "create", "-f", write(tmp_path / "w.json", SET_TOTAL), code=4)  # no write scope

    keyed = Console({"JOBSPRINT_CONFIG": str(tmp_path / "keyed.json")})
    keyed(
        "login",
        "--profile",
        "ci",
        "--url",
        suite.gateway_url,
        "--api-key",
        "--stdin",
        stdin=created["key"] + "\n",
    )
    assert keyed.json("--profile", "ci", "workflows", "list")["next_cursor"] is None

    console("api-keys", "revoke", created["id"])
    as_key("workflows", "list", code=4)


def test_workflows_from_create_to_delete(console: Console, user: User, api: httpx.Client, tmp_path: Path):
    valid = console.json("workflows", "validate", "-f", write(tmp_path / "w.yaml", SET_TOTAL))
    assert valid == {"valid": True, "trigger_type": "trigger.manual", "node_count": 2}
    broken = {"name": "broken", "definition": definition({"id": "x", "type": "core.nope"})}
    refused = console("workflows", "validate", "-f", write(tmp_path / "bad.json", broken), code=1)
    assert "unknown node type 'core.nope'" in refused.stderr
    assert api.get("/v1/workflows", headers=user.headers).json()["items"] == []  # validation stores nothing

    created = console.json("workflows", "create", "-f", str(tmp_path / "w.yaml"))
    assert created["name"] == "console total" and created["version"] == 1
    listed = console.json("workflows", "list")
    assert listed == api.get("/v1/workflows", headers=user.headers).json()  # the API's own shape
    assert console.json("workflows", "show", created["id"])["definition"] == SET_TOTAL["definition"]

    renamed = console.json(
        "workflows", "edit", created["id"], "-f", write(tmp_path / "e.json", {**SET_TOTAL, "name": "renamed"})
    )
    assert renamed["name"] == "renamed" and renamed["version"] == 1  # a rename is no new version
    # The editor is whatever $EDITOR says: here one that changes the definition in place.
    edited = console.json(
        "workflows",
        "edit",
        created["id"],
        "-m",
        "double it",
        EDITOR=f"{sys.executable} -c \"import sys,pathlib; p=pathlib.Path(sys.argv[1]); p.write_text(p.read_text().replace('input.qty *', '2 * input.qty *'))\"",
    )
    assert edited["version"] == 2
    assert "2 * input.qty" in json.dumps(edited["definition"])

    exported = tmp_path / "export.yaml"
    console("workflows", "export", created["id"], "-f", str(exported))
    document = yaml.safe_load(exported.read_text())
    assert document["name"] == "renamed" and "id" not in document
    imported = console.json("workflows", "import", "-f", str(exported), "--name", "imported copy")
    assert imported["id"] != created["id"] and imported["name"] == "imported copy"

    assert console.json("workflows", "activate", created["id"])["active"] is True
    assert console.json("workflows", "deactivate", created["id"])["active"] is False
    console("workflows", "delete", imported["id"])
    console("workflows", "show", imported["id"], code=3)


def test_runs_waited_for_followed_and_their_executions(console: Console, user: User, api: httpx.Client):
    workflow = create_workflow(api, user, SET_TOTAL)

    waited = console.json("workflows", "run", workflow["id"], "-i", '{"qty": 3, "unit_price": 2}', "--wait")
    assert waited["status"] == "succeeded" and waited["output"]["total"] == 6
    followed = console.json(
        "workflows", "run", workflow["id"], "-i", '{"qty": 1, "unit_price": 5}', "--follow"
    )
    assert followed["status"] == "succeeded" and followed["output"]["total"] == 5
    assert [s["node_id"] for s in followed["steps"]] == ["start", "price"]
    started = console.json("workflows", "run", workflow["id"], "-i", '{"qty": 1, "unit_price": 1}')
    finished = wait_for_execution(api, user, started["execution_id"])

    listed = console.json("executions", "list", "-w", workflow["id"], "-s", "succeeded")
    assert {e["id"] for e in listed["items"]} == {waited["execution_id"], followed["id"], finished["id"]}
    shown = console.json("executions", "show", finished["id"])
    assert shown == api.get(f"/v1/executions/{finished['id']}", headers=user.headers).json()
    events = [
        json.loads(line)
        for line in console("executions", "logs", finished["id"], "-o", "json").stdout.splitlines()
    ]
    assert [e["type"] for e in events] == [
        "execution.queued",
        "execution.started",
        "step.succeeded",
        "step.succeeded",
        "execution.finished",
    ]
    assert [e["id"] for e in events] == [1, 2, 3, 4, 5]

    failing = create_workflow(
        api,
        user,
        {
            "name": "fails",
            "definition": definition({"id": "boom", "type": "core.fail", "parameters": {"message": "no"}}),
        },
    )
    failed = console.json("workflows", "run", failing["id"], "--wait", code=1)
    assert failed["status"] == "failed"
    console("workflows", "run", failing["id"], "--follow", code=1)
    console("workflows", "run", workflow["id"], "-i", "not json", code=2)
    console("executions", "show", "00000000-0000-4000-8000-000000000000", code=3)


def test_cancel_retry_and_dead_letters(console: Console, user: User, api: httpx.Client):
    waits = create_workflow(
        api,
        user,
        {
            "name": "waits",
            "definition": definition({"id": "pause", "type": "core.wait", "parameters": {"seconds": 60}}),
        },
    )
    started = console.json("workflows", "run", waits["id"])
    cancelled = console.json("executions", "cancel", started["execution_id"])
    assert cancelled["status"] == "cancelled"
    console("executions", "cancel", started["execution_id"], code=1)  # 409: already finished
    retried = console.json("executions", "retry", started["execution_id"], "--from-start")
    assert retried["retry_of"] == started["execution_id"]
    console.json("executions", "cancel", retried["id"])

    retry = {"max_attempts": 2, "backoff_seconds": 0.1}
    failing = create_workflow(
        api,
        user,
        {
            "name": "dead",
            "definition": definition(
                {"id": "boom", "type": "core.fail", "parameters": {"message": "no"}, "retry": retry}
            ),
        },
    )
    execution = wait_for_execution(api, user, console.json("workflows", "run", failing["id"])["execution_id"])
    letters = console.json("dead-letters", "list")
    assert letters == api.get("/v1/dead-letters", headers=user.headers).json()
    letter = next(d for d in letters["items"] if d["execution_id"] == execution["id"])
    replayed = console.json("dead-letters", "replay", str(letter["id"]))
    assert replayed["execution_id"] != execution["id"]
    console("dead-letters", "replay", str(letter["id"]), code=1)  # 409: replayed already


def test_credentials_with_secrets_from_stdin_never_argv(console: Console):
    types = console.json("credentials", "types")
    assert "bearer" in {t["name"] for t in types["items"]}
    created = console.json(
        "credentials",
        "create",
        "--name",
        "github",
        "--type",
        "bearer",
        "--secret-stdin",
        stdin='{"token": "s3cret-value"}',
    )
    assert created["name"] == "github" and created["secret_fields"] == ["token"]
    listed = console.json("credentials", "list")
    assert [c["id"] for c in listed["items"]] == [created["id"]]
    assert "s3cret-value" not in json.dumps(listed)
    tested = console("credentials", "test", created["id"], "-o", "json", code=1)  # nothing to try it against
    assert json.loads(tested.stdout)["ok"] is False
    console("credentials", "delete", created["id"])
    assert console.json("credentials", "list")["items"] == []


def test_members_and_the_audit_log(console: Console, api: httpx.Client, user: User):
    other = register_and_login(api)
    added = console.json("members", "add", other.email, "--role", "viewer")
    assert added["role"] == "viewer"
    members = console.json("members", "list")
    assert {m["user"]["email"] for m in members["items"]} == {user.email, other.email}
    changed = console.json("members", "set-role", added["user"]["id"], "editor")
    assert changed["role"] == "editor"
    console("members", "remove", added["user"]["id"])
    console("members", "add", "nobody-registered@example.com", code=3)

    audit = console.json("audit-log", "list", "--limit", "100")
    actions = {record["action"] for record in audit["items"]}
    assert {"auth.add_member", "auth.update_member", "auth.remove_member"} <= actions, actions


def test_errors_map_to_exit_codes(console: Console):
    console("workflows", "list", JOBSPRINT_TOKEN="", code=4)
    console("workflows", "list", JOBSPRINT_TOKEN="not-a-token", code=4)
    console("workflows", "list", "--limit", "0", code=2)
    console("workflows", "nope", code=2)
    console("workflows", "list", "-o", "xml", code=2)
    console("workflows", "show", "00000000-0000-4000-8000-000000000000", code=3)
    console("workflows", "list", JOBSPRINT_URL="http://127.0.0.1:9", code=1)  # nothing listens there


def test_services_logs_and_config_of_the_local_stack(console: Console, api: httpx.Client, user: User):
    processes = console.json("services", "status")["items"]
    assert {p["name"] for p in processes} >= {
        "gateway",
        "auth",
        "workflows",
        "executor",
        "integrations",
        "worker-0",
    }
    assert all(p["state"] == "RUNNING" and p["pid"] for p in processes)

    pid = next(p["pid"] for p in processes if p["name"] == "worker-1")
    assert console.json("services", "restart", "worker-1") == {"restarted": ["worker-1"]}
    again = {p["name"]: p for p in console.json("services", "status", "worker")["items"]}
    assert again["worker-1"]["state"] == "RUNNING" and again["worker-1"]["pid"] != pid
    # Leave the suite as found: the restarted worker serves its metrics once its imports are done.
    metrics = LocalStack.named(INSTANCE.name).metrics_targets()["worker-1"]
    deadline = time.monotonic() + 30
    while not _answers(metrics):
        assert time.monotonic() < deadline, "the restarted worker never served its metrics"
        time.sleep(0.2)
    console("services", "status", "nonesuch", code=1)

    workflow = create_workflow(api, user, SET_TOTAL)
    execution = api.post(
        f"/v1/workflows/{workflow['id']}/run?wait=true",
        json={"input": {"qty": 1, "unit_price": 1}},
        headers=user.headers,
    ).json()
    deadline = time.monotonic() + 10
    while True:  # the worker's log line is written right after the run's last commit
        lines = console("logs", "-e", execution["execution_id"], "-o", "json", "-n", "20").stdout.splitlines()
        if lines or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    entries = [json.loads(line) for line in lines]
    assert entries and all(execution["execution_id"] in json.dumps(e) for e in entries)
    assert any(e["process"].startswith("worker") and "succeeded" in e["msg"] for e in entries)
    warnings = [
        json.loads(line) for line in console("logs", "--level", "warning", "-o", "json").stdout.splitlines()
    ]
    assert all(e["level"] in ("warning", "error", "critical") for e in warnings)
    console("logs", "--grep", "(", code=2)

    shown = console.json("config", "show", "executor")["items"][0]
    settings = {s["env"]: s for s in shown["settings"]}
    assert shown["source"].startswith("running process")
    assert settings["EXECUTOR_LEASE_TTL_SECONDS"]["value"] == "3"
    assert settings["EXECUTOR_LEASE_TTL_SECONDS"]["source"] == "environment"
    assert settings["EXECUTOR_MAX_STEPS"]["source"] == "default"
    assert "********@" in settings["EXECUTOR_DATABASE_URL"]["value"]
    assert settings["JOBSPRINT_JWT_KEYS"]["value"] == "********"

    checked = console.json("config", "check")
    assert checked["valid"] is True and len(checked["items"]) == 5
    unsafe = {u["env"] for item in checked["items"] for u in item["unsafe"]}
    assert {"JOBSPRINT_ENVIRONMENT", "EXECUTOR_LEASE_TTL_SECONDS", "INTEGRATIONS_MASTER_KEYS"} <= unsafe
    strict = console("config", "check", "executor", "--production", "-o", "json", code=1)
    errors = json.loads(strict.stdout)["items"][0]["errors"]
    assert any(e["setting"] == "EXECUTOR_LEASE_TTL_SECONDS" for e in errors)
    console("config", "show", "nonesuch", code=2)


def test_status_of_the_local_stack_and_of_a_deployment_through_its_endpoints(console: Console, suite):
    report = console.json("status")
    assert report["healthy"] is True, report["problems"]
    names = {c["name"]: c for c in report["components"]}
    assert all(c["health"] == "ok" and c["version"] for c in names.values())
    assert {d["name"]: d["health"] for d in report["dependencies"]} == {
        "postgres": "ok",
        "redis": "ok",
        "rabbitmq": "ok",
    }
    run = next(q for q in report["queues"] if q["queue"] == "executor.run")
    assert run["consumers"] == 2
    assert {o["schema"] for o in report["outbox"]} == {"executor", "workflows", "integrations"}

    executor_metrics = f"http://127.0.0.1:{devctl_env()['EXECUTOR_METRICS_PORT']}/metrics"
    # The vitals are a look every EXECUTOR_VITALS_INTERVAL_SECONDS: wait for one that saw the workers.
    deadline = time.monotonic() + 30
    while probes.scrape(executor_metrics).first("jobsprint_queue_consumers", queue="executor.run") != 2:
        assert time.monotonic() < deadline, "the executor's vitals never counted the two workers"
        time.sleep(0.5)
    remote = console.json("status", "--url", suite.gateway_url, "--metrics", executor_metrics)
    assert remote["healthy"] is True, remote["problems"]
    assert {c["name"] for c in remote["components"]} >= {
        "gateway",
        "auth",
        "executor",
        "workflows",
        "integrations",
    }
    assert any(q["queue"] == "executor.run" and q["consumers"] == 2 for q in remote["queues"])


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def devctl_env() -> dict[str, str]:
    import devctl

    return dict(devctl.environment(INSTANCE))


def test_the_installed_command_exits_as_documented(suite, user: User, tmp_path: Path):
    """DESIGN.md's fixed points, through the console script `make up` installs."""
    env = {
        **os.environ,
        "JOBSPRINT_URL": suite.gateway_url,
        "JOBSPRINT_TOKEN": user.access_token,
        "JOBSPRINT_CONFIG": str(tmp_path / "c.json"),
        "JOBSPRINT_INSTANCE": INSTANCE.name,
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(JOBSPRINT), *args], env=env, capture_output=True, text=True, timeout=120)

    listed = run("workflows", "list", "-o", "json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == {"items": [], "next_cursor": None}
    status = run("status")
    assert status.returncode == 0, status.stdout + status.stderr
    assert "healthy" in status.stdout
    assert run("workflows", "show", "00000000-0000-4000-8000-000000000000").returncode == 3
    assert run("nonesuch").returncode == 2


def test_the_dashboard_and_the_alerts_use_only_metrics_the_running_suite_exports(suite):
    """`make check-deploy` checks the names against the code; this checks them against /metrics."""
    import check_deploy

    families: set[str] = {"up"}
    for url in LocalStack.named(INSTANCE.name).metrics_targets().values():
        scraped = probes.scrape(url)
        assert scraped.ok, f"{url}: {scraped.detail}"
        families |= scraped.names
    exported = (
        families
        | {f"{name}_total" for name in families}
        | {f"{name}{suffix}" for name in families for suffix in ("_bucket", "_sum", "_count")}
    )
    board = json.loads(check_deploy.DASHBOARD.read_text())
    expressions = [t["expr"] for panel in board["panels"] for t in panel.get("targets", [])]
    rules = yaml.safe_load((check_deploy.PROMETHEUS / "alerts.yml").read_text())
    expressions += [rule["expr"] for group in rules["groups"] for rule in group["rules"]]
    used = set().union(*(check_deploy.referenced_metrics(e) for e in expressions))
    assert len(used) > 15
    assert used <= exported, sorted(used - exported)
