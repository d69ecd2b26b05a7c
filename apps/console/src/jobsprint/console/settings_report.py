"""`jobsprint config show|check`: each service's effective settings, read through the service's
own settings class (so defaults, prefixes and validation are the service's, not a copy), with
where each value came from and every secret masked; and the values unsafe in production.

Where the environment comes from: the running process of the local stack (`/proc/<pid>/environ`,
what it really started with), the instance's environment as `make up` would give it when the
process is not running, a file of `KEY=VALUE` lines (`--env-file`, e.g. `kubectl exec … env`),
or this shell's environment (`--from-environment`, inside a container).
"""

from __future__ import annotations

import ipaddress
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pydantic import SecretStr, ValidationError
from pydantic_settings import BaseSettings

SERVICES = ("gateway", "auth", "workflows", "executor", "integrations")
MASK = "********"
SECRET_WORDS = ("secret", "password", "master_keys", "jwt_keys", "token")


def settings_class(service: str) -> type[BaseSettings]:
    if service not in SERVICES:
        raise ValueError(f"no service {service!r}; one of {', '.join(SERVICES)}")
    return import_module(f"jobsprint.{service}.config").Settings  # type: ignore[no-any-return]


def env_name(cls: type[BaseSettings], name: str, info: Any) -> str:
    alias = info.validation_alias
    if isinstance(alias, str):
        return alias
    return f"{cls.model_config.get('env_prefix', '')}{name}".upper()


def mask_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", f":{MASK}@", 1)
        return urlunsplit(parts._replace(netloc=netloc))
    return value


