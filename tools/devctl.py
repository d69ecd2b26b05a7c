"""Run the Jobsprint suite as local processes under supervisord (ADR-019).

    python tools/devctl.py up|down|status|logs|check-infra|ensure-infra [--instance dev|test]

An instance is one independent copy of the suite: its own ports, Postgres database, RabbitMQ
vhost and Redis db index, with its state under `.run/<instance>/`. `dev` is what `make up`
starts; `test` is what the tests start, so they never touch a developer's running suite.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("auth", "workflows", "executor", "integrations")
PG_HOST = os.environ.get("JOBSPRINT_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("JOBSPRINT_PG_PORT", "5432"))
PG_ADMIN_URL = os.environ.get("JOBSPRINT_PG_ADMIN_URL", f"postgresql://postgres@{PG_HOST}:{PG_PORT}/postgres")
REDIS_HOST = os.environ.get("JOBSPRINT_REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("JOBSPRINT_REDIS_PORT", "6379"))
AMQP_HOST = os.environ.get("JOBSPRINT_AMQP_HOST", "127.0.0.1")
AMQP_PORT = int(os.environ.get("JOBSPRINT_AMQP_PORT", "5672"))
AMQP_USER = os.environ.get("JOBSPRINT_AMQP_USER", "guest")
AMQP_PASSWORD = os.environ.get("JOBSPRINT_AMQP_PASSWORD", "guest")
# The RabbitMQ node (`rabbitmqctl -n`) that serves AMQP_HOST:AMQP_PORT; found by asking the local
# nodes (epmd) for their AMQP listener when not given.
RABBITMQ_NODE = os.environ.get("JOBSPRINT_RABBITMQ_NODE", "")


@dataclass(frozen=True)
class Instance:
    name: str
    gateway_port: int
    grpc_base: int
    metrics_base: int
    database: str
    vhost: str
    redis_db: int
    workers: int
    extra_env: tuple[tuple[str, str], ...] = ()
    # The four gRPC services hosted in one process, `python -m jobsprint.node` (ADR-106).
    single_node: bool = False

    @property
    def run_dir(self) -> Path:
        return ROOT / ".run" / self.name

    @property
    def socket(self) -> Path:
        return self.run_dir / "supervisor.sock"

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    def grpc_port(self, service: str) -> int:
        return self.grpc_base + SERVICES.index(service)


LOOSE_RATE_LIMITS = (
    ("GATEWAY_AUTH_RATE_LIMIT_PER_MINUTE", "10000"),
    ("GATEWAY_RATE_LIMIT_PER_MINUTE", "1000000"),
    ("GATEWAY_RATE_LIMIT_WRITE_PER_MINUTE", "1000000"),
)
# The instance operators of the test and chaos instances (AUTH_OPERATOR_EMAILS, ADR-102): the
# tests register these accounts to read what belongs to no workspace (malformed dead letters).
TEST_OPERATOR_EMAIL = "operator@e2e.example.com"
CHAOS_OPERATOR_EMAIL = "operator@chaos.example.com"
# Ports stay below 32768: Linux hands out 32768-60999 as the local ports of outgoing connections,
# and a test run opens thousands, so a listener there (gRPC's usual 5005x) now and then finds its
# port taken by some client socket and fails to bind.
# fmt: off
INSTANCES = {
    "dev": Instance(
        name="dev", gateway_port=8080, grpc_base=50051, metrics_base=9102, database="jobsprint", vhost="/",
        redis_db=0, workers=int(os.environ.get("WORKERS", "1")),
        single_node=os.environ.get("SINGLE_NODE", "") not in ("", "0"),
    ),
    # Tests register many users from one address, so limits are loose, and a killed worker's
    # lease lapses sooner, so crash tests wait less for the resume.
    "test": Instance(
        name="test", gateway_port=18080, grpc_base=17051, metrics_base=19102, database="jobsprint_test",
        vhost="jobsprint_test", redis_db=1, workers=2,
        extra_env=(
            *LOOSE_RATE_LIMITS,
            ("EXECUTOR_LEASE_TTL_SECONDS", "3"),
            # The memory-budget test fills a quarter of the default before the limit stops it: on a
            # busy machine filling 256 MiB can take longer than the 2 s time budget.
            ("EXECUTOR_EXPRESSION_MEMORY_MIB", "64"),
            # The executor's vitals (ADR-076) looked at often, so tests read them fresh.
            ("EXECUTOR_VITALS_INTERVAL_SECONDS", "2"),
            # The e2e tests' fakes of outside services listen on loopback.
            ("INTEGRATIONS_OUTBOUND_ALLOW_NETWORKS", '["127.0.0.0/8"]'),
            ("EXECUTOR_OUTBOUND_ALLOW_NETWORKS", '["127.0.0.0/8"]'),
            # One browser origin allowed, so the e2e tests see CORS both allowed and refused.
            ("GATEWAY_CORS_ALLOWED_ORIGINS", '["https://app.example.test"]'),
            ("AUTH_OPERATOR_EMAILS", TEST_OPERATOR_EMAIL),
        ),
    ),
    "bench": Instance(
        name="bench", gateway_port=28080, grpc_base=27051, metrics_base=29102, database="jobsprint_bench",
        vhost="jobsprint_bench", redis_db=3, workers=2,
        # The benchmark drives one webhook URL far past a real sender's rate, and its workflow's
        # HTTP call goes to a server on loopback.
        extra_env=(
            *LOOSE_RATE_LIMITS,
            ("GATEWAY_WEBHOOK_RATE_LIMIT_PER_MINUTE", "10000000"),
            ("EXECUTOR_OUTBOUND_ALLOW_NETWORKS", '["127.0.0.0/8"]'),
        ),
    ),
    # The chaos suite (tests/chaos, `make chaos`): pointed at a Postgres, RabbitMQ and Redis the
    # suite starts itself (JOBSPRINT_PG_*/AMQP_*/REDIS_* name them), never the machine's shared ones.
    # gRPC listens on every address so workers moved into a network namespace reach the services;
    # the lease is short so a frozen or killed worker's executions are taken over soon.
    "chaos": Instance(
        name="chaos", gateway_port=24080, grpc_base=23051, metrics_base=25102, database="jobsprint_chaos",
        vhost="jobsprint_chaos", redis_db=0, workers=2,
        extra_env=(
            *LOOSE_RATE_LIMITS,
            ("GATEWAY_WEBHOOK_RATE_LIMIT_PER_MINUTE", "10000000"),
            ("EXECUTOR_LEASE_TTL_SECONDS", "5"),
            ("EXECUTOR_VITALS_INTERVAL_SECONDS", "2"),
            ("EXECUTOR_OUTBOUND_ALLOW_NETWORKS", '["127.0.0.0/8", "10.231.0.0/16"]'),
            ("AUTH_OPERATOR_EMAILS", CHAOS_OPERATOR_EMAIL),
            *((f"{service.upper()}_GRPC_HOST", "0.0.0.0") for service in SERVICES),
        ),
    ),
    # Integration tests: a database, vhost and Redis db of their own; no processes are started.
    "it": Instance(
        name="it", gateway_port=0, grpc_base=20051, metrics_base=0, database="jobsprint_it", vhost="jobsprint_it",
        redis_db=2, workers=0,
    ),
}
# fmt: on

# Several checkouts on one machine (git worktrees) each get their own copy of every instance.
OFFSET = int(os.environ.get("JOBSPRINT_INSTANCE_OFFSET", "0"))
if OFFSET:
    INSTANCES = {
        name: replace(
            instance,
            gateway_port=instance.gateway_port and instance.gateway_port + 100 * OFFSET,
            grpc_base=instance.grpc_base + 100 * OFFSET,
            metrics_base=instance.metrics_base and instance.metrics_base + 100 * OFFSET,
            database=f"{instance.database}_{OFFSET}",
            vhost=f"{instance.vhost.strip('/') or 'jobsprint'}_{OFFSET}",
            redis_db=(instance.redis_db + 4 * OFFSET) % 16,
        )
        for name, instance in INSTANCES.items()
    }


@dataclass(frozen=True)
class Dependency:
    name: str
    host: str
    port: int
    start: str


DEPENDENCIES = (
    Dependency(
        "Postgres",
        PG_HOST,
        PG_PORT,
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    ),
    Dependency(
        "Redis",
        REDIS_HOST,
        REDIS_PORT,
        f'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port {REDIS_PORT} --save "" --appendonly no '
        "--dir /var/lib/redis --logfile /var/log/redis/ci.log",
    ),
    Dependency("RabbitMQ", AMQP_HOST, AMQP_PORT, "rabbitmq-server -detached"),
)


def say(message: str) -> None:
    print(f"devctl: {message}", flush=True)


def reachable(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def check_infra() -> list[Dependency]:
    return [dep for dep in DEPENDENCIES if not reachable(dep.host, dep.port)]


def report_missing(missing: list[Dependency]) -> None:
    for dep in missing:
        say(f"{dep.name} is not reachable at {dep.host}:{dep.port}. Start it with:\n    {dep.start}")
    say("(or run the whole suite in containers instead: docker compose up, see docs/development.md)")


def ensure_infra(timeout: float = 90.0) -> None:
    """Start whichever of Postgres, Redis and RabbitMQ is not running (CI and fresh machines)."""
    missing = check_infra()
    for dep in missing:
        if dep.host not in ("127.0.0.1", "localhost"):
            continue
        say(f"{dep.name} is not running; starting it: {dep.start}")
        subprocess.run(dep.start, shell=True, check=False, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while missing and time.monotonic() < deadline:
        time.sleep(1)
        missing = check_infra()
    if missing:
        report_missing(missing)
        sys.exit(1)


def instance_secrets(instance: Instance) -> dict[str, str]:
    """Per-instance passwords, JWT key and workflows master key, made once and kept in
    `.run/<instance>/secrets.json` (a value added to this list later is made on first use)."""
    path = instance.run_dir / "secrets.json"
    values = dict(json.loads(path.read_text())) if path.exists() else {}
    made = {
        **{service: lambda: secrets.token_urlsafe(24) for service in SERVICES},
        "jwt_key": lambda: secrets.token_urlsafe(48),
        # The workflows service's own master key (ADR-069): it seals webhook secrets and tokens.
        "workflows_master_key": lambda: base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    missing = {name: make() for name, make in made.items() if name not in values}
    if missing:
        values |= missing
        instance.run_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
        path.chmod(0o600)
    return values


def jwt_key_file(instance: Instance) -> Path:
    """The instance's key ring file (ADR-025), written once from its secret; services re-read it
    when it changes, so `python -m jobsprint.common.keyring --file <it>` rotates without restarts."""
    path = instance.run_dir / "jwt-keys.json"
    if not path.exists():
        kid = f"{instance.name}-1"
        # `created` (which services ignore) lets `jobsprint doctor` tell when the key is due for rotation.
        made = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
        ring = {"current": kid, "keys": {kid: instance_secrets(instance)["jwt_key"]}, "created": {kid: made}}
        path.write_text(json.dumps(ring))
        path.chmod(0o600)
    else:
        _date_undated_keys(path)
    return path


def _date_undated_keys(path: Path) -> None:
    """Rings written before keys carried dates: date each undated key by the file's last change
    (it was made then at the latest), so `jobsprint doctor` can judge its age instead of reporting
    it unknown on every run."""
    ring = json.loads(path.read_text())
    dates = ring.setdefault("created", {})
    undated = [kid for kid in ring.get("keys", {}) if kid not in dates]
    if not undated:
        return
    changed = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(path.stat().st_mtime))
    dates.update(dict.fromkeys(undated, changed))
    path.write_text(json.dumps(ring))
    path.chmod(0o600)


def database_url(instance: Instance, service: str, password: str) -> str:
    return (
        f"postgresql+psycopg://jobsprint_{service}:{quote(password)}@{PG_HOST}:{PG_PORT}/{instance.database}"
    )


# glibc malloc tuned for small Python processes (ADR-103), as in the images and the chart. A fixed
# mmap threshold returns every block of 128 KiB or more to the system when freed: with glibc's
# default sliding threshold, auth's first argon2 hash (a 19 MiB block) raises the threshold and
# every later one stays in the heap, 20 MB for the life of the process. Two arenas bound what many
# threads (gRPC's pool, the executor's branches) keep apart.
MALLOC_ENV = {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "131072"}


def environment(instance: Instance) -> dict[str, str]:
    values = instance_secrets(instance)
    env = {
        "JOBSPRINT_ENVIRONMENT": "development",
        "JOBSPRINT_REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{instance.redis_db}",
        "JOBSPRINT_AMQP_URL": (
            f"amqp://{AMQP_USER}:{AMQP_PASSWORD}@{AMQP_HOST}:{AMQP_PORT}/{quote(instance.vhost, safe='')}"
        ),
        "JOBSPRINT_JWT_KEYS": json.dumps({f"{instance.name}-1": values["jwt_key"]}),
        "JOBSPRINT_JWT_CURRENT_KID": f"{instance.name}-1",
        "JOBSPRINT_JWT_KEYS_FILE": str(jwt_key_file(instance)),
        "GATEWAY_PORT": str(instance.gateway_port),
        "PYTHONUNBUFFERED": "1",
        **MALLOC_ENV,
    }
    for index, service in enumerate(SERVICES):
        prefix = service.upper()
        env[f"{prefix}_DATABASE_URL"] = database_url(instance, service, values[service])
        env[f"{prefix}_GRPC_PORT"] = str(instance.grpc_port(service))
        env[f"{prefix}_METRICS_PORT"] = str(instance.metrics_base + index)
        env[f"GATEWAY_{prefix}_TARGET"] = f"127.0.0.1:{instance.grpc_port(service)}"
    env["WORKFLOWS_EXECUTOR_TARGET"] = env["GATEWAY_EXECUTOR_TARGET"]
    env["WORKFLOWS_INTEGRATIONS_TARGET"] = env["GATEWAY_INTEGRATIONS_TARGET"]
    env["EXECUTOR_INTEGRATIONS_TARGET"] = env["GATEWAY_INTEGRATIONS_TARGET"]
    env["EXECUTOR_WORKFLOWS_TARGET"] = env["GATEWAY_WORKFLOWS_TARGET"]
    env["WORKFLOWS_MASTER_KEYS"] = json.dumps({f"{instance.name}-m1": values["workflows_master_key"]})
    env["WORKFLOWS_MASTER_KEY_CURRENT"] = f"{instance.name}-m1"
    env["INTEGRATIONS_OUTBOUND_DENIED_PORTS"] = json.dumps(suite_ports(instance))
    env["EXECUTOR_OUTBOUND_DENIED_PORTS"] = json.dumps(suite_ports(instance))
    env.update(instance.extra_env)
    return env


def suite_ports(instance: Instance) -> list[int]:
    """Ports of the suite itself, which the SSRF guard refuses even on allowed networks."""
    ports = [PG_PORT, REDIS_PORT, AMQP_PORT, 15672, 25672, 4369]
    if instance.gateway_port:
        ports.append(instance.gateway_port)
    ports += [instance.grpc_port(service) for service in SERVICES]
    if instance.metrics_base:
        ports += [instance.metrics_base + index for index in range(len(SERVICES))]
        ports += [
            (instance.metrics_base + 10) // 10 * 10 + index for index in range(max(instance.workers, 1))
        ]
    return sorted(set(ports))


def python() -> str:
    return str(ROOT / ".venv" / "bin" / "python")


def bootstrap_database(instance: Instance) -> None:
    values = instance_secrets(instance)
    args = [python(), "-m", "jobsprint.common.dbbootstrap", "--admin-url", PG_ADMIN_URL]
    args += ["--database", instance.database]
    for service in SERVICES:
        args += ["--service", f"{service}={values[service]}"]
    subprocess.run(args, check=True)


def _amqp_ports(ctl_dir: Path, node: str | None) -> set[int]:
    """The AMQP ports `node` (rabbitmqctl's default node when None) listens on; empty when it does
    not answer."""
    diagnostics = ctl_dir / "rabbitmq-diagnostics"
    command = [str(diagnostics), *(["-n", node] if node else []), "-q", "listeners", "--formatter", "json"]
    try:
        answer = subprocess.run(command, capture_output=True, text=True, timeout=30, check=True).stdout
        listeners = json.loads(answer).get("listeners", [])
    except (subprocess.SubprocessError, OSError, ValueError):
        return set()
    return {int(item["port"]) for item in listeners if item.get("protocol") == "amqp"}


def _local_node_names() -> list[str]:
    """The Erlang node names epmd knows on this machine (`rabbit`, `jobsprint_chaos_1`, ...)."""
    epmd = shutil.which("epmd")
    if epmd is None:
        return []
    try:
        listing = subprocess.run([epmd, "-names"], capture_output=True, text=True, timeout=10).stdout
    except (subprocess.SubprocessError, OSError):
        return []
    return [line.split()[1] for line in listing.splitlines() if line.startswith("name ")]


def rabbitmq_node(ctl: str) -> str | None:
    """The node serving AMQP_HOST:AMQP_PORT, as `rabbitmqctl -n` takes it: JOBSPRINT_RABBITMQ_NODE,
    else rabbitmqctl's default node when it listens on AMQP_PORT, else the local node that does.
    None (the default node) only when it is the right one; a bare `rabbitmqctl` would otherwise
    change another node than the one the suite connects to."""
    if RABBITMQ_NODE:
        return RABBITMQ_NODE
    ctl_dir = Path(ctl).parent
    if AMQP_PORT in _amqp_ports(ctl_dir, None):
        return None
    hosts = dict.fromkeys(["localhost", socket.gethostname().split(".")[0]])
    for name in _local_node_names():
        for host in hosts:
            if AMQP_PORT in _amqp_ports(ctl_dir, f"{name}@{host}"):
                return f"{name}@{host}"
    raise SystemExit(
        f"devctl: no local RabbitMQ node listens for AMQP on port {AMQP_PORT}; "
        "name it with JOBSPRINT_RABBITMQ_NODE (rabbitmqctl -n)"
    )


def ensure_vhost(instance: Instance) -> None:
    if instance.vhost == "/":
        return
    ctl = shutil.which("rabbitmqctl")
    if ctl is None or AMQP_HOST not in ("127.0.0.1", "localhost", "::1"):
        say(
            f"create the RabbitMQ vhost {instance.vhost!r} (rabbitmqctl add_vhost) on the node at "
            f"{AMQP_HOST}:{AMQP_PORT} and grant {AMQP_USER} on it"
        )
        return
    node = rabbitmq_node(ctl)
    base = [ctl, *(["-n", node] if node else []), "-q"]
    listed = subprocess.run([*base, "list_vhosts"], capture_output=True, text=True, check=True).stdout.split()
    if instance.vhost not in listed:
        subprocess.run([*base, "add_vhost", instance.vhost], check=True)
    subprocess.run([*base, "set_permissions", "-p", instance.vhost, AMQP_USER, ".*", ".*", ".*"], check=True)


def migrate(instance: Instance) -> None:
    """Each service's own `migrate` command (as the Helm Job runs it), all four at once."""
    env = {**os.environ, **environment(instance)}
    running = {
        service: subprocess.Popen([python(), "-m", f"jobsprint.{service}", "migrate"], env=env)
        for service in SERVICES
    }
    failed = [service for service, process in running.items() if process.wait() != 0]
    if failed:
        say(f"migrations failed for {', '.join(failed)}")
        sys.exit(1)


def supervisor_config(instance: Instance) -> str:
    logs = instance.run_dir / "logs"
    if instance.single_node:
        programs = {"node": f"{python()} -m jobsprint.node"}
    else:
        programs = {service: f"{python()} -m jobsprint.{service}" for service in SERVICES}
    programs["gateway"] = f"{python()} -m jobsprint.gateway"
    sections = [
        f"[unix_http_server]\nfile={instance.socket}\nchmod=0700\n",
        "[supervisord]\n"
        f"logfile={instance.run_dir / 'supervisord.log'}\npidfile={instance.run_dir / 'supervisord.pid'}\n"
        f"childlogdir={logs}\ndirectory={ROOT}\nloglevel=info\n",
        "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n",
        f"[supervisorctl]\nserverurl=unix://{instance.socket}\n",
    ]
    for name, command in programs.items():
        sections.append(
            f"[program:{name}]\ncommand={command}\nautorestart=true\nstartsecs=2\nstartretries=10\n"
            f"stopsignal=TERM\nstopwaitsecs=15\nredirect_stderr=true\nstdout_logfile={logs / name}.log\n"
            "stdout_logfile_maxbytes=10MB\nstdout_logfile_backups=2\n"
        )
    worker_metrics = instance.metrics_base + 10
    sections.append(
        f"[program:worker]\ncommand={python()} -m jobsprint.executor worker\n"
        f"process_name=%(program_name)s-%(process_num)d\nnumprocs={instance.workers}\n"
        f'environment=EXECUTOR_METRICS_PORT="{worker_metrics // 10}%(process_num)d"\n'
        "autorestart=true\nstartsecs=1\nstartretries=10\nstopsignal=TERM\nstopwaitsecs=30\n"
        f"redirect_stderr=true\nstdout_logfile={logs}/%(program_name)s-%(process_num)d.log\n"
        "stdout_logfile_maxbytes=10MB\nstdout_logfile_backups=2\n"
    )
    return "\n".join(sections)


def supervisorctl(instance: Instance, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python(), "-m", "supervisor.supervisorctl", "-c", str(instance.run_dir / "supervisord.conf"), *args],
        capture_output=True,
        text=True,
        check=check,
    )


