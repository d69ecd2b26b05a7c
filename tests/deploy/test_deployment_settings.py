"""The deployment files against the code: every environment variable the Helm chart or
docker-compose.yml sets must be a field of the reading service's Settings class, and the
settings must load from what the chart renders. A renamed setting fails here, not in a cluster.

Offline: the chart is rendered with Helm's engine embedded (helm-python-sdk); no cluster.
"""

from __future__ import annotations

import importlib
import json
import re
import shlex
from pathlib import Path
from typing import Any

import check_deploy
import pytest
import yaml
from jobsprint.common import messaging
from jobsprint.common.healthcheck import this_service
from pydantic_settings import BaseSettings

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "charts" / "jobsprint"
SHARED_PREFIXES = ("JOBSPRINT_", "OTEL_")
EVERYTHING_ON = "charts/jobsprint/ci/everything-on-values.yaml"
# Read by libpq itself (dbbootstrap's admin password), not by a Settings class.
LIBPQ_VARIABLES = {"PGPASSWORD"}
# Read by glibc's malloc (ADR-103), not by a Settings class.
GLIBC_VARIABLES = {"MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_"}


def settings_class(package: str) -> type[BaseSettings]:
    cls: type[BaseSettings] = importlib.import_module(f"jobsprint.{package}.config").Settings
    return cls


def variable_names(cls: type[BaseSettings]) -> set[str]:
    """The environment variables a Settings class reads: prefix + field name, or the field's alias."""
    prefix = cls.model_config.get("env_prefix", "")
    names = set()
    for name, field in cls.model_fields.items():
        alias = field.validation_alias
        names.add(alias if isinstance(alias, str) else f"{prefix}{name}".upper())
    return names


def prefix_of(cls: type[BaseSettings]) -> str:
    return str(cls.model_config["env_prefix"])


ALL_PREFIXES = {
    prefix_of(settings_class(p)) for p in ("auth", "workflows", "executor", "integrations", "gateway")
}


