"""The chaos suite's fixtures: its own Postgres, RabbitMQ and Redis, the `chaos` instance on them,
an account with the workload's workflows, and the recording HTTP target.

JOBSPRINT_CHAOS_FORM=long (`make chaos`) runs the issue's sizes; the default, short, runs inside
`make test` with fewer runs and shorter outages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from .harness import RESULTS, Account, Recorder, Suite, prepare_account
from .infra import Infra
from .report import write_reliability_doc


@dataclass(frozen=True)
class Form:
    name: str
    rate: float  # runs a second
    outage: float  # seconds a server stays down
    before: float  # load before the fault
    after: float  # load after it heals
    rabbit_restarts: int
    partition: float
    netem: float  # seconds of delay and loss
    freeze: float  # seconds a worker stays frozen
    rabbit_runs: int  # runs the RabbitMQ scenario starts, about
    between_kills: float


FORMS = {
    "short": Form(
        "short",
        rate=3.0,
        outage=6.0,
        before=4.0,
        after=6.0,
        rabbit_restarts=1,
        partition=8.0,
        netem=8.0,
        freeze=20.0,
        between_kills=3.0,
        rabbit_runs=0,
    ),
    "long": Form(
        "long",
        rate=6.0,
        outage=20.0,
        before=20.0,
        after=30.0,
        rabbit_restarts=2,
        partition=30.0,
        netem=30.0,
        freeze=40.0,
        between_kills=10.0,
        rabbit_runs=3000,
    ),
}


@pytest.fixture(scope="session")
def form() -> Form:
    return FORMS[os.environ.get("JOBSPRINT_CHAOS_FORM", "short")]


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    own = Infra.create()
    try:
        own.start(vhost=Suite.vhost())
        yield own
    finally:
        own.stop()
        if os.environ.get("JOBSPRINT_CHAOS_KEEP_DIR") != "1":
            own.remove()


@pytest.fixture(scope="session")
def suite(infra: Infra) -> Iterator[Suite]:
    running = Suite(infra)
    try:
        running.up()
        yield running
    finally:
        running.down()


@pytest.fixture(scope="session")
def recorder() -> Iterator[Recorder]:
    target = Recorder()
    yield target
    target.close()


@pytest.fixture
def account(suite: Suite, recorder: Recorder) -> Account:
    """A new user and workflows per scenario: its own executions, and a fresh access token."""
    return prepare_account(suite.url, recorder.url())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A scenario that fails on a known defect (marked `known_defect`) is xfail in the short form
    only, so `make test` stays green while the fix is under way; `make chaos` reports it failed."""
    if os.environ.get("JOBSPRINT_CHAOS_FORM", "short") != "short":
        return
    for item in items:
        for mark in item.iter_markers("known_defect"):
            item.add_marker(pytest.mark.xfail(reason=f"known defect: {mark.args[0]}", strict=False))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and item.name in RESULTS:
        verdict = "passed" if report.passed else ("xfail" if hasattr(report, "wasxfail") else "FAILED")
        message = ""
        if report.failed or hasattr(report, "wasxfail"):
            message = str(call.excinfo.value).splitlines()[0][:300] if call.excinfo else ""
        RESULTS[item.name]["verdict"] = verdict
        RESULTS[item.name]["message"] = message
        RESULTS[item.name]["doc"] = (item.function.__doc__ or "").strip()  # type: ignore[attr-defined]


def pytest_sessionfinish(session: pytest.Session) -> None:
    if os.environ.get("JOBSPRINT_CHAOS_WRITE_DOC") == "1" and RESULTS:
        write_reliability_doc(FORMS[os.environ.get("JOBSPRINT_CHAOS_FORM", "short")])
