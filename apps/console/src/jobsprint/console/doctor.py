"""`jobsprint doctor`: what needs a person, each finding with its severity, what it means and the
exact command that fixes it; `--fix` applies the safe ones.

A local stack is examined from the inside (supervisord, its `/metrics`, and its Postgres read
as each service's own role, read-only); a deployed one (`--url`) through the gateway's health
and metrics and the `/metrics` endpoints given with `--metrics` (ADR-075). The safe fixes are
the ones that cannot lose or repeat work: starting a stopped process, restarting the process
whose outbox relay stalled, applying migrations, and queueing a stuck execution's run message
again (duplicate deliveries are harmless, ADR-021).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from jobsprint.console import facts, probes
from jobsprint.console.stack import LocalStack, StackError, repository_root

CRITICAL, WARNING, INFO = "critical", "warning", "info"
SEVERITY_ORDER = {CRITICAL: 0, WARNING: 1, INFO: 2}
OUTBOX_STALE_SECONDS = 60.0
KEY_MAX_AGE_DAYS = 90
KEY_WARN_DAYS = 14
CLOCK_SKEW_SECONDS = 2.0
RELAY_OF = {"executor": "executor", "workflows": "workflows", "integrations": "integrations"}
RUNBOOK = "docs/operations.md"
CHECKS = (
    "processes",
    "workers",
    "dependencies",
    "stuck_executions",
    "lapsed_leases",
    "dead_lettered_live",
    "dead_letters",
    "malformed_messages",
    "outbox",
    "migrations",
    "signing_keys",
    "master_key",
    "rate_limit_fallbacks",
    "clock_skew",
)


@dataclass
class Finding:
    check: str
    severity: str
    title: str
    explanation: str
    fix: str  # the command that fixes it, as a person would type it
    runbook: str = ""
    items: list[dict[str, Any]] = field(default_factory=list)
    apply: Callable[[], str] | None = None  # the safe fix `--fix` applies; None: needs a person

    @property
    def safe(self) -> bool:
        return self.apply is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "severity": self.severity,
            "title": self.title,
            "explanation": self.explanation,
            "fix": self.fix,
            "safe_fix": self.safe,
            "runbook": f"{RUNBOOK}#{self.runbook}" if self.runbook else RUNBOOK,
            "items": self.items,
        }


@dataclass
class Options:
    stuck_after_seconds: float = 120.0
    key_max_age_days: int = KEY_MAX_AGE_DAYS
    now: Callable[[], datetime] = lambda: datetime.now(UTC)


def sort(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.check))


# -- the local stack --------------------------------------------------------------------------


def examine_local(stack: LocalStack, options: Options | None = None) -> list[Finding]:
    options = options or Options()
    findings: list[Finding] = []
    supervisor = stack.supervisor()
    try:
        processes = supervisor.processes()
    except StackError as exc:
        return [
            Finding(
                "processes",
                CRITICAL,
                f"the local stack {stack.name!r} is not running",
                str(exc),
                f"make up instance={stack.name}",
                "jobsprintservicedown",
            )
        ]
    env = stack.environment()
    findings += _processes(supervisor, processes, stack)
    queues = probes.rabbitmq_queues(env["JOBSPRINT_AMQP_URL"])
    findings += _dependencies(env, queues)
    run_state = queues.value.get("executor.run") if queues.ok else None
    workers_running = [p for p in processes if p.group == "worker" and p.state == "RUNNING"]
    if (run_state is not None and run_state.consumers == 0) or not workers_running:
        findings.append(
            Finding(
                "workers",
                CRITICAL,
                "no worker takes runs",
                f"executor.run has {run_state.consumers if run_state else '?'} consumers and "
                f"{len(workers_running)} worker processes run: every execution stays queued.",
                "jobsprint services start worker",
                "jobsprintnoworkers",
                apply=lambda: f"started {', '.join(supervisor.start('worker')) or 'nothing'}",
            )
        )
    try:
        findings += _executions(env, options, run_ready=run_state.messages if run_state else None)
        findings += _outboxes(env, supervisor)
        findings += _migrations(env, stack)
        findings += _master_key(env, options)
        findings += _clock(env, stack, options)
    except Exception as exc:  # a database that does not answer is itself the finding
        if not any(f.check == "dependencies" for f in findings):
            findings.append(
                Finding("dependencies", CRITICAL, "Postgres could not be read", str(exc), "jobsprint status")
            )
    findings += _signing_keys(env, options)
    findings += _rate_limit_fallbacks(probes.scrape(f"{stack.gateway_url}/metrics"))
    findings += lapsed_leases(probes.scrape(stack.metrics_targets()["executor"]))
    return sort(findings)


def _processes(supervisor: Any, processes: list[Any], stack: LocalStack) -> list[Finding]:
    down = [p for p in processes if p.state not in ("RUNNING", "STARTING")]
    if not down:
        return []
    names = [p.name for p in down]
    return [
        Finding(
            "processes",
            CRITICAL,
            f"{', '.join(names)} not running",
            "; ".join(f"{p.name} is {p.state} ({p.description})" for p in down)
            + f". Its log: jobsprint logs {names[0]} --level warning",
            " && ".join(f"jobsprint services start {name}" for name in names),
            "jobsprintservicedown",
            items=[p.as_dict() for p in down],
            apply=lambda: "started " + ", ".join(n for name in names for n in supervisor.start(name)),
        )
    ]


def _dependencies(env: dict[str, str], queues: probes.Probe) -> list[Finding]:
    found = []
    checks = {
        "Postgres": probes.postgres(probes.libpq(env["EXECUTOR_DATABASE_URL"])),
        "Redis": probes.redis_ping(env["JOBSPRINT_REDIS_URL"]),
        "RabbitMQ": queues,
    }
    for name, probe in checks.items():
        if not probe.ok:
            found.append(
                Finding(
                    "dependencies",
                    CRITICAL,
                    f"{name} does not answer",
                    f"{probe.detail}. Nothing that needs it works until it does.",
                    "python tools/devctl.py check-infra   # says how to start it",
                    "jobsprintdependencydown",
                )
            )
    return found


def _executions(env: dict[str, str], options: Options, *, run_ready: int | None) -> list[Finding]:
    from jobsprint.executor.adapters import vitals

    url = env["EXECUTOR_DATABASE_URL"]
    with facts.reading(url) as connection:
        stuck = vitals.stuck_executions(
            connection, after_seconds=options.stuck_after_seconds, run_queue_ready=run_ready
        )
        letters, recent = facts.dead_letters_recent(connection)
        malformed = facts.malformed_letters(connection)
    found: list[Finding] = []
    movable = [s for s in stuck if s.reason != "dead_lettered"]
    if movable:

        def requeue() -> str:
            with facts.writing(url) as connection:
                from sqlalchemy.orm import Session

                with Session(bind=connection) as session:
                    queued = vitals.requeue(session, movable)
                    session.flush()
            return f"queued a run message again for {len(queued)} execution(s)"

        found.append(
            Finding(
                "stuck_executions",
                CRITICAL,
                f"{len(movable)} execution(s) stuck with nothing to move them",
                "; ".join(sorted({vitals.EXPLANATIONS[s.reason] for s in movable}))
                + ". Queueing their run message again resumes them after their last checkpoint. The "
                "executor API does that itself for queued and waiting ones a lease lifetime on (ADR-101): "
                "still here, it is not running, or no worker takes them.",
                "jobsprint doctor --fix   (deployed: python -m jobsprint.executor requeue-stuck)",
                "jobsprintexecutionsstuck",
                items=[_stuck_item(s) for s in movable],
                apply=requeue,
            )
        )
    dead = [s for s in stuck if s.reason == "dead_lettered"]
    if dead:
        found.append(
            Finding(
                "dead_lettered_live",
                WARNING,
                f"{len(dead)} dead-lettered execution(s) still show a live status",
                "A worker gave up on them, but their status says queued, running or waiting, so the API "
                "shows them as live. Replay the dead letter to run it again, or cancel it.",
                f"jobsprint dead-letters list   then   jobsprint executions cancel {dead[0].id}",
                "jobsprintexecutionsstuck",
                items=[_stuck_item(s) for s in dead],
            )
        )
    if letters:
        growing = recent > 0
        found.append(
            Finding(
                "dead_letters",
                WARNING if growing else INFO,
                f"{letters} dead letter(s) not replayed"
                + (f", {recent} in the last hour" if growing else ""),
                "Executions that failed after their last retry, or that no worker could handle. Read the "
                "error, fix its cause, then replay.",
                "jobsprint dead-letters list   then   jobsprint dead-letters replay ID",
                "jobsprintdeadlettersgrowing",
                items=[{"not_replayed": letters, "last_hour": recent}],
            )
        )
    if malformed:
        found.append(_malformed_finding(malformed))
    return found


def _malformed_finding(count: float) -> Finding:
    return Finding(
        "malformed_messages",
        WARNING,
        f"{count:.0f} run message(s) no worker could decode, not yet discarded",
        "Something published to the run queue what no worker can read; each went to executor.run.dlq"
        " once. Their letters belong to no workspace: an instance operator (AUTH_OPERATOR_EMAILS) reads"
        " their message id, routing key and preview to find the sender, then discards them.",
        "jobsprint dead-letters list --scope instance   then   jobsprint dead-letters discard ID",
        "jobsprintdeadlettersgrowing",
        items=[{"not_discarded": int(count)}],
    )


def _stuck_item(stuck: Any) -> dict[str, Any]:
    return {
        "execution_id": stuck.id,
        "workspace_id": stuck.workspace_id,
        "workflow_id": stuck.workflow_id,
        "status": stuck.status,
        "reason": stuck.reason,
        "since": stuck.since.isoformat() if stuck.since else None,
    }


def _outboxes(env: dict[str, str], supervisor: Any) -> list[Finding]:
    found = []
    for schema in facts.OUTBOX_SCHEMAS:
        with facts.reading(env[f"{schema.upper()}_DATABASE_URL"]) as connection:
            state = facts.outbox(connection, schema)
        if state.rows and state.oldest_age_seconds > OUTBOX_STALE_SECONDS:
            service = RELAY_OF[schema]
            found.append(
                Finding(
                    "outbox",
                    CRITICAL,
                    f"the {schema} outbox is not relayed: {state.rows} row(s), the oldest "
                    f"{state.oldest_age_seconds:.0f}s old",
                    f"The {service} service's relay publishes these rows to RabbitMQ; while it does not, "
                    "nothing they announce happens (runs do not start, events are not seen). Its log says "
                    f"why: jobsprint logs {service} --grep 'outbox'",
                    f"jobsprint services restart {service}",
                    "jobsprintoutboxlag",
                    items=[
                        {"schema": schema, "rows": state.rows, "oldest_age_seconds": state.oldest_age_seconds}
                    ],
                    apply=lambda service=service: f"restarted {', '.join(supervisor.restart(service))}",  # type: ignore[misc]
                )
            )
    return found


def _migrations(env: dict[str, str], stack: LocalStack) -> list[Finding]:
    root = repository_root()
    pending = []
    for service in facts.MIGRATED_SERVICES:
        with facts.reading(env[f"{service.upper()}_DATABASE_URL"]) as connection:
            applied = facts.applied_revision(connection, service)
        state = facts.Migrations(service, applied, facts.migration_heads(root, service))
        if state.pending:
            pending.append(state)
    if not pending:
        return []

    def migrate() -> str:
        environment = {**os.environ, **env}
        python = str(root / ".venv" / "bin" / "python")
        for state in pending:
            subprocess.run(
                [python, "-m", f"jobsprint.{state.service}", "migrate"], env=environment, check=True
            )
        return "migrated " + ", ".join(s.service for s in pending)

    return [
        Finding(
            "migrations",
            CRITICAL,
            f"migrations not applied: {', '.join(s.service for s in pending)}",
            "; ".join(
                f"{s.service} is at {s.applied or 'nothing'}, the code expects {', '.join(s.heads)}"
                for s in pending
            )
            + ". The code may read or write columns that do not exist yet.",
            " && ".join(f"uv run python -m jobsprint.{s.service} migrate" for s in pending),
            "migrations",
            items=[{"service": s.service, "applied": s.applied, "heads": list(s.heads)} for s in pending],
            apply=migrate,
        )
    ]


def key_findings(ring_file: Path, options: Options) -> list[Finding]:
    """The JWT key ring: the signing key's age against the rotation policy, and old keys left."""
    from jobsprint.common import keyring

    try:
        keys, current = keyring.read(ring_file)
        dates = keyring.created(ring_file)
    except (OSError, ValueError) as exc:
        return [
            Finding(
                "signing_keys", CRITICAL, "the JWT key ring cannot be read", str(exc), f"ls -l {ring_file}"
            )
        ]
    now = options.now()
    found: list[Finding] = []
    command = f"uv run python -m jobsprint.common.keyring --file {ring_file}"
    rotate = f"{command} add && {command} promote --kid <new kid>   (docs/security.md#key-rotation)"
    made = dates.get(current) or _date_from_kid(current)
    if made is None:
        found.append(
            Finding(
                "signing_keys",
                INFO,
                f"the age of signing key {current!r} is not recorded",
                "Keys added with `keyring add` record when they were made; this one predates that, so its "
                "age cannot be checked. Rotating it records a date.",
                rotate,
                "signing-keys",
            )
        )
    else:
        age_days = (now - made).total_seconds() / 86400
        limit = options.key_max_age_days
        if age_days >= limit:
            found.append(
                Finding(
                    "signing_keys",
                    WARNING,
                    f"signing key {current!r} is {age_days:.0f} days old: overdue for rotation (every {limit} days)",
                    "A long-lived signing key is a long window for a leaked key. Add a new key, promote it, and "
                    "retire the old one after an access-token lifetime.",
                    rotate,
                    "signing-keys",
                    items=[{"kid": current, "created": made.isoformat(), "age_days": round(age_days, 1)}],
                )
            )
        elif age_days >= limit - KEY_WARN_DAYS:
            found.append(
                Finding(
                    "signing_keys",
                    INFO,
                    f"signing key {current!r} is due for rotation in {limit - age_days:.0f} days",
                    f"The policy is a new signing key every {limit} days.",
                    rotate,
                    "signing-keys",
                    items=[{"kid": current, "created": made.isoformat(), "age_days": round(age_days, 1)}],
                )
            )
    promoted = dates.get(current)
    for kid in sorted(set(keys) - {current}):
        if promoted is not None and (now - promoted).total_seconds() > 86400:
            found.append(
                Finding(
                    "signing_keys",
                    INFO,
                    f"key {kid!r} still verifies a day after {current!r} took over",
                    "No access token signed with it is still valid; keeping it only widens what a leak of it "
                    "would let someone forge.",
                    f"{command} retire --kid {kid}",
                    "signing-keys",
                )
            )
    return found


