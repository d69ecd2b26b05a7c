"""Retrying (`jobsprint.common.retrying`): backoff with full jitter, and one log line per change of
state with its reason, however many attempts fail."""

from __future__ import annotations

import logging

import pika.exceptions
import pytest
import tenacity
from jobsprint.common import retrying
from pika.adapters.utils import connection_workflow

LOG = logging.getLogger("tests.retrying")


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOG.name and r.levelno >= logging.WARNING]


def test_an_outage_is_logged_when_it_starts_when_its_reason_changes_and_when_it_ends(caplog) -> None:
    caplog.set_level(logging.DEBUG, logger=LOG.name)
    outage = retrying.Outage("RabbitMQ", log=LOG)
    refused = pika.exceptions.AMQPConnectionError(ConnectionRefusedError(111, "Connection refused"))
    for _ in range(190):
        outage.failed(refused)
    outage.failed(OSError("Network is unreachable"))
    outage.failed(OSError("Network is unreachable"))
    assert outage.away and outage.failures == 192
    outage.recovered()
    outage.recovered()
    assert not outage.away and outage.failures == 0
    logged = warnings(caplog)
    assert len(logged) == 3, logged
    assert logged[0] == (
        "RabbitMQ is unavailable: AMQPConnectionError: [Errno 111] Connection refused; retrying with backoff"
    )
    assert logged[1] == "RabbitMQ is still unavailable, now: OSError: Network is unreachable"
    assert logged[2].startswith("RabbitMQ is available again after ") and logged[2].endswith(
        "(192 failed attempts)"
    )


def test_a_reason_is_never_empty() -> None:
    # pika's connection errors have an empty message; the reason is what they wrap.
    assert str(pika.exceptions.AMQPConnectionError()) == ""
    assert retrying.describe(pika.exceptions.AMQPConnectionError()) == "AMQPConnectionError"
    # What a refused connection raises: its own str() is empty, so the reason is its argument.
    refused = pika.exceptions.AMQPConnectionError(
        connection_workflow.AMQPConnectorSocketConnectError(ConnectionRefusedError(111, "Connection refused"))
    )
    assert str(refused) == ""
    assert retrying.describe(refused) == (
        "AMQPConnectionError: AMQPConnectorSocketConnectError: ConnectionRefusedError(111, 'Connection refused')"
    )
    try:
        try:
            raise TimeoutError("the server did not answer")
        except TimeoutError as cause:
            raise RuntimeError() from cause
    except RuntimeError as exc:
        assert retrying.describe(exc) == "RuntimeError <- TimeoutError: the server did not answer"


def test_waits_grow_exponentially_with_full_jitter_up_to_the_cap() -> None:
    outage = retrying.Outage("x", log=LOG, wait=retrying.backoff(base=0.5, cap=8.0))
    ceilings = []
    for attempt in range(1, 9):
        outage.failed(OSError("down"))
        waits = [outage.next_wait() for _ in range(200)]
        assert all(0 <= w <= min(8.0, 0.5 * 2 ** (attempt - 1)) for w in waits), attempt
        ceilings.append(max(waits))
        assert len({round(w, 6) for w in waits}) > 100, "jittered, not fixed"
    assert ceilings[0] < 0.5 < ceilings[3] and ceilings[-1] > 4.0


def test_retry_until_backs_off_between_attempts_and_logs_the_outage_once(caplog) -> None:
    slept: list[float] = []
    attempts = iter([OSError("refused")] * 5 + [None])

    def connect() -> str:
        failure = next(attempts)
        if failure is not None:
            raise failure
        return "connected"

    outage = retrying.Outage("the broker", log=LOG, wait=tenacity.wait_exponential(multiplier=1, max=4))
    assert (
        retrying.retry_until(
            connect, outage=outage, errors=(OSError,), should_stop=lambda: False, sleep=slept.append
        )
        == "connected"
    )
    assert slept == [1, 2, 4, 4, 4]
    logged = warnings(caplog)
    assert len(logged) == 2, logged
    assert logged[0] == "the broker is unavailable: OSError: refused; retrying with backoff"
    assert logged[1].endswith("(5 failed attempts)")


def test_retry_until_gives_up_with_the_last_error_only_when_told_to_stop() -> None:
    stop = {"now": False}

    def refuse() -> None:
        stop["now"] = True
        raise OSError("refused")

    with pytest.raises(OSError, match="refused"):
        retrying.retry_until(
            refuse,
            outage=retrying.Outage("x", log=LOG),
            errors=(OSError,),
            should_stop=lambda: stop["now"],
            sleep=lambda _s: None,
        )
    with pytest.raises(ValueError):  # not one of `errors`: not retried
        retrying.retry_until(
            lambda: int("x"),
            outage=retrying.Outage("x", log=LOG),
            errors=(OSError,),
            should_stop=lambda: False,
        )


def test_pika_logs_no_line_per_failed_connection_attempt_in_a_service() -> None:
    from jobsprint.common import observability

    saved = {name: logging.getLogger(name).level for name in observability.QUIET_LOGGERS}
    try:
        observability.quiet_libraries()
        # Where pika logs each failed attempt (four lines at ERROR): the caller says it once.
        for name in ("pika.adapters.utils.connection_workflow", "pika.adapters.blocking_connection"):
            assert not logging.getLogger(name).isEnabledFor(logging.ERROR)
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)
