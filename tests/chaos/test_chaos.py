"""Faults under load (issue 18): each scenario runs steady load, injects one fault into the
suite's own servers or processes, and then checks every execution the load started."""

from __future__ import annotations

import time

import pytest

from .conftest import Form
from .harness import Account, Recorder, Suite, assert_no_loss_or_duplicate, check, record, steady_load
from .infra import Infra

pytestmark = pytest.mark.chaos


def test_rabbitmq_restarted_under_load(suite: Suite, infra: Infra, account: Account, recorder: Recorder, form: Form):
    """Stop the broker, keep it down, start it again (twice in the long form): runs queue in the
    outbox and drain once it is back, with no manual step."""
    healed = 0.0
    with steady_load(suite.url, account, rate=form.rate) as load:
        for _ in range(form.rabbit_restarts):
            time.sleep(form.before)
            infra.rabbitmq.stop()
            time.sleep(form.outage)
            infra.rabbitmq.start()
            healed = time.time()
        time.sleep(form.after)
    outcome = check("RabbitMQ restarted", load, recorder, healed_at=healed)
    record(outcome, form=form.name, extra={"fault": f"{form.rabbit_restarts}× stop, {form.outage:.0f} s down, start"})
    assert_no_loss_or_duplicate(outcome)
    assert outcome.drain_seconds is not None and outcome.drain_seconds <= 60, outcome.drain_seconds
    assert not outcome.other_5xx, outcome.other_5xx