def _date_from_kid(kid: str) -> datetime | None:
    """`keyring add` names keys by their creation time (`2026-12-04T101500`) unless told otherwise."""
    for pattern in ("%Y-%m-%dT%H%M%S", "%Y-%m-%d", "%Y-%m"):
        try:
            return datetime.strptime(kid, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _signing_keys(env: dict[str, str], options: Options) -> list[Finding]:
    ring = env.get("JOBSPRINT_JWT_KEYS_FILE")
    return key_findings(Path(ring), options) if ring else []


def _master_key(env: dict[str, str], options: Options) -> list[Finding]:
    found: list[Finding] = []
    for service in facts.SEALING_SERVICES:
        with facts.reading(env[f"{service.upper()}_DATABASE_URL"]) as connection:
            keys = facts.data_keys(connection, service)
        if not keys.count or keys.oldest is None:
            continue
        since = keys.last_rotated or keys.oldest
        age_days = (options.now() - since).total_seconds() / 86400
        if age_days < options.key_max_age_days:
            continue
        never = keys.last_rotated is None
        prefix = service.upper()
        found.append(
            Finding(
                "master_key",
                WARNING,
                f"the {service} master key was never rotated"
                if never
                else f"the {service} master key was last rotated {age_days:.0f} days ago",
                f"{keys.count} workspace data key(s) are wrapped by {', '.join(keys.master_kids)}"
                + (f", the oldest for {age_days:.0f} days" if never else "")
                + ". Add a new master key, make it current, and rewrap the data keys.",
                f"{prefix}_MASTER_KEYS=<old and new> {prefix}_MASTER_KEY_CURRENT=<new> "
                f"uv run python -m jobsprint.{service} rotate-master-key   (docs/integrations.md)",
                "master-key",
                items=[
                    {
                        "service": service,
                        "data_keys": keys.count,
                        "master_kids": list(keys.master_kids),
                        "age_days": round(age_days, 1),
                    }
                ],
            )
        )
    return found


def _clock(env: dict[str, str], stack: LocalStack, options: Options) -> list[Finding]:
    with facts.reading(env["EXECUTOR_DATABASE_URL"]) as connection:
        database = facts.database_now(connection)
    found = []
    skew = (options.now() - database).total_seconds()
    found += _skew_finding("Postgres", skew)
    found += _gateway_skew(stack.gateway_url, options)
    return found


def _gateway_skew(url: str, options: Options) -> list[Finding]:
    try:
        response = httpx.get(f"{url.rstrip('/')}/healthz", timeout=2)
    except httpx.HTTPError:
        return []
    date = response.headers.get("date")
    if not date:
        return []
    from email.utils import parsedate_to_datetime

    return _skew_finding(
        "the gateway", (options.now() - parsedate_to_datetime(date)).total_seconds(), granularity=1.0
    )


def _skew_finding(what: str, skew: float, *, granularity: float = 0.0) -> list[Finding]:
    if abs(skew) <= CLOCK_SKEW_SECONDS + granularity:
        return []
    return [
        Finding(
            "clock_skew",
            WARNING,
            f"this machine's clock and {what}'s differ by {skew:+.1f}s",
            "Leases and wake-ups are timed by Postgres, tokens' expiry by each process's clock: skew makes "
            "tokens look expired (or valid too long) and timings in logs disagree. Run NTP (chrony) everywhere.",
            "timedatectl status   (then enable NTP: timedatectl set-ntp true)",
            "clock-skew",
            items=[{"against": what, "skew_seconds": round(skew, 2)}],
        )
    ]


def _rate_limit_fallbacks(scrape: probes.Scrape) -> list[Finding]:
    if not scrape.ok:
        return []
    total = sum(scrape.values("jobsprint_rate_limit_fallbacks_total"))
    if not total:
        return []
    return [
        Finding(
            "rate_limit_fallbacks",
            WARNING,
            f"the gateway decided {total:.0f} rate limit(s) without Redis since it started",
            "Redis did not answer, so each gateway process limited on its own: limits held per replica "
            "instead of across them. Check Redis; the count resets when the gateway restarts.",
            "jobsprint status   (Redis: redis-cli ping)",
            "jobsprintratelimitfallback",
        )
    ]


def lapsed_leases(scrape: probes.Scrape) -> list[Finding]:
    """Workers that stopped moving executions they held (the executor API's
    `jobsprint_leases_lapsed_total` and `jobsprint_runs_requeued_total`): each execution was
    handed to another worker, but the worker itself is frozen, was killed, or is cut off from
    Postgres."""
    if not scrape.ok:
        return []
    lapsed = sum(scrape.values("jobsprint_leases_lapsed_total"))
    held = sum(scrape.values("jobsprint_runs_requeued_total"))
    if not lapsed and not held:
        return []
    since = " since the executor API started"
    if lapsed:
        title = f"{lapsed:.0f} running execution(s) lost their worker{since}"
        if held:
            title += f"; {held:.0f} more were held unstarted by a worker"
    else:
        title = f"{held:.0f} execution(s) held unstarted by a worker were handed to another{since}"
    return [
        Finding(
            "lapsed_leases",
            WARNING,
            title,
            "A worker stopped renewing its execution leases without leaving, or sat on the run "
            "messages it was handed: frozen (SIGSTOP, a paused VM), killed, or cut off from Postgres. "
            "Each execution was queued again and taken over by another worker after its last "
            "checkpoint (a step with a side effect may have run twice, with the same idempotency "
            "key). Find the worker: uptimes and restarts, and its log.",
            "jobsprint services status worker   then   jobsprint logs worker --level warning",
            "jobsprintleasetakeovers",
        )
    ]


# -- a deployed suite ---------------------------------------------------------------------------


def examine_remote(url: str, metrics: list[str], options: Options | None = None) -> list[Finding]:
    """What a deployed suite shows through its health and metrics endpoints."""
    options = options or Options()
    base = url.rstrip("/")
    findings: list[Finding] = []
    ready = probes.http_json(f"{base}/readyz")
    if not ready.ok:
        failing = (
            [k for k, v in ((ready.value or {}).get("checks") or {}).items() if v != "ok"]
            if isinstance(ready.value, dict)
            else []
        )
        findings.append(
            Finding(
                "processes",
                CRITICAL,
                "the gateway is not ready" + (f": {', '.join(failing)} failing" if failing else ""),
                ready.detail,
                "kubectl -n jobsprint get pods   (jobsprint status --url ...)",
                "jobsprintservicedown",
            )
        )
    findings += _rate_limit_fallbacks(probes.scrape(f"{base}/metrics"))
    findings += _gateway_skew(base, options)
    for target in metrics:
        scrape = probes.scrape(target)
        if not scrape.ok:
            findings.append(
                Finding(
                    "processes",
                    WARNING,
                    f"{target} does not answer",
                    scrape.detail,
                    "kubectl -n jobsprint get pods",
                )
            )
            continue
        findings += _from_vitals(scrape)
        findings += lapsed_leases(scrape)
    return sort(findings)


def _from_vitals(scrape: probes.Scrape) -> list[Finding]:
    found = []
    for labels, value in scrape.labelled("jobsprint_executions_stuck"):
        if value > 0:
            reason = labels.get("reason", "?")
            critical = reason != "dead_lettered"
            found.append(
                Finding(
                    "stuck_executions" if critical else "dead_lettered_live",
                    CRITICAL if critical else WARNING,
                    f"{value:.0f} execution(s) stuck ({reason})",
                    "From the executor's vitals (jobsprint_executions_stuck).",
                    "kubectl -n jobsprint exec deploy/jobsprint-executor -- python -m jobsprint.executor requeue-stuck"
                    if critical
                    else "jobsprint dead-letters list",
                    "jobsprintexecutionsstuck",
                )
            )
    for labels, value in scrape.labelled("jobsprint_queue_consumers"):
        if labels.get("queue") == "executor.run" and value == 0:
            found.append(
                Finding(
                    "workers",
                    CRITICAL,
                    "no worker takes runs",
                    "executor.run has no consumers.",
                    "kubectl -n jobsprint scale deploy/jobsprint-executor-worker --replicas=2",
                    "jobsprintnoworkers",
                )
            )
    pending = scrape.labelled("jobsprint_dead_letters_pending")
    letters = sum(value for labels, value in pending if labels.get("reason") != "malformed")
    malformed = sum(value for labels, value in pending if labels.get("reason") == "malformed")
    if malformed:
        found.append(_malformed_finding(malformed))
    if letters:
        found.append(
            Finding(
                "dead_letters",
                WARNING,
                f"{letters:.0f} dead letter(s) not replayed",
                "From the executor's vitals.",
                "jobsprint dead-letters list   then   jobsprint dead-letters replay ID",
                "jobsprintdeadlettersgrowing",
            )
        )
    for labels, value in scrape.labelled("jobsprint_outbox_lag_seconds"):
        if value > OUTBOX_STALE_SECONDS:
            found.append(
                Finding(
                    "outbox",
                    CRITICAL,
                    f"the {labels.get('schema')} outbox lags {value:.0f}s",
                    "Its relay is not publishing.",
                    f"kubectl -n jobsprint rollout restart deploy/jobsprint-{labels.get('schema')}",
                    "jobsprintoutboxlag",
                )
            )
    for labels, value in scrape.labelled("jobsprint_dependency_up"):
        if value == 0:
            found.append(
                Finding(
                    "dependencies",
                    CRITICAL,
                    f"the executor cannot reach {labels.get('dependency')}",
                    "From the executor's vitals.",
                    "jobsprint status --url ...",
                    "jobsprintdependencydown",
                )
            )
    return found


def apply_fixes(findings: list[Finding], *, confirm: Callable[[Finding], bool]) -> list[tuple[Finding, str]]:
    """Apply each safe fix the person confirms; returns what each did (or why it failed)."""
    done = []
    for finding in findings:
        if finding.apply is None or not confirm(finding):
            continue
        try:
            done.append((finding, finding.apply()))
        except Exception as exc:
            done.append((finding, f"failed: {exc}"))
    return done
