"""The chaos suite's own Postgres, RabbitMQ and Redis: started in a temporary directory on free
ports, stopped, restarted and finally removed by the suite — never the machine's shared ones
(5432, 5672, 6379), whose processes it never signals."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

PG_BIN = Path(os.environ.get("JOBSPRINT_CHAOS_PG_BIN", "/usr/lib/postgresql/15/bin"))
SHARED_PORTS = frozenset({5432, 5672, 6379, 15672, 25672, 4369})
# Listeners take every address so workers in a network namespace reach them over the veth pair;
# Postgres accepts only loopback and that pair's network (pg_hba below).
NETNS_NETWORK = "10.231.{offset}.0/24"


def offset() -> int:
    return int(os.environ.get("JOBSPRINT_INSTANCE_OFFSET", "0"))


def free_ports(count: int) -> list[int]:
    """`count` free TCP ports below the ephemeral range (32768+, where a listener can find its
    port taken by some client socket), in a block of this checkout's own."""
    found: list[int] = []
    port = 26000 + 100 * (offset() % 60)
    while len(found) < count:
        if port not in SHARED_PORTS and _free(port):
            found.append(port)
        port += 1
    return found


def _free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def reachable(port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_for(check, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not ready after {timeout:.0f}s")
        time.sleep(0.2)


def run(args: list[str], *, env: dict[str, str] | None = None, check: bool = True) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stdout}{done.stderr}")
    return done.stdout


@dataclass
class Postgres:
    """A cluster of its own (initdb), run as the `postgres` user; trust auth on loopback."""

    root: Path
    port: int

    @property
    def data(self) -> Path:
        return self.root / "pgdata"

    def _as_postgres(self, *args: str) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *args]

    def init(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        shutil.chown(self.root, "postgres", "postgres")
        run(
            self._as_postgres(
                str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"
            )
        )
        network = NETNS_NETWORK.format(offset=offset() % 250)
        with (self.data / "pg_hba.conf").open("a") as hba:
            hba.write(f"host all all {network} trust\n")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '*'\nunix_socket_directories = '{self.root}'\n"
                "max_connections = 300\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "shared_buffers = 64MB\n"
            )

    def start(self) -> None:
        run(
            self._as_postgres(
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.root / "postgres.log"),
                "-w",
                "-t",
                "60",
                "start",
            )
        )

    def stop(self, mode: str = "fast") -> None:
        run(
            self._as_postgres(
                str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop"
            ),
            check=False,
        )

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"


@dataclass
class RabbitMQ:
    """A second node of its own: its own node name, ports, config, plugins (none) and Mnesia."""

    root: Path
    port: int
    dist_port: int
    user: str = "chaos"
    password: str = "chaos-broker"
    nodename: str = field(default="")

    def __post_init__(self) -> None:
        if not self.nodename:
            self.nodename = f"jobsprint_chaos_{offset()}@localhost"

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "RABBITMQ_NODENAME": self.nodename,
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(self.root / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.root / "log"),
            "RABBITMQ_PID_FILE": str(self.root / "rabbit.pid"),
            "RABBITMQ_CONFIG_FILE": str(self.root / "rabbitmq.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.root / "enabled_plugins"),
            "RABBITMQ_CONF_ENV_FILE": str(self.root / "rabbitmq-env.conf"),
        }

    def init(self) -> None:
        for sub in ("mnesia", "log"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        (self.root / "rabbitmq.conf").write_text(
            f"listeners.tcp.default = {self.port}\nloopback_users = none\nheartbeat = 10\n"
        )
        (self.root / "enabled_plugins").write_text("[].\n")
        (self.root / "rabbitmq-env.conf").write_text("")
        for path in [self.root, *self.root.rglob("*")]:
            shutil.chown(path, "rabbitmq", "rabbitmq")

    def ctl(self, *args: str, check: bool = True) -> str:
        return run(["rabbitmqctl", "-q", "-n", self.nodename, *args], env=self.env, check=check)

    def start(self) -> None:
        run(["rabbitmq-server", "-detached"], env=self.env)
        wait_for(
            lambda: self.ctl("await_startup", check=False) is not None and reachable(self.port),
            120,
            "RabbitMQ",
        )
        self.ctl("await_startup")

    def stop(self) -> None:
        self.ctl("stop", check=False)
        wait_for(lambda: not reachable(self.port), 60, "RabbitMQ stop")

    def prepare(self, vhost: str) -> None:
        users = self.ctl("list_users")
        if self.user not in users.split():
            self.ctl("add_user", self.user, self.password)
            self.ctl("set_user_tags", self.user, "administrator")
        if vhost not in self.ctl("list_vhosts").split():
            self.ctl("add_vhost", vhost)
        self.ctl("set_permissions", "-p", vhost, self.user, ".*", ".*", ".*")


@dataclass
class Redis:
    root: Path
    port: int

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        run(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "0.0.0.0",
                "--protected-mode",
                "no",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                str(self.root),
                "--pidfile",
                str(self.root / "redis.pid"),
                "--logfile",
                str(self.root / "redis.log"),
            ]
        )
        wait_for(lambda: reachable(self.port), 30, "Redis")

    def stop(self) -> None:
        run(["redis-cli", "-p", str(self.port), "shutdown", "nosave"], check=False)
        wait_for(lambda: not reachable(self.port), 30, "Redis stop")


@dataclass
class Infra:
    root: Path
    postgres: Postgres
    rabbitmq: RabbitMQ
    redis: Redis

    @classmethod
    def create(cls) -> Infra:
        root = Path(tempfile.mkdtemp(prefix="jobsprint-chaos-"))
        root.chmod(0o755)
        pg, amqp, dist, redis = free_ports(4)
        return cls(
            root,
            Postgres(root / "pg", pg),
            RabbitMQ(root / "rabbitmq", amqp, dist),
            Redis(root / "redis", redis),
        )

    def start(self, vhost: str) -> None:
        """The broker boots in the background (the slowest, 5-20 s) while Postgres is made."""
        self.rabbitmq.init()
        with ThreadPoolExecutor(1) as pool:
            broker = pool.submit(self.rabbitmq.start)
            self.postgres.init()
            self.postgres.start()
            self.redis.start()
            broker.result()
        self.rabbitmq.prepare(vhost)

    def stop(self) -> None:
        for stop in (self.rabbitmq.stop, self.redis.stop, self.postgres.stop):
            with contextlib.suppress(Exception):
                stop()

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def devctl_env(self) -> dict[str, str]:
        """What tools/devctl.py reads to point an instance at these servers."""
        return {
            "JOBSPRINT_PG_HOST": "127.0.0.1",
            "JOBSPRINT_PG_PORT": str(self.postgres.port),
            "JOBSPRINT_PG_ADMIN_URL": self.postgres.admin_url,
            "JOBSPRINT_REDIS_HOST": "127.0.0.1",
            "JOBSPRINT_REDIS_PORT": str(self.redis.port),
            "JOBSPRINT_AMQP_HOST": "127.0.0.1",
            "JOBSPRINT_AMQP_PORT": str(self.rabbitmq.port),
            "JOBSPRINT_AMQP_USER": self.rabbitmq.user,
            "JOBSPRINT_AMQP_PASSWORD": self.rabbitmq.password,
            # devctl's vhost step asks this node (and a bare `rabbitmqctl` would too), not the machine's.
            "JOBSPRINT_RABBITMQ_NODE": self.rabbitmq.nodename,
            "RABBITMQ_NODENAME": self.rabbitmq.nodename,
        }
