"""Workers in a network namespace of their own, joined to the host by a veth pair the test
makes, so `tc` can degrade and then cut the path between them and the broker for real."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import IO

from .harness import Suite
from .infra import offset, run


class NamespacedWorkers:
    """The supervisor's workers stopped; `count` workers started inside the namespace instead,
    reaching Postgres, Redis, RabbitMQ and the services through the host end of the pair."""

    def __init__(self, suite: Suite, count: int = 2) -> None:
        n = offset() % 250
        self.suite = suite
        self.count = count
        self.ns = f"jobsprint-chaos-{n}"
        self.host_dev, self.ns_dev = f"jschaos{n}h", f"jschaos{n}n"
        self.host_ip, self.ns_ip = f"10.231.{n}.1", f"10.231.{n}.2"
        self.amqp_port = suite.infra.rabbitmq.port
        self.processes: list[subprocess.Popen[bytes]] = []
        self.logs: list[IO[bytes]] = []

    def _in_ns(self, *args: str) -> list[str]:
        return ["ip", "netns", "exec", self.ns, *args]

    def __enter__(self) -> NamespacedWorkers:
        self._remove_link()
        run(["ip", "netns", "add", self.ns])
        try:
            run(["ip", "link", "add", self.host_dev, "type", "veth", "peer", "name", self.ns_dev])
            run(["ip", "link", "set", self.ns_dev, "netns", self.ns])
            run(["ip", "addr", "add", f"{self.host_ip}/24", "dev", self.host_dev])
            run(["ip", "link", "set", self.host_dev, "up"])
            run(self._in_ns("ip", "addr", "add", f"{self.ns_ip}/24", "dev", self.ns_dev))
            run(self._in_ns("ip", "link", "set", self.ns_dev, "up"))
            run(self._in_ns("ip", "link", "set", "lo", "up"))
            self.suite.supervisorctl("stop", "worker:*")
            self._start_workers()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start_workers(self) -> None:
        instance_env = self.suite.environment()
        env = {
            key: value.replace("127.0.0.1", self.host_ip) if key.isupper() and "127.0.0.1" in value else value
            for key, value in instance_env.items()
        }
        python = str(Path(self.suite.instance.run_dir).parents[1] / ".venv" / "bin" / "python")
        for index in range(self.count):
            log = (self.suite.instance.run_dir / "logs" / f"netns-worker-{index}.log").open("ab")
            self.logs.append(log)
            self.processes.append(
                subprocess.Popen(
                    self._in_ns(python, "-m", "jobsprint.executor", "worker"),
                    env={**env, "EXECUTOR_METRICS_PORT": str(19900 + index)},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )

    def _tc(self, *, host: bool, args: list[str], check: bool = True) -> None:
        dev = self.host_dev if host else self.ns_dev
        command = ["tc", *args[:2], "dev", dev, *args[2:]]
        run(command if host else self._in_ns(*command), check=check)

    def shape(self, *, rate: str, queue: int) -> None:
        """Squeeze AMQP traffic only, both ways, through an HTB class of `rate` with a `queue`
        packets long FIFO: packets wait their turn (delay) and the queue's tail is dropped (loss);
        a queue of 0 drops every packet (a partition). Every other packet takes the default class.

        This machine's kernel has no `netem`, `prio` or tc actions (`tc qdisc add ... netem` says
        "Specified qdisc kind is unknown"), so the issue's `netem delay 200ms 100ms loss 5%` cannot
        run here: HTB, u32 and pfifo are what it has."""
        for host, direction in ((True, "sport"), (False, "dport")):
            self._tc(host=host, args=["qdisc", "del", "root"], check=False)
            self._tc(
                host=host, args=["qdisc", "add", "root", "handle", "1:", "htb", "default", "1", "r2q", "1"]
            )
            self._tc(
                host=host, args=["class", "add", "parent", "1:", "classid", "1:1", "htb", "rate", "10gbit"]
            )
            self._tc(
                host=host,
                args=["class", "add", "parent", "1:", "classid", "1:2", "htb", "rate", rate, "ceil", rate],
            )
            self._tc(
                host=host,
                args=["qdisc", "add", "parent", "1:2", "handle", "20:", "pfifo", "limit", str(queue)],
            )
            self._tc(
                host=host,
                args=[
                    "filter",
                    "add",
                    "parent",
                    "1:",
                    "protocol",
                    "ip",
                    "prio",
                    "1",
                    "u32",
                    "match",
                    "ip",
                    direction,
                    str(self.amqp_port),
                    "0xffff",
                    "flowid",
                    "1:2",
                ],
            )

    def clear(self) -> None:
        for host in (True, False):
            self._tc(host=host, args=["qdisc", "del", "root"], check=False)

    def __exit__(self, *_exc: object) -> None:
        with contextlib.suppress(Exception):
            self.clear()
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 40
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in self.logs:
            log.close()
        self._remove_link()
        run(["ip", "netns", "del", self.ns], check=False)
        self.suite.supervisorctl("start", "worker:*")

    def _remove_link(self) -> None:
        if os.path.exists(f"/sys/class/net/{self.host_dev}"):
            run(["ip", "link", "del", self.host_dev], check=False)
        if os.path.exists(f"/run/netns/{self.ns}"):
            run(["ip", "netns", "del", self.ns], check=False)
