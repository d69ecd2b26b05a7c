"""What starts a workflow: its trigger node read as settings, and cron arithmetic.

Cron expressions are the standard five fields, evaluated in the trigger's time zone (IANA name,
UTC by default), so `0 9 * * 1-5` means nine o'clock local time across daylight-saving changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter
from jobsprint.common.definitions import Definition
from jobsprint.common.errors import FieldViolation

MANUAL, WEBHOOK, CRON = "trigger.manual", "trigger.webhook", "trigger.cron"
SKIP, RUN_ONCE = "skip", "run_once"
WAIT, ASYNC = "wait", "async"
# Counting missed ticks stops here: a schedule down for a year does not cost a year of iteration.
MAX_COUNTED_MISSES = 1000


@dataclass(frozen=True)
class Trigger:
    type: str
    node_id: str
    parameters: dict[str, Any]

    @property
    def webhook_method(self) -> str | None:
        """The one method the hook accepts; None accepts any."""
        method = self.parameters.get("method")
        return str(method).upper() if method else None

    @property
    def response_mode(self) -> str:
        return str(self.parameters.get("response_mode", ASYNC))

    @property
    def wait_timeout_seconds(self) -> float:
        """0 leaves the wait to the gateway's default."""
        return float(self.parameters.get("wait_timeout_seconds") or 0)

    @property
    def cron_expression(self) -> str:
        return str(self.parameters.get("expression", ""))

    @property
    def timezone(self) -> str:
        return str(self.parameters.get("timezone") or "UTC")

    @property
    def missed_ticks(self) -> str:
        return str(self.parameters.get("missed_ticks", SKIP))


def trigger_of(definition: Definition) -> Trigger:
    node = definition.trigger
    return Trigger(type=node.type, node_id=node.id, parameters=dict(node.parameters))


def check_schedule(expression: str, timezone: str, *, path: str) -> list[FieldViolation]:
    problems = []
    if len(expression.split()) != 5 or not croniter.is_valid(expression):
        problems.append(
            FieldViolation(
                f"{path}.expression",
                f"{expression!r} is not a five-field cron expression (minute hour day month weekday)",
            )
        )
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(FieldViolation(f"{path}.timezone", f"{timezone!r} is not an IANA time zone"))
    return problems


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def next_fire_times(expression: str, timezone: str, *, after: datetime, count: int = 1) -> list[datetime]:
    """The next `count` ticks strictly after `after`, in UTC."""
    ticks = croniter(expression, after.astimezone(ZoneInfo(timezone)))
    return [_utc(ticks.get_next(datetime)) for _ in range(count)]


def latest_tick(expression: str, timezone: str, *, at_or_before: datetime) -> datetime:
    # croniter's get_prev is strictly before its base: start just after to include `at_or_before`.
    base = (at_or_before + timedelta(microseconds=1)).astimezone(ZoneInfo(timezone))
    return _utc(croniter(expression, base).get_prev(datetime))


def tick_key(workflow_id: str, tick: datetime) -> str:
    """The idempotency key of one cron tick's execution: `cron:{workflow_id}:{tick in UTC}`.
    However often the tick is claimed, the executor starts one execution for it."""
    return f"cron:{workflow_id}:{_utc(tick).isoformat()}"


@dataclass(frozen=True)
class FirePlan:
    """What a scheduler does with a due schedule: fire one tick (or none) and move on."""

    fire_at: datetime | None
    missed: int
    next_fire_at: datetime


def plan(
    *, expression: str, timezone: str, policy: str, due_since: datetime, now: datetime, grace: timedelta
) -> FirePlan:
    """Ticks from `due_since` up to `now` are due. The latest fires when it is on time (within
    `grace`); older ones were missed while nothing ran. `skip` drops missed ticks, `run_once`
    makes one run for them. Either way at most one execution starts."""
    latest = latest_tick(expression, timezone, at_or_before=now)
    following = next_fire_times(expression, timezone, after=now)[0]
    if latest < due_since:
        return FirePlan(None, 0, following)
    due = 0
    ticks = croniter(expression, (due_since - timedelta(microseconds=1)).astimezone(ZoneInfo(timezone)))
    while due < MAX_COUNTED_MISSES and _utc(ticks.get_next(datetime)) <= latest:
        due += 1
    on_time = now - latest <= grace
    if on_time:
        return FirePlan(latest, due - 1, following)
    if policy == RUN_ONCE:
        return FirePlan(latest, due, following)
    return FirePlan(None, due, following)
