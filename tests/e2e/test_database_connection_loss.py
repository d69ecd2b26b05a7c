"""Every service survives Postgres dropping its connections (what a restart or failover does to
them): the next requests are answered, not failed with 500, and runs go on. The connections
of the suite's database are terminated from outside, as a restart would."""

from __future__ import annotations

import devctl
import httpx
import psycopg

from .conftest import PASSWORD, User, create_workflow, wait_for_execution


def _drop_connections(suite: devctl.Instance) -> int:
    with psycopg.connect(devctl.PG_ADMIN_URL, autocommit=True) as admin:
        row = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (suite.database,),
        ).fetchone()
    return int(row[0]) if row else 0


def test_after_postgres_drops_every_connection_requests_and_runs_go_on(
    api: httpx.Client, user: User, suite: devctl.Instance
):
    workflow = create_workflow(api, user)
    run = {"input": {"qty": 2, "unit_price": 3}}
    first = api.post(f"/v1/workflows/{workflow['id']}/run", json=run, headers=user.headers)
    assert first.status_code == 202, first.text
    wait_for_execution(api, user, first.json()["execution_id"])  # every pool has warm connections

    assert _drop_connections(suite) >= 4  # a pool or more per service, the relays' listeners

    # Each service's first statement on a dead connection fails once; the gRPC channels retry it.
    again = api.post(f"/v1/workflows/{workflow['id']}/run", json=run, headers=user.headers)
    assert again.status_code == 202, again.text
    execution = wait_for_execution(api, user, again.json()["execution_id"], timeout=30)
    assert execution["status"] == "succeeded" and execution["output"]["total"] == 6
    listed = api.get("/v1/workflows", headers=user.headers)
    assert listed.status_code == 200, listed.text
    login = api.post("/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    assert login.status_code == 200, login.text
