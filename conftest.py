"""Fixtures shared by every test tier. Integration tests get the `it` instance (ADR-019): a
database, RabbitMQ vhost and Redis db of their own, migrated once per session."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "tools"))

import devctl


@pytest.fixture(scope="session")
def it_env() -> Iterator[dict[str, str]]:
    """Environment of the integration instance, after bootstrap and migrations."""
    instance = devctl.INSTANCES["it"]
    devctl.prepare(instance)
    yield devctl.environment(instance)


@pytest.fixture(scope="session")
def tracer():
    """A tracer under the provider every service installs (no OTLP: spans sampled out, their
    ids still made and passed on), for tests of trace propagation."""
    from jobsprint.common import observability
    from opentelemetry import trace
    from opentelemetry.sdk.trace import TracerProvider

    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        observability.configure_tracing(service="tests", otlp_endpoint=None)
    return trace.get_tracer("tests")
