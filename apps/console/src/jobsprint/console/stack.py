"""The local stack `make up` runs: its instance (ports, database, vhost, environment) as
`tools/devctl.py` defines it, and its processes through supervisord's own XML-RPC API over the
instance's unix socket (`.run/<instance>/supervisor.sock`) — never by parsing `supervisorctl`.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
import xmlrpc.client
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from supervisor.xmlrpc import SupervisorTransport

SERVICES = ("gateway", "auth", "workflows", "executor", "integrations")


class StackError(Exception):
    """The local stack cannot be reached or does not know what was asked."""


def repository_root() -> Path:
    """The checkout this console runs from: `JOBSPRINT_ROOT`, else the nearest directory above
    the working directory or this package that holds `tools/devctl.py`."""
    if os.environ.get("JOBSPRINT_ROOT"):
        return Path(os.environ["JOBSPRINT_ROOT"])
    for start in (Path.cwd(), Path(__file__).resolve()):
        for directory in (start, *start.parents):
            if (directory / "tools" / "devctl.py").is_file():
                return directory
    raise StackError("not inside a Jobsprint checkout (no tools/devctl.py above); set JOBSPRINT_ROOT")


@cache
def devctl() -> ModuleType:
    """`tools/devctl.py`, loaded by path: the one definition of the instances (and their
    `JOBSPRINT_INSTANCE_OFFSET`)."""
    path = repository_root() / "tools" / "devctl.py"
    loaded = sys.modules.get("devctl")  # the tests import it from tools/ themselves
    if loaded is not None and Path(getattr(loaded, "__file__", "")).resolve() == path.resolve():
        return loaded
    spec = importlib.util.spec_from_file_location("jobsprint_devctl", path)
    if spec is None or spec.loader is None:
        raise StackError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def default_instance() -> str:
    return os.environ.get("JOBSPRINT_INSTANCE", "dev")


@dataclass(frozen=True)
class LocalStack:
    instance: Any  # devctl.Instance

    @classmethod
    def named(cls, name: str | None = None) -> LocalStack:
        instances = devctl().INSTANCES
        name = name or default_instance()
        if name not in instances:
            raise StackError(f"no instance {name!r}; known: {', '.join(sorted(instances))}")
        return cls(instances[name])

    @property
    def name(self) -> str:
        return str(self.instance.name)

    @property
    def gateway_url(self) -> str:
        return str(self.instance.gateway_url)

    @property
    def socket(self) -> Path:
        return Path(self.instance.socket)

    @property
    def run_dir(self) -> Path:
        return Path(self.instance.run_dir)

    def environment(self) -> dict[str, str]:
        """What `make up` gives every process of the instance (devctl's `environment`)."""
        return dict(devctl().environment(self.instance))

    def metrics_targets(self) -> dict[str, str]:
        """Process name → its `/metrics` URL."""
        env = self.environment()
        targets = {"gateway": f"{self.gateway_url}/metrics"}
        for service in ("auth", "workflows", "executor", "integrations"):
            targets[service] = f"http://127.0.0.1:{env[f'{service.upper()}_METRICS_PORT']}/metrics"
        first_worker = (self.instance.metrics_base + 10) // 10 * 10
        for index in range(max(self.instance.workers, 1)):
            targets[f"worker-{index}"] = f"http://127.0.0.1:{first_worker + index}/metrics"
        return targets

    def grpc_port(self, service: str) -> int:
        return int(self.instance.grpc_port(service))

    def supervisor(self) -> Supervisor:
        return Supervisor(self.socket)


@dataclass(frozen=True)
class Process:
    name: str  # program name: auth, gateway, worker-0, ...
    group: str
    state: str  # RUNNING, STOPPED, STARTING, BACKOFF, EXITED, FATAL, ...
    pid: int
    uptime_seconds: float
    description: str
    log_file: str

    @property
    def full_name(self) -> str:
        return f"{self.group}:{self.name}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "group": self.group,
            "state": self.state,
            "pid": self.pid or None,
            "uptime_seconds": round(self.uptime_seconds, 1),
            "description": self.description,
            "log_file": self.log_file,
        }


class Supervisor:
    """supervisord's XML-RPC interface (`supervisor.*` methods) on a unix socket."""

    def __init__(self, socket: Path) -> None:
        self.socket = socket
        transport = SupervisorTransport(None, None, serverurl=f"unix://{socket}")
        # The host part is ignored: the transport talks to the socket.
        self._proxy: Any = xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport)

    def _call(self, method: str, *args: Any) -> Any:
        if not self.socket.exists():
            raise StackError(f"the local stack is not running (no {self.socket}): start it with `make up`")
        try:
            return getattr(self._proxy.supervisor, method)(*args)
        except xmlrpc.client.Fault as fault:
            raise StackError(f"supervisord refused {method}: {fault.faultString}") from fault
        except OSError as exc:
            raise StackError(f"supervisord does not answer on {self.socket} ({exc}): `make up`") from exc

    def running(self) -> bool:
        try:
            return bool(self._call("getState")["statename"] == "RUNNING")
        except StackError:
            return False

    def processes(self) -> list[Process]:
        now = time.time()
        return [
            Process(
                name=info["name"],
                group=info["group"],
                state=info["statename"],
                pid=int(info["pid"]),
                uptime_seconds=max(0.0, float(info["now"] or now) - float(info["start"]))
                if info["pid"]
                else 0.0,
                description=info["description"],
                log_file=info["stdout_logfile"],
            )
            for info in self._call("getAllProcessInfo")
        ]

    def resolve(self, name: str | None) -> list[Process]:
        """The processes a name means: all for None, a program (`auth`), a group (`worker`) or
        one process of a group (`worker-0`)."""
        everything = self.processes()
        if name is None:
            return everything
        chosen = [p for p in everything if name in (p.name, p.group, p.full_name)]
        if not chosen:
            names = ", ".join(sorted({p.name for p in everything} | {p.group for p in everything}))
            raise StackError(f"no process {name!r} in the local stack; known: {names}")
        return chosen

    def start(self, name: str | None) -> list[str]:
        started = []
        for process in self.resolve(name):
            if process.state not in ("RUNNING", "STARTING"):
                self._call("startProcess", process.full_name, True)
                started.append(process.name)
        return started

    def stop(self, name: str | None) -> list[str]:
        stopped = []
        for process in self.resolve(name):
            if process.state in ("RUNNING", "STARTING", "BACKOFF"):
                self._call("stopProcess", process.full_name, True)
                stopped.append(process.name)
        return stopped

    def restart(self, name: str | None) -> list[str]:
        chosen = self.resolve(name)
        for process in chosen:
            if process.state in ("RUNNING", "STARTING", "BACKOFF"):
                self._call("stopProcess", process.full_name, True)
        for process in chosen:
            self._call("startProcess", process.full_name, True)
        return [p.name for p in chosen]