def supervisor_running(instance: Instance) -> bool:
    if not instance.socket.exists():
        return False
    return supervisorctl(instance, "pid").returncode == 0


def grpc_serving(port: int) -> bool:
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=1)
        except grpc.RpcError:
            return False
        return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)


def gateway_ready(instance: Instance) -> bool:
    try:
        with urllib.request.urlopen(f"{instance.gateway_url}/readyz", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def workers_running(instance: Instance) -> bool:
    status = supervisorctl(instance, "status", "worker:*").stdout
    return status.count("RUNNING") == instance.workers


def wait_healthy(instance: Instance, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    pending: list[str] = []
    while time.monotonic() < deadline:
        pending = [s for s in SERVICES if not grpc_serving(instance.grpc_port(s))]
        if not gateway_ready(instance):
            pending.append("gateway")
        if not workers_running(instance):
            pending.append("worker")
        if not pending:
            return
        time.sleep(0.5)
    say(
        f"not healthy after {timeout:.0f}s: {', '.join(pending)}; see `make logs` ({instance.run_dir / 'logs'})"
    )
    sys.exit(1)


def prepare(instance: Instance) -> None:
    """Database, roles, schemas, migrations and vhost: everything but the processes."""
    missing = check_infra()
    if missing:
        report_missing(missing)
        sys.exit(1)
    bootstrap_database(instance)
    ensure_vhost(instance)
    migrate(instance)


def up(instance: Instance) -> None:
    started = time.monotonic()
    prepare(instance)
    (instance.run_dir / "logs").mkdir(parents=True, exist_ok=True)
    config = instance.run_dir / "supervisord.conf"
    config.write_text(supervisor_config(instance))
    if supervisor_running(instance):
        # Processes inherit supervisord's environment, so a restart alone would keep stale settings.
        say("already running: stopping it to start every process on the current code and settings")
        down(instance)
    env = {**os.environ, **environment(instance)}
    subprocess.run([python(), "-m", "supervisor.supervisord", "-c", str(config)], check=True, env=env)
    wait_healthy(instance)
    say(f"instance {instance.name!r} is up in {time.monotonic() - started:.1f}s")
    say(
        f"Studio: {instance.gateway_url}/  API: {instance.gateway_url}/v1  (reference: {instance.gateway_url}/v1/docs)"
    )
    option = "" if instance.name == "dev" else f" --instance {instance.name}"
    say(f"console: uv run jobsprint status{option}  (or .venv/bin/jobsprint; docs/operations.md)")


def down(instance: Instance) -> None:
    if not supervisor_running(instance):
        say(f"instance {instance.name!r} is not running")
        return
    supervisorctl(instance, "shutdown")
    pid_file = instance.run_dir / "supervisord.pid"
    deadline = time.monotonic() + 40
    while pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    say(f"instance {instance.name!r} stopped")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "command", choices=["up", "down", "status", "logs", "check-infra", "ensure-infra", "env"]
    )
    parser.add_argument("--instance", default="dev", choices=sorted(INSTANCES))
    parser.add_argument("--service", help="for logs: one program (auth, gateway, worker-0, ...)")
    args = parser.parse_args(argv)
    instance = INSTANCES[args.instance]
    if args.command == "up":
        up(instance)
    elif args.command == "down":
        down(instance)
    elif args.command == "status":
        if not supervisor_running(instance):
            say(f"instance {instance.name!r} is not running (make up)")
            sys.exit(3)
        print(supervisorctl(instance, "status").stdout, end="")
    elif args.command == "logs":
        logs = instance.run_dir / "logs"
        files = sorted(logs.glob(f"{args.service}*.log" if args.service else "*.log"))
        if not files:
            say(f"no logs in {logs}")
            sys.exit(1)
        os.execvp("tail", ["tail", "-n", "50", "-F", *map(str, files)])
    elif args.command == "check-infra":
        missing = check_infra()
        if missing:
            report_missing(missing)
            sys.exit(1)
        say("Postgres, Redis and RabbitMQ are reachable")
    elif args.command == "ensure-infra":
        ensure_infra()
    elif args.command == "env":
        for key, value in environment(instance).items():
            print(f"{key}={value}")


if __name__ == "__main__":
    main()
