"""The command line every service shares: `python -m jobsprint.<service> [serve|migrate]`."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from jobsprint.common import db, observability
from jobsprint.common.envelope import RotationReport
from jobsprint.common.settings import GrpcServiceSettings

S = TypeVar("S", bound=GrpcServiceSettings)
LONG_RUNNING = ("serve", "worker")
# How long a stopping gRPC server lets the calls in flight finish.
STOP_GRACE_SECONDS = 5.0


def service_root(package_file: str) -> Path:
    """`services/<name>/` from a file in `services/<name>/src/jobsprint/<name>/`."""
    return Path(package_file).resolve().parents[3]


def main(
    *,
    name: str,
    settings_factory: Callable[[], S],
    start: Callable[[S], Callable[[], None]],
    alembic_ini: Path,
    commands: dict[str, Callable[[S], None]] | None = None,
    migration_attributes: Callable[[S], dict[str, Any]] | None = None,
    argv: list[str] | None = None,
) -> None:
    """`serve` (the default command) is `start` until SIGTERM; `commands` are the service's
    others; `migration_attributes(settings)` is what its data migrations need (a key ring)."""
    commands = {"serve": lambda settings: run_until_signalled(start(settings)), **(commands or {})}
    parser = argparse.ArgumentParser(prog=f"python -m jobsprint.{name}")
    parser.add_argument("command", nargs="?", default="serve", choices=[*commands, "migrate"])
    args = parser.parse_args(argv)
    settings = settings_factory()
    if args.command == "migrate":
        observability.configure_logging(service=name, level=settings.log_level)
        db.upgrade(
            alembic_ini=alembic_ini,
            database_url=settings.database_url,
            attributes=migration_attributes(settings) if migration_attributes else None,
        )
        logging.getLogger(name).info("migrations applied")
        return
    observability.bootstrap(
        service=name if args.command == "serve" else f"{name}-{args.command}",
        log_level=settings.log_level,
        otlp_endpoint=settings.otlp_endpoint,
        # One-shot commands (prune, rotate-master-key, ...) run beside the serving process, often
        # in its container (`kubectl exec`): they must not take its metrics port.
        metrics_port=settings.metrics_port if args.command in LONG_RUNNING else 0,
        metrics_host=settings.metrics_host,
    )
    commands[args.command](settings)


def run_until_signalled(stop: Callable[[], None]) -> None:
    """Block until SIGTERM or SIGINT, then `stop` (what a service's `start` returned): the end
    of every serving process, whether it hosts one service or several (`jobsprint.node`)."""
    stopping = threading.Event()

    def _handle(signum: int, _frame: object) -> None:
        logging.getLogger(__name__).info("signal %s: shutting down", signum)
        stopping.set()

    signal.signal(signal.SIGTERM, _handle)
    signal.signal(signal.SIGINT, _handle)
    stopping.wait()
    stop()


def report_rotation(report: RotationReport, *, env_prefix: str, current_kid: str) -> None:
    """What `rotate-master-key` tells the operator; exits 1 when some data key could not be
    rewrapped (its master key is no longer in the ring)."""
    print(
        f"rotate-master-key: {report.rewrapped} data keys rewrapped with {current_kid!r}, "
        f"{report.already_current} already were; retire the old master key once every replica runs "
        "with the new ring"
    )
    if report.unreadable:
        print(
            f"rotate-master-key: {len(report.unreadable)} data keys are wrapped by a master key that is not "
            f"in {env_prefix}MASTER_KEYS (workspaces {', '.join(report.unreadable)}); put that key back "
            "in the ring and run again",
            file=sys.stderr,
        )
        sys.exit(1)
