"""The whole suite as local processes (the `test` instance), driven over HTTP only."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import devctl
import httpx
import pytest
from jobsprint.common import db
from jobsprint.executor.adapters import vitals
from sqlalchemy.orm import Session

INSTANCE = devctl.INSTANCES["test"]
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def suite() -> Iterator[devctl.Instance]:
    # JOBSPRINT_E2E_KEEP=1: reuse a running test instance and leave it running (quick reruns of one
    # test while developing; `make down instance=test` stops it).
    keep = os.environ.get("JOBSPRINT_E2E_KEEP") == "1"
    if not (keep and devctl.gateway_ready(INSTANCE)):
        devctl.up(INSTANCE)
    yield INSTANCE
    if not keep:
        devctl.down(INSTANCE)


def unheld_live_executions(instance: devctl.Instance, *, settle_seconds: float = 60.0) -> list[Any]:
    """The doctor's check (issue 13): executions that say `queued` or `running` while no worker
    holds their lease and no run message for them waits in the outbox, once the suite has had
    `settle_seconds` to drain its queue. Empty when nothing is stuck. The query is the one
    `jobsprint doctor` and the executor's vitals use (`vitals.stuck_executions`), read straight
    from the instance's database."""
    engine = db.make_engine(devctl.environment(instance)["EXECUTOR_DATABASE_URL"], pool_size=1)
    try:
        deadline = time.monotonic() + settle_seconds
        while True:
            with Session(bind=engine) as session:
                found = vitals.stuck_executions(session, after_seconds=0)
            if not found or time.monotonic() > deadline:
                return found
            time.sleep(1.0)
    finally:
        engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def no_execution_left_running(suite: devctl.Instance) -> Iterator[None]:
    """After the whole e2e session: no execution is left live with nothing advancing it."""
    yield
    stuck = unheld_live_executions(suite)
    assert not stuck, f"executions left queued/running with no worker and no run message: {stuck}"


@pytest.fixture(scope="session")
def api(suite: devctl.Instance) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=suite.gateway_url, timeout=30) as client:
        yield client


@dataclass
class User:
    email: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def register_and_login(api: httpx.Client) -> User:
    email = f"e2e-{uuid.uuid4().hex[:12]}@example.com"
    registered = api.post("/v1/auth/register", json={"email": email, "password": PASSWORD})
    assert registered.status_code == 201, registered.text
    return login(api, email)


def login(api: httpx.Client, email: str, workspace_id: str | None = None) -> User:
    body: dict[str, Any] = {"email": email, "password": PASSWORD}
    if workspace_id:
        body["workspace_id"] = workspace_id
    response = api.post("/v1/auth/login", json=body)
    assert response.status_code == 200, response.text
    tokens = response.json()
    return User(email, tokens["access_token"], tokens["refresh_token"])


@pytest.fixture
def user(api: httpx.Client) -> User:
    return register_and_login(api)


PRICE_WORKFLOW: dict[str, Any] = {
    "name": "order total",
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


def create_workflow(api: httpx.Client, user: User, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = api.post("/v1/workflows", json=body or PRICE_WORKFLOW, headers=user.headers)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def wait_for_execution(
    api: httpx.Client, user: User, execution_id: str, *, timeout: float = 20.0
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        response = api.get(f"/v1/executions/{execution_id}", headers=user.headers)
        assert response.status_code == 200, response.text
        execution = response.json()
        if execution["status"] in ("succeeded", "failed", "cancelled"):
            return execution  # type: ignore[no-any-return]
        assert time.monotonic() < deadline, f"execution still {execution['status']} after {timeout}s"
        time.sleep(0.05)
