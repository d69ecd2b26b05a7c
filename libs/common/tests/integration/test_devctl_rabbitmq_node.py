"""`make up` makes its instance's RabbitMQ vhost on the node its AMQP host and port point at, not
on rabbitmqctl's default node (a suite pointed at a second node: issue 18's chaos runs). Here: a
node of the test's own, on ports of its own, and devctl's `prepare` step that makes the vhost."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pika
import pytest
from jobsprint.common.testing import own_rabbitmq

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[4]


def vhosts(node: str | None) -> list[str]:
    command = ["rabbitmqctl", *(["-n", node] if node else []), "-q", "list_vhosts"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()


def test_the_vhost_is_made_on_the_node_the_amqp_port_points_at() -> None:
    vhost = f"jobsprint_node_{uuid.uuid4().hex[:8]}"
    with own_rabbitmq() as node:
        script = (
            f"import devctl; devctl.ensure_vhost(devctl.replace(devctl.INSTANCES['it'], vhost={vhost!r}))"
        )
        env = {**os.environ, "JOBSPRINT_AMQP_PORT": str(node.port)}
        env.pop("JOBSPRINT_RABBITMQ_NODE", None)
        subprocess.run([sys.executable, "-c", script], cwd=ROOT / "tools", env=env, check=True, timeout=120)
        assert vhost in vhosts(node.node)
        assert vhost not in vhosts(None)  # the machine's default node is left alone
        connection = pika.BlockingConnection(pika.URLParameters(node.url(vhost)))
        assert connection.is_open
        connection.close()
