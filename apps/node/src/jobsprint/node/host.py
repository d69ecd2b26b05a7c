"""The host of several services in one process (ADR-106).

Each service is started by its own `bootstrap.start` with its own settings (its `AUTH_*`,
`WORKFLOWS_*`, ... environment, as when it runs alone), so each keeps its gRPC server and port,
its database role and schema, its outbox relay and its other threads. They call each other
through their gRPC contracts as before, but in-process: a unary call to a service of this node
runs the callee's handler, behind its own interceptor, in the caller's thread (ADR-107); other
processes reach each service through its gRPC port. What they share is the interpreter, the
libraries loaded into it, the log configuration and the Prometheus registry, which every
service's metrics port serves whole. SIGTERM stops them in the reverse order of their start.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jobsprint.common import grpc_inprocess, observability, service

log = logging.getLogger("node")


@dataclass(frozen=True)
class Hosted:
    settings: Callable[[], Any]
    start: Callable[[Any, grpc_inprocess.ProcessServers], Callable[[], None]]


def _services() -> dict[str, Hosted]:
    from jobsprint.auth import bootstrap as auth
    from jobsprint.auth.config import Settings as AuthSettings
    from jobsprint.executor import bootstrap as executor
    from jobsprint.executor.config import Settings as ExecutorSettings
    from jobsprint.integrations import bootstrap as integrations
    from jobsprint.integrations.config import Settings as IntegrationsSettings
    from jobsprint.workflows import bootstrap as workflows
    from jobsprint.workflows.config import Settings as WorkflowsSettings

    # In the order they start: who is called first is up first.
    return {
        "auth": Hosted(AuthSettings, auth.start),
        "integrations": Hosted(IntegrationsSettings, integrations.start),
        "executor": Hosted(ExecutorSettings, executor.start),
        "workflows": Hosted(WorkflowsSettings, workflows.start),
    }


def main(argv: list[str] | None = None) -> None:
    known = _services()
    parser = argparse.ArgumentParser(prog="python -m jobsprint.node", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--services",
        default=",".join(known),
        help=f"comma-separated services to host (default: all of {', '.join(known)})",
    )
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.services.split(",") if name.strip()]
    unknown = sorted(set(names) - set(known))
    if unknown or not names:
        parser.error(
            f"unknown services {', '.join(unknown) or '(none given)'}; choose from {', '.join(known)}"
        )
    hosted = {name: known[name] for name in known if name in names}
    settings = {name: item.settings() for name, item in hosted.items()}
    first, *others = settings.values()
    observability.bootstrap(
        service="node",
        log_level=first.log_level,
        otlp_endpoint=first.otlp_endpoint,
        metrics_port=first.metrics_port,
        metrics_host=first.metrics_host,
    )
    # Every service's metrics port answers, as when it runs alone (one registry: all their metrics).
    for other in others:
        observability.serve_metrics(other.metrics_port, other.metrics_host)
    # Each service's server registers here and its clients look here: calls between them are in-process.
    local = grpc_inprocess.ProcessServers()
    stops: list[Callable[[], None]] = []
    try:
        for name, item in hosted.items():
            stops.append(item.start(settings[name], local))
            log.info("%s started", name)
    except BaseException:
        _stop_all(stops)
        raise
    log.info("hosting %s in one process", ", ".join(hosted))
    service.run_until_signalled(lambda: _stop_all(stops))


def _stop_all(stops: list[Callable[[], None]]) -> None:
    for stop in reversed(stops):
        try:
            stop()
        except Exception:  # one service's failed stop must not keep the others running
            log.exception("stopping a hosted service failed")
