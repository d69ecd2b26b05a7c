"""`jobsprint doctor` against real faults seeded into the e2e suite's own Postgres, processes and
key ring: each is found, with the command that fixes it, and `--fix` mends the safe ones."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import devctl
import httpx
import pytest
from sqlalchemy import Engine, create_engine, text

from .conftest import INSTANCE, User, create_workflow, wait_for_execution
from .test_console_cli import SET_TOTAL, Console

pytestmark = pytest.mark.e2e

# Every check but `dead_letters`: other tests of the session leave dead letters on purpose.
CLEAN_CHECKS = [
    "processes", "workers", "dependencies", "stuck_executions", "dead_lettered_live",
    "outbox", "migrations", "signing_keys", "master_key", "rate_limit_fallbacks", "clock_skew",
]  # fmt: skip


@pytest.fixture
def console(suite, user: User, tmp_path) -> Console:
    return Console(
        {
            "JOBSPRINT_URL": suite.gateway_url,
            "JOBSPRINT_TOKEN": user.access_token,
            "JOBSPRINT_CONFIG": str(tmp_path / "config.json"),
            "JOBSPRINT_INSTANCE": INSTANCE.name,
            "COLUMNS": "160",
        }
    )


@pytest.fixture(scope="module")
def executor_db(suite) -> Iterator[Engine]:
    """The executor's schema, as the executor's own role: where the faults are seeded."""
    engine = create_engine(devctl.environment(INSTANCE)["EXECUTOR_DATABASE_URL"])
    yield engine
    engine.dispose()


def doctor(console: Console, *checks: str, code: int) -> list[dict[str, Any]]:
    args = [arg for check in checks for arg in ("--check", check)]
    return json.loads(console("doctor", *args, "-o", "json", code=code).stdout)["findings"]  # type: ignore[no-any-return]


def finished_run(api: httpx.Client, user: User) -> dict[str, Any]:
    workflow = create_workflow(api, user, SET_TOTAL)
    started = api.post(
        f"/v1/workflows/{workflow['id']}/run",
        json={"input": {"qty": 2, "unit_price": 3}},
        headers=user.headers,
    )
    return wait_for_execution(api, user, started.json()["execution_id"])


def make_unfinished(engine: Engine, execution_id: str, state: str) -> None:
    """Turn a finished execution back into one whose worker vanished before its first checkpoint."""
    with engine.begin() as connection:
        connection.execute(
            text("DELETE FROM executor.steps WHERE execution_id = CAST(:id AS uuid)"), {"id": execution_id}
        )
        connection.execute(
            text(
                f"UPDATE executor.executions SET finished_at = NULL, output = NULL, {state} WHERE id = CAST(:id AS uuid)"
            ),
            {"id": execution_id},
        )


def test_a_healthy_suite_has_nothing_for_the_doctor(console: Console):
    assert doctor(console, *CLEAN_CHECKS, code=0) == []
    assert "nothing found" in console("doctor", *[a for c in CLEAN_CHECKS for a in ("--check", c)]).stdout


def test_stuck_executions_are_found_and_fix_resumes_them(
    console: Console, api: httpx.Client, user: User, executor_db: Engine
):
    lapsed, lost = finished_run(api, user), finished_run(api, user)
    # A worker that let go of its lease mid-run an hour ago (its message gone), and a start whose
    # message was lost. (A lease that merely lapsed is handed on by the executor API itself within
    # seconds, `vitals.LapsedLeases`: test_worker_frozen.py; doctor would race it for that one.)
    make_unfinished(
        executor_db,
        lapsed["id"],
        "status = 'running', leased_until = NULL, started_at = now() - interval '1 hour'",
    )
    make_unfinished(
        executor_db,
        lost["id"],
        "status = 'queued', started_at = NULL, created_at = now() - interval '1 hour'",
    )

    findings = doctor(console, "stuck_executions", code=1)

    assert [f["check"] for f in findings] == ["stuck_executions"]
    stuck = {item["execution_id"]: item["reason"] for item in findings[0]["items"]}
    assert stuck == {lapsed["id"]: "lease_lapsed", lost["id"]: "not_queued"}
    assert findings[0]["severity"] == "critical" and findings[0]["safe_fix"] is True
    assert "jobsprint doctor --fix" in findings[0]["fix"]

    fixed = console("doctor", "--check", "stuck_executions", "--fix", "--yes")
    assert "queued a run message again for 2 execution(s)" in fixed.stdout
    for execution in (lapsed, lost):
        resumed = wait_for_execution(api, user, execution["id"])
        assert resumed["status"] == "succeeded" and resumed["output"]["total"] == 6
    assert doctor(console, "stuck_executions", code=0) == []


def test_a_dead_lettered_execution_that_looks_live_is_named_with_its_command(
    console: Console, api: httpx.Client, user: User, executor_db: Engine
):
    execution = finished_run(api, user)
    make_unfinished(
        executor_db, execution["id"], "status = 'running', leased_until = now() + interval '10 minutes'"
    )
    with executor_db.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO executor.dead_letters (execution_id, workspace_id, reason, error)"
                " SELECT id, workspace_id, 'unhandled_error', 'seeded' FROM executor.executions WHERE id = CAST(:id AS uuid)"
            ),
            {"id": execution["id"]},
        )

    findings = doctor(console, "dead_lettered_live", code=1)
    assert findings[0]["items"][0]["execution_id"] == execution["id"]
    assert findings[0]["safe_fix"] is False and "jobsprint executions cancel" in findings[0]["fix"]

    console("executions", "cancel", execution["id"])  # what the finding says to do
    assert doctor(console, "dead_lettered_live", code=0) == []


def test_an_unrelayed_outbox_and_a_stopped_service_are_found_and_fix_restarts_the_relay(
    console: Console, suite, executor_db: Engine, api: httpx.Client, user: User
):
    console("services", "stop", "executor")
    try:
        with executor_db.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO executor.outbox (message_id, exchange, routing_key, body, created_at)"
                    " VALUES (gen_random_uuid()::text, 'jobsprint.events', 'console.doctor.test', '\\x7b7d', now() - interval '5 minutes')"
                )
            )

        findings = {f["check"]: f for f in doctor(console, "outbox", "processes", code=1)}

        assert (
            findings["outbox"]["items"][0]["schema"] == "executor"
            and findings["outbox"]["items"][0]["rows"] >= 1
        )
        assert findings["outbox"]["fix"] == "jobsprint services restart executor"
        assert findings["processes"]["fix"] == "jobsprint services start executor"
        fixed = console("doctor", "--check", "outbox", "--check", "processes", "--fix", "--yes")
        assert "nothing found" in fixed.stdout.split("after fixing:")[-1]
    finally:
        console("services", "start", "executor")
        wait_until_runs_start(api, user)
    with executor_db.connect() as connection:
        assert (
            connection.execute(
                text("SELECT count(*) FROM executor.outbox WHERE routing_key = 'console.doctor.test'")
            ).scalar()
            == 0
        )


def wait_until_runs_start(api: httpx.Client, user: User) -> None:
    """Leave the suite as found: the gateway's and the workflows service's channels to the
    restarted executor reconnect within their 5 s backoff, answering 503 until then."""
    workflow = create_workflow(api, user, SET_TOTAL)
    deadline = time.monotonic() + 30
    while (
        api.post(f"/v1/workflows/{workflow['id']}/run", json={"input": {}}, headers=user.headers).status_code
        != 202
    ):
        assert time.monotonic() < deadline, "runs did not start again after the executor came back"
        time.sleep(0.2)


def test_a_signing_key_overdue_for_rotation_is_found_with_the_rotation_commands(console: Console):
    ring = devctl.jwt_key_file(INSTANCE)
    original = ring.read_text()
    document = json.loads(original)
    stale = (datetime.now(UTC) - timedelta(days=200)).isoformat()
    document["created"] = {document["current"]: stale}
    temporary = ring.with_name(".jwt-keys.test")
    temporary.write_text(json.dumps(document))
    temporary.replace(ring)  # services re-read it: the same keys, a date they ignore
    try:
        findings = doctor(console, "signing_keys", code=1)
        assert len(findings) == 1
        assert findings[0]["severity"] == "warning"
        assert f"signing key {document['current']!r} is 200 days old" in findings[0]["title"]
        assert "jobsprint.common.keyring" in findings[0]["fix"] and " promote " in findings[0]["fix"]
        assert findings[0]["safe_fix"] is False  # a rotation needs a person: --fix leaves it
        assert (
            "overdue for rotation"
            in console("doctor", "--check", "signing_keys", "--fix", "--yes", code=1).stdout
        )
        assert (
            json.loads(
                console("doctor", "--check", "signing_keys", "--key-max-age-days", "365", "-o", "json").stdout
            )["findings"]
            == []
        )
    finally:
        temporary.write_text(original)
        temporary.replace(ring)