def shown(name: str, value: Any, annotation_secret: bool) -> str:
    if value is None:
        return ""
    if annotation_secret or isinstance(value, SecretStr) or any(word in name for word in SECRET_WORDS):
        return MASK if str(value) else ""
    if isinstance(value, list | dict):
        return json.dumps(value)
    text = str(value)
    return mask_url(text) if "://" in text else text


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """Settings classes read `os.environ`; evaluate them against `values` alone, then restore."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@dataclass
class ServiceSettings:
    service: str
    source: str
    settings: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    unsafe: list[dict[str, str]] = field(default_factory=list)
    environment: str = "development"

    def as_dict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "source": self.source,
            "environment": self.environment,
            "valid": not self.errors,
            "settings": self.settings,
            "errors": self.errors,
            "unsafe": self.unsafe,
        }


def inspect(
    service: str, env: Mapping[str, str], *, source: str, production: bool = False
) -> ServiceSettings:
    cls = settings_class(service)
    report = ServiceSettings(service, source)
    with environment(env):
        try:
            instance: BaseSettings | None = cls()
        except ValidationError as exc:
            instance = None
            for error in exc.errors():
                where = ".".join(str(part) for part in error["loc"]) or "(settings)"
                report.errors.append({"setting": where, "message": error["msg"]})
        except ValueError as exc:
            instance = None
            report.errors.append({"setting": "(settings)", "message": str(exc)})
    for name, info in cls.model_fields.items():
        variable = env_name(cls, name, info)
        secret = "SecretStr" in str(info.annotation)
        if variable in env:
            value: Any = env[variable]
            origin = "environment"
        else:
            value = (
                getattr(instance, name)
                if instance is not None
                else info.get_default(call_default_factory=True)
            )
            origin = "default"
        report.settings.append(
            {
                "name": name,
                "env": variable,
                "value": shown(name, value, secret),
                "source": origin,
                "description": info.description or "",
            }
        )
    if instance is not None:
        report.environment = str(getattr(instance, "environment", "development"))
        report.unsafe = unsafe_values(service, instance, env)
    if production or report.environment == "production":
        report.errors += [
            {"setting": u["env"], "message": f"unsafe in production: {u['why']}"}
            for u in report.unsafe
            if u["severity"] == "unsafe"
        ]
    return report


def unsafe_values(service: str, settings: Any, env: Mapping[str, str]) -> list[dict[str, str]]:
    """Values that are fine on a laptop and wrong in production, each with why."""
    found: list[dict[str, str]] = []

    def flag(variable: str, why: str, *, severity: str = "unsafe") -> None:
        """`unsafe`: an error in production; `advice`: worth a look, not wrong in itself."""
        found.append({"env": variable, "why": why, "severity": severity})

    from jobsprint.common.envelope import MasterKeyRing
    from jobsprint.common.settings import DEVELOPMENT_JWT_KEYS, DEVELOPMENT_MASTER_KEYS, MasterKeySettings

    if getattr(settings, "environment", "") != "production":
        flag(
            "JOBSPRINT_ENVIRONMENT",
            f"is {settings.environment!r}: only `production` refuses the published development secrets",
        )
    if settings.jwt_keys_file is None and set(json.loads(DEVELOPMENT_JWT_KEYS).values()) & set(
        settings.jwt_key_ring.values()
    ):
        flag(
            "JOBSPRINT_JWT_KEYS",
            "holds the development key published in this repository: anyone can forge tokens",
        )
    if str(settings.log_level).upper() == "DEBUG":
        flag(
            "JOBSPRINT_LOG_LEVEL",
            "DEBUG logs request details and costs CPU on every request",
            severity="advice",
        )
    if not settings.otlp_endpoint:
        flag("OTEL_EXPORTER_OTLP_ENDPOINT", "is unset: no traces are exported", severity="advice")
    for variable, url, secure in (
        ("JOBSPRINT_REDIS_URL", settings.redis_url, "rediss"),
        ("JOBSPRINT_AMQP_URL", settings.amqp_url, "amqps"),
    ):
        if not str(url).startswith(f"{secure}://") and not _loopback(url):
            flag(variable, f"is not {secure}://: traffic and its password travel in clear")
    database_url = getattr(settings, "database_url", None)
    if database_url and "sslmode" not in database_url and not _loopback(database_url):
        flag(f"{service.upper()}_DATABASE_URL", "has no sslmode: the connection may be unencrypted")
    for variable in ("EXECUTOR_OUTBOUND_ALLOW_NETWORKS", "INTEGRATIONS_OUTBOUND_ALLOW_NETWORKS"):
        networks = (
            getattr(settings, "outbound_allow_networks", None)
            if variable.startswith(service.upper())
            else None
        )
        for network in networks or []:
            try:
                parsed = ipaddress.ip_network(network, strict=False)
            except ValueError:
                continue
            if parsed.is_private or parsed.is_loopback:
                flag(
                    variable,
                    f"lets workflows reach {network}, inside your network (the SSRF guard opened)",
                    severity="advice",
                )
    if isinstance(settings, MasterKeySettings):  # integrations and workflows each keep their own ring
        published = set(MasterKeyRing.from_json(DEVELOPMENT_MASTER_KEYS, "dev-master-1").keys.values())
        if published & set(settings.master_key_ring().keys.values()):
            flag(
                f"{service.upper()}_MASTER_KEYS",
                "holds the development master key published in this repository",
            )
    if service == "gateway":
        for origin in settings.cors_allowed_origins:
            if origin.startswith("http://"):
                flag("GATEWAY_CORS_ALLOWED_ORIGINS", f"allows {origin}, not HTTPS")
        if settings.public_url and not settings.public_url.startswith("https://"):
            flag("GATEWAY_PUBLIC_URL", "webhook URLs are not HTTPS")
        if settings.rate_limit_per_minute > 100_000 or settings.auth_rate_limit_per_minute > 1000:
            flag(
                "GATEWAY_*RATE_LIMIT_PER_MINUTE", "limits are so loose they protect nothing (test settings?)"
            )
    if service == "executor" and settings.lease_ttl_seconds < 10:
        flag(
            "EXECUTOR_LEASE_TTL_SECONDS",
            f"is {settings.lease_ttl_seconds}s: a pause longer than that hands a running execution to another worker",
        )
    return found


def _loopback(url: str) -> bool:
    host = urlsplit(str(url)).hostname or ""
    return host in ("localhost", "127.0.0.1", "::1")


def read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        values[key.strip()] = value.strip().strip("'\"")
    return values


def process_environment(pid: int) -> dict[str, str] | None:
    """A running process's environment as it started (`/proc/<pid>/environ`), when readable."""
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return None
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {key.decode(errors="replace"): value.decode(errors="replace") for key, value in pairs}
