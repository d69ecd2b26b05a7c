"""Each program loads only what it uses (issue 17, ADR-103): a fresh interpreter imports what the
program's `python -m` imports before it serves, and names the modules it must not have loaded. A
new eager import of a heavy library fails here, not in a memory figure weeks later."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Never in any program: the console's libraries (cel's REPL, httpx's CLI) and redis's metrics SDK.
NOWHERE = (
    "typer",
    "rich",
    "pygments",
    "prompt_toolkit",
    "httpx._main",
    "opentelemetry.sdk.metrics",
)
# The gateway's alone (uvicorn brings click, for its command line).
HTTP_SERVER = ("fastapi", "starlette", "uvicorn", "click")
# cryptography only where secrets are sealed (workflows, integrations), and there only once used.
CRYPTOGRAPHY = ("cryptography",)
# `python -m jobsprint.<service> --help`: every import of the real entrypoint, then argparse exits.
SERVICE_ENTRYPOINT = (
    "import runpy, sys\n"
    "sys.argv = ['{name}', '--help']\n"
    "try:\n"
    "    runpy.run_module('jobsprint.{name}', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
)
# The gateway's __main__ serves at once; these are its imports.
GATEWAY_ENTRYPOINT = (
    "import jobsprint.common.lean_imports\nimport uvicorn\nfrom jobsprint.gateway.app import create_app\n"
)
REPORT = (
    "import json, sys\n"
    "print(json.dumps(sorted(name for name, module in sys.modules.items() if module is not None)))\n"
)


def loaded_by(program: str) -> set[str]:
    setup = GATEWAY_ENTRYPOINT if program == "gateway" else SERVICE_ENTRYPOINT.format(name=program)
    out = subprocess.run(
        [sys.executable, "-c", setup + REPORT], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    ("program", "forbidden"),
    [
        ("gateway", NOWHERE + CRYPTOGRAPHY + ("sqlalchemy", "psycopg", "cel", "jsonschema")),
        ("auth", NOWHERE + HTTP_SERVER + CRYPTOGRAPHY + ("cel", "jsonschema")),
        # Before the command is chosen, so the worker too: it serves no gRPC, `serve` imports that.
        (
            "executor",
            NOWHERE
            + HTTP_SERVER
            + CRYPTOGRAPHY
            + ("jobsprint.common.grpc_server", "jobsprint.executor.entrypoints.grpc_api"),
        ),
        ("workflows", NOWHERE + HTTP_SERVER + CRYPTOGRAPHY),
        ("integrations", NOWHERE + HTTP_SERVER + CRYPTOGRAPHY + ("jsonschema",)),
        # The four services in one process (ADR-106): what each leaves out, the node does too.
        ("node", NOWHERE + HTTP_SERVER + CRYPTOGRAPHY),
    ],
)
def test_a_program_does_not_load_what_it_does_not_use(program: str, forbidden: tuple[str, ...]) -> None:
    loaded = loaded_by(program)
    entry = {"gateway": "gateway.app", "node": "node.host"}.get(program, f"{program}.bootstrap")
    assert f"jobsprint.{entry}" in loaded
    assert not loaded & set(forbidden), f"{program} loads {sorted(loaded & set(forbidden))}"


def test_the_hidden_parts_leave_what_is_used_working() -> None:
    """cel compiles and evaluates, HS256 tokens round-trip, secrets seal and open (cryptography
    imported on first use), and the hidden optional modules import normally afterwards."""
    check = (
        "import jobsprint.common.lean_imports\n"
        "import sys, cel, jwt, redis.observability.providers as otel, redis.utils\n"
        "assert cel.compile('1 + 2').execute({}) == 3\n"
        "token = jwt.encode({'sub': 'a'}, 'k' * 32, algorithm='HS256')\n"
        "assert jwt.decode(token, 'k' * 32, algorithms=['HS256'])['sub'] == 'a'\n"
        "assert not otel.OTEL_AVAILABLE and not redis.utils.CRYPTOGRAPHY_AVAILABLE\n"
        "from jobsprint.common import envelope\n"
        "assert 'cryptography' not in sys.modules\n"
        "binding = envelope.Binding(purpose='t', workspace_id='w', record_id='r')\n"
        "key = envelope.new_data_key()\n"
        "assert envelope.open_sealed(key, envelope.seal(key, b'x', binding=binding), binding=binding) == b'x'\n"
        "import opentelemetry.sdk.metrics, httpx\n"
        "assert callable(httpx.main)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "ok", out.stderr


def test_the_integrations_connectors_load_the_mcp_sdk_only_when_called() -> None:
    """The service builds every connector when it starts; the MCP SDK (with its server side,
    starlette and uvicorn) and jsonschema wait for the first MCP call."""
    setup = (
        "import jobsprint.common.lean_imports\n"
        "from jobsprint.integrations.adapters.connectors.registry import default_connectors\n"
        "assert 'mcp' in {connector.name for connector in default_connectors()}\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", setup + REPORT], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    loaded = set(json.loads(out.strip().splitlines()[-1]))
    assert not loaded & {"mcp", "jsonschema", "starlette", "uvicorn"}, sorted(
        loaded & {"mcp", "jsonschema", "starlette", "uvicorn"}
    )