@pytest.fixture(scope="module", params=list(check_deploy.values_sets()))
def rendered(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    label = request.param
    values = check_deploy.values_sets()[label]
    merged = yaml.safe_load((CHART / "values.yaml").read_text())
    return label, merge(merged, values or {}), [obj for _, obj in check_deploy.render(values)]


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        out[key] = (
            merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
        )
    return out


def components(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Component name -> its values block (blocks are the top-level maps with `dependsOn`)."""
    return {
        block["name"]: block for block in values.values() if isinstance(block, dict) and "dependsOn" in block
    }


def workload_containers(objects: list[dict[str, Any]]) -> list[tuple[str, str, dict[str, Any]]]:
    """(object name, component, container) for every container of every Deployment and Job."""
    found = []
    for obj in objects:
        if obj["kind"] not in ("Deployment", "Job"):
            continue
        spec = obj["spec"]["template"]["spec"]
        component = obj["metadata"]["labels"]["app.kubernetes.io/component"]
        for container in [*spec.get("initContainers", []), *spec["containers"]]:
            found.append((obj["metadata"]["name"], component, container))
    return found


def config_map_data(objects: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    return {o["metadata"]["name"]: o["data"] for o in objects if o["kind"] == "ConfigMap"}


def secret_data(objects: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    return {o["metadata"]["name"]: o["stringData"] for o in objects if o["kind"] == "Secret"}


def container_environment(
    container: dict[str, Any], objects: list[dict[str, Any]], *, secret_stand_in: str
) -> dict[str, str]:
    """The environment Kubernetes would give the container: envFrom ConfigMaps, then env with
    secretKeyRefs resolved from the rendered Secret (or a stand-in) and $(VAR) expanded."""
    maps, secrets = config_map_data(objects), secret_data(objects)
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        env.update(maps[source["configMapRef"]["name"]])
    for item in container.get("env", []):
        if "value" in item:
            env[item["name"]] = re.sub(r"\$\(([A-Za-z0-9_]+)\)", lambda m: env[m.group(1)], item["value"])
        else:
            ref = item["valueFrom"]["secretKeyRef"]
            env[item["name"]] = secrets.get(ref["name"], {}).get(ref["key"], secret_stand_in)
    return env


def test_every_env_var_the_chart_sets_is_a_setting_of_the_service_that_reads_it(rendered) -> None:
    label, values, objects = rendered
    blocks = components(values)
    checked = 0
    for name, component, container in workload_containers(objects):
        names = [item["name"] for item in container.get("env", [])]
        for source in container.get("envFrom", []):
            names.extend(config_map_data(objects)[source["configMapRef"]["name"]])
        if component == "migrations":
            package = re.fullmatch(r"migrate-(.+)", container["name"])
            block = blocks[package.group(1)] if package else None
        else:
            block = blocks[component]
        known = variable_names(settings_class(block["image"]["name"])) if block else set()
        # Names with no settings prefix only feed $(VAR) expansion in another variable or an argument.
        expanded = " ".join(
            [str(item.get("value", "")) for item in container.get("env", [])]
            + container.get("command", [])
            + container.get("args", [])
        )
        for variable in names:
            where = f"{label}: {name}/{container['name']} sets {variable}"
            if variable.startswith(SHARED_PREFIXES) or variable.startswith(tuple(ALL_PREFIXES)):
                assert block is not None, f"{where}, but runs no Jobsprint service"
                assert variable in known, f"{where}, which its Settings class does not read"
                checked += 1
            elif variable not in LIBPQ_VARIABLES | GLIBC_VARIABLES:
                assert f"$({variable})" in expanded, f"{where}: not a setting, and nothing expands it"
    assert checked > 50


def test_every_service_loads_its_settings_from_the_rendered_environment(
    rendered, monkeypatch, tmp_path
) -> None:
    label, values, objects = rendered
    blocks = components(values)
    stand_in_ring = '{"k": "a-stand-in-key-for-this-test-only-0123456789"}'
    stand_in_master_ring = '{"m": "c3RhbmQtaW4tbWFzdGVyLWtleS1mb3ItdGVzdHMtMDE="}'
    for obj in objects:
        if (
            obj["kind"] != "Deployment"
            or obj["metadata"]["labels"]["app.kubernetes.io/component"] not in blocks
        ):
            continue
        block = blocks[obj["metadata"]["labels"]["app.kubernetes.io/component"]]
        (container,) = obj["spec"]["template"]["spec"]["containers"]
        env = container_environment(container, objects, secret_stand_in="stand-in")
        if "JOBSPRINT_JWT_KEYS_FILE" in env:
            # The ring is a mounted file, re-read on change (ADR-025): the pod must mount it there.
            mounts = {m["mountPath"] for m in container.get("volumeMounts", [])}
            assert str(Path(env["JOBSPRINT_JWT_KEYS_FILE"]).parent) in mounts, label
            ring_file = tmp_path / "keys.json"
            ring_file.write_text('{"current": "k", "keys": ' + stand_in_ring + "}")
            env["JOBSPRINT_JWT_KEYS_FILE"] = str(ring_file)
        elif env["JOBSPRINT_JWT_KEYS"] == "stand-in":
            env |= {"JOBSPRINT_JWT_KEYS": stand_in_ring, "JOBSPRINT_JWT_CURRENT_KID": "k"}
        for prefix in ("INTEGRATIONS_", "WORKFLOWS_"):
            if env.get(f"{prefix}MASTER_KEYS") == "stand-in":
                env |= {f"{prefix}MASTER_KEYS": stand_in_master_ring, f"{prefix}MASTER_KEY_CURRENT": "m"}
        cls = settings_class(block["image"]["name"])
        for variable in variable_names(cls) | {
            v for v in __import__("os").environ if v.startswith(SHARED_PREFIXES)
        }:
            monkeypatch.delenv(variable, raising=False)
        for variable, value in env.items():
            monkeypatch.setenv(variable, value)
        settings: Any = cls()
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        where = f"{label}: {obj['metadata']['name']}"
        assert settings.environment == values["config"]["environment"], where
        if block["kind"] == "http":
            assert (settings.host, settings.port) == ("0.0.0.0", ports["http"]), where
        else:
            assert settings.metrics_host == "0.0.0.0", where
            assert settings.metrics_port == ports["metrics"], where
            assert f"jobsprint_{block['database']}:" in settings.database_url, where
            if block["kind"] == "grpc":
                assert (settings.grpc_host, settings.grpc_port) == ("0.0.0.0", ports["grpc"]), where
        for dependency in block["dependsOn"]:
            target = getattr(settings, f"{dependency}_target")
            callee = blocks[dependency]
            assert re.fullmatch(rf"dns:///\S+-{callee['name']}-headless\.\S+:{callee['port']}", target), where
        for setting, value in block.get("settings", {}).items():
            loaded = getattr(settings, setting.lower())
            if isinstance(loaded, list):  # a JSON list in the environment
                assert loaded == json.loads(value), where
                continue
            assert str(loaded) in (str(value), str(float(value))), where


def test_network_policies_admit_each_service_only_from_its_callers(rendered) -> None:
    label, values, objects = rendered
    blocks = components(values)
    policies = {
        o["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/component"]: o
        for o in objects
        if o["kind"] == "NetworkPolicy"
    }
    expected_callers = {
        "auth": {"gateway"},
        "workflows": {"gateway", "executor-worker"},
        "executor": {"gateway", "workflows"},
        "integrations": {"gateway", "workflows", "executor-worker"},
        "executor-worker": set(),
    }
    for component, callers in expected_callers.items():
        admitted = set()
        for rule in policies[component]["spec"]["ingress"]:
            ports = {p["port"] for p in rule["ports"]}
            for peer in rule["from"]:
                labels = peer.get("podSelector", {}).get("matchLabels", {})
                if "app.kubernetes.io/component" in labels:
                    admitted.add(labels["app.kubernetes.io/component"])
                    assert ports == {"grpc"}, f"{label}: {component} admits callers on {ports}"
                else:
                    assert ports == {"metrics"}, f"{label}: {component} admits {peer} on {ports}"
        assert admitted == callers, f"{label}: {component} admits {admitted}"
    gateway_rules = policies[blocks["gateway"]["name"]]["spec"]["ingress"]
    assert {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}} in [
        peer for rule in gateway_rules for peer in rule["from"]
    ]


def test_the_migration_job_bootstraps_then_migrates_every_service_that_has_migrations(rendered) -> None:
    label, _, objects = rendered
    (job,) = [o for o in objects if o["kind"] == "Job"]
    assert "pre-upgrade" in job["metadata"]["annotations"]["helm.sh/hook"]
    steps = [c["name"] for c in job["spec"]["template"]["spec"]["initContainers"]]
    with_migrations = sorted(p.parent.parent.name for p in ROOT.glob("services/*/migrations/versions"))
    assert steps[0] == "dbbootstrap", label
    assert sorted(steps[1:]) == [f"migrate-{service}" for service in with_migrations], label
    for container in job["spec"]["template"]["spec"]["initContainers"][1:]:
        service = container["name"].removeprefix("migrate-")
        assert container["command"] == ["python", "-m", f"jobsprint.{service}", "migrate"]
        assert f"/{service}:" in container["image"]


def test_workers_scale_on_the_run_queue_with_keda_instead_of_cpu() -> None:
    objects = [obj for _, obj in check_deploy.render(check_deploy.values_sets()[EVERYTHING_ON])]
    (scaled,) = [o for o in objects if o["kind"] == "ScaledObject"]
    (trigger,) = scaled["spec"]["triggers"]
    assert trigger["type"] == "rabbitmq"
    assert trigger["metadata"]["queueName"] == messaging.RUN_QUEUE
    assert scaled["spec"]["scaleTargetRef"]["name"].endswith("-executor-worker")
    hpa_targets = {
        o["spec"]["scaleTargetRef"]["name"] for o in objects if o["kind"] == "HorizontalPodAutoscaler"
    }
    assert not any(name.endswith("-executor-worker") for name in hpa_targets)


def test_grpc_services_are_headless_and_probed_over_grpc(rendered) -> None:
    label, values, objects = rendered
    grpc_components = {b["name"] for b in components(values).values() if b["kind"] == "grpc"}
    for obj in objects:
        component = obj["metadata"]["labels"].get("app.kubernetes.io/component")
        if component not in grpc_components:
            continue
        if obj["kind"] == "Service":
            assert obj["spec"]["clusterIP"] == "None", f"{label}: {obj['metadata']['name']}"
        if obj["kind"] == "Deployment":
            (container,) = obj["spec"]["template"]["spec"]["containers"]
            for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                assert "grpc" in container[probe], f"{label}: {component} {probe}"
            # Alive while its database is down (no restart loop in an outage), not ready then.
            assert container["livenessProbe"]["grpc"]["service"] == "liveness", f"{label}: {component}"
            assert container["startupProbe"]["grpc"]["service"] == "liveness", f"{label}: {component}"
            assert "service" not in container["readinessProbe"]["grpc"], f"{label}: {component}"
            assert container["securityContext"]["readOnlyRootFilesystem"] is True


def test_every_chart_value_is_documented_with_a_param_line() -> None:
    text = (CHART / "values.yaml").read_text()
    documented = set(re.findall(r"^## @param (\S+)", text, flags=re.MULTILINE))

    def leaves(node: Any, path: str) -> list[str]:
        if isinstance(node, dict) and node:
            return [
                leaf
                for key, value in node.items()
                for leaf in leaves(value, f"{path}.{key}" if path else key)
            ]
        return [path]

    values = yaml.safe_load(text)
    undocumented = [
        leaf
        for leaf in leaves(values, "")
        if not any(leaf == p or leaf.startswith(p + ".") for p in documented)
    ]
    assert undocumented == []
    stale = [p for p in documented if not _exists(values, p.split("."))]
    assert stale == []


def _exists(node: Any, path: list[str]) -> bool:
    return not path or (isinstance(node, dict) and path[0] in node and _exists(node[path[0]], path[1:]))


def test_every_env_var_docker_compose_sets_is_a_setting_of_the_service_that_reads_it() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    checked = 0
    for name, service in compose["services"].items():
        image = service.get("image", "")
        match = re.search(r"/(\w+):", image)
        if "JOBSPRINT_IMAGE_PREFIX" not in image or not match:
            continue
        known = variable_names(settings_class(match.group(1)))
        for variable in service.get("environment", {}):
            if variable in LIBPQ_VARIABLES:
                continue
            assert variable in known, (
                f"docker-compose.yml: {name} sets {variable}, which its Settings does not read"
            )
            checked += 1
    assert checked > 50


@pytest.mark.parametrize(
    "values",
    [
        {"executor": {"replicaCont": 3}},
        {"ingres": {"enabled": True}},
        {"postgresql": {"sslMode": "required"}},
        {"executorWorker": {"keda": {"messagesPerReplica": 0}}},
    ],
)
def test_a_typo_in_values_fails_the_install(values: dict[str, Any]) -> None:
    import helm_python as helm

    with pytest.raises(helm.HelmValuesError, match="schema"):
        check_deploy.render(values)


def test_a_false_in_a_component_block_overrides_a_true_default() -> None:
    objects = [
        obj
        for _, obj in check_deploy.render({"auth": {"autoscaling": {"enabled": False}, "replicaCount": 1}})
    ]
    hpas = {o["metadata"]["name"] for o in objects if o["kind"] == "HorizontalPodAutoscaler"}
    (auth,) = [o for o in objects if o["kind"] == "Deployment" and o["metadata"]["name"].endswith("-auth")]
    assert not any(name.endswith("-auth") for name in hpas)
    assert auth["spec"]["replicas"] == 1


# --- the one Dockerfile -----------------------------------------------------------------------

SERVICES = sorted(p.parent.name for p in ROOT.glob("services/*/pyproject.toml"))


def dockerfile_stages() -> dict[str, list[tuple[str, str]]]:
    """The Dockerfile's stages by name ("" for an unnamed one): each a list of (instruction,
    arguments), continuation lines joined and comments dropped."""
    stages: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    logical = re.sub(r"\\\n(\s*#[^\n]*\n)*", " ", (ROOT / "Dockerfile").read_text())
    for line in logical.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, arguments = line.partition(" ")
        if instruction.upper() == "FROM":
            name = re.search(r"\s+AS\s+(\S+)$", arguments, flags=re.IGNORECASE)
            current = stages.setdefault(name.group(1) if name else "", [])
        current.append((instruction.upper(), arguments.strip()))
    return stages


def stage_env(stage: list[tuple[str, str]]) -> dict[str, str]:
    return dict(
        item.split("=", 1)
        for instruction, arguments in stage
        if instruction == "ENV"
        for item in shlex.split(arguments)
    )


def test_one_dockerfile_builds_every_service_and_no_service_has_its_own() -> None:
    assert list(ROOT.glob("services/*/Dockerfile")) == []
    stages = dockerfile_stages()
    # The image is the stage SERVICE names: the last, unnamed stage.
    assert stages[""] == [("FROM", "${SERVICE}")]
    assert set(SERVICES) <= set(stages)
    assert set(stages) - set(SERVICES) == {"", "web", "builder", "runtime"}
    # Studio is built in its own stage and reaches the gateway's image only.
    copies = {s: [a for i, a in stage if i == "COPY" and "--from=web" in a] for s, stage in stages.items()}
    assert copies.pop("gateway") == ["--from=web /web/dist /app/web/dist"]
    assert not any(copies.values())
    for service in SERVICES:
        assert stages[service][0] == ("FROM", "runtime AS " + service)


def test_each_service_stage_sets_only_its_settings_exposes_them_and_checks_its_health() -> None:
    stages = dockerfile_stages()
    for service in SERVICES:
        stage = stages[service]
        env = stage_env(stage)
        known = variable_names(settings_class(service))
        assert set(env) <= known, f"{service}: {set(env) - known} are not its settings"
        assert all(env[name] == "0.0.0.0" for name in env if name.endswith("HOST")), service
        ports = {value for name, value in env.items() if name.endswith("PORT")}
        (exposed,) = [arguments for instruction, arguments in stage if instruction == "EXPOSE"]
        assert set(exposed.split()) == ports, service
        # The command and the health check are the runtime stage's, for every service.
        assert not [i for i, _ in stage if i in ("CMD", "HEALTHCHECK")], service


def test_every_image_runs_its_service_and_checks_its_health_at_the_port_it_listens_on() -> None:
    """The runtime stage's command and health check, as a container of each service runs them:
    the module it starts, and the target `healthcheck service` picks from the stage's settings."""
    stages = dockerfile_stages()
    runtime = stages["runtime"]
    env = stage_env(runtime)
    assert env["JOBSPRINT_SERVICE"] == "${SERVICE}"
    (command,) = [arguments for instruction, arguments in runtime if instruction == "CMD"]
    (healthcheck,) = [arguments for instruction, arguments in runtime if instruction == "HEALTHCHECK"]
    assert json.loads(healthcheck.split(" CMD ", 1)[1]) == [
        "python",
        "-m",
        "jobsprint.common.healthcheck",
        "service",
    ]
    for service in SERVICES:
        container = {**stage_env(stages[service]), "JOBSPRINT_SERVICE": service}
        assert shlex.split(json.loads(command)[2].replace("${JOBSPRINT_SERVICE}", service)) == [
            "exec",
            "python",
            "-m",
            f"jobsprint.{service}",
        ]
        chosen = this_service(container)
        assert isinstance(chosen, tuple), chosen
        kind, target = chosen
        port = container["GATEWAY_PORT" if service == "gateway" else f"{service.upper()}_GRPC_PORT"]
        assert (kind, target.split("127.0.0.1:", 1)[1].split("/")[0]) == (
            "http" if service == "gateway" else "grpc",
            port,
        ), service


def test_docker_compose_builds_every_image_from_the_one_dockerfile_for_its_service() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    built = 0
    for name, service in compose["services"].items():
        if "build" not in service:
            continue
        build = service["build"]
        image = re.search(r"/(\w+):", service["image"])
        assert image, name
        assert build.get("dockerfile", "Dockerfile") == "Dockerfile", name
        assert build["args"]["SERVICE"] == image.group(1), (
            f"{name} builds {build['args']} as {image.group(1)}"
        )
        built += 1
    assert built >= len(SERVICES)


def test_every_chart_component_runs_an_image_the_dockerfile_builds(rendered) -> None:
    label, values, _ = rendered
    stages = dockerfile_stages()
    for block in components(values).values():
        assert block["image"]["name"] in stages, f"{label}: {block['name']} runs {block['image']['name']}"
