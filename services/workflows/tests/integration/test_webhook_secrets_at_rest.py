"""Webhook secrets at rest (issue 13, item 12; ADR-069): the signing secret and the token are not
in the database in clear — the token is looked up by its digest, both are sealed under the
workspace's data key — a migration converts the rows stored before, and a webhook caller's
credentials are not stored with the run."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import orjson
import psycopg
import pytest
from alembic import command
from alembic.config import Config
from jobsprint.common import envelope
from jobsprint.common.envelope import Binding, MasterKeyRing
from jobsprint.common.identity import service_principal
from jobsprint.workflows import bootstrap
from jobsprint.workflows.domain import webhooks
from sqlalchemy import create_engine, text

from .test_triggers import ECHO

pytestmark = [pytest.mark.integration, pytest.mark.security]

ALEMBIC_INI = bootstrap.__file__.rsplit("/src/", 1)[0] + "/alembic.ini"
SIGNING_SECRET = "whsec-" + uuid.uuid4().hex


@pytest.fixture
def ingress(ring):
    return service_principal(ring, service="gateway", workspace_id="", scopes=("run",))


def _signed_webhook(ctx, principal):
    created = ctx.create_workflow(
        principal=principal, name="hook", description="", tags=[], definition=orjson.dumps(ECHO)
    )
    ctx.set_active(principal=principal, workflow_id=created.row.id, active=True)
    return ctx.set_webhook_secret(principal=principal, workflow_id=created.row.id, secret=SIGNING_SECRET)


def test_neither_the_signing_secret_nor_the_token_is_stored_in_clear(ctx, new_principal, ingress) -> None:
    principal = new_principal()
    workflow = _signed_webhook(ctx, principal)
    token = workflow.webhook_token

    with ctx.sessions() as session:
        stored = session.execute(
            text("SELECT row_to_json(w)::text FROM workflows.workflows w WHERE id = :id"),
            {"id": workflow.row.id},
        ).scalar_one()
        row = session.execute(
            text("SELECT webhook_token_hash FROM workflows.workflows WHERE id = :id"), {"id": workflow.row.id}
        ).one()

    assert token and token not in stored and SIGNING_SECRET not in stored
    assert row.webhook_token_hash == hashlib.sha256(token.encode()).hexdigest()
    # What the row holds still works: the hook is found by the token's digest, the signature checks.
    body = b'{"amount": 21}'
    run = ctx.trigger_webhook(
        principal=ingress,
        token=token,
        method="POST",
        headers=[
            ("Content-Type", "application/json"),
            (webhooks.SIGNATURE_HEADER, webhooks.signature(SIGNING_SECRET, body)),
        ],
        query=[],
        body=body,
    )
    assert run.workflow_id == workflow.row.id


# The run's `request` as the executor stored it: what an expression over `request` sees.
REQUEST_SEEN = {
    "nodes": [
        {"id": "hook", "type": "trigger.webhook", "parameters": {"method": "POST", "response_mode": "wait"}},
        {
            "id": "seen",
            "type": "core.set",
            "parameters": {"keep_input": False, "values": {"headers": "{{ request.headers }}"}},
        },
    ],
    "edges": [{"from": "hook", "to": "seen"}],
}


def test_a_webhook_callers_credentials_are_redacted_before_the_request_is_stored(
    ctx, finished, new_principal, ingress
) -> None:
    principal = new_principal()
    created = ctx.create_workflow(
        principal=principal, name="hook", description="", tags=[], definition=orjson.dumps(REQUEST_SEEN)
    )
    workflow = ctx.set_active(principal=principal, workflow_id=created.row.id, active=True)
    sent = {
        "Authorization": "Bearer caller-bearer-" + uuid.uuid4().hex,
        "Cookie": "session=caller-cookie-" + uuid.uuid4().hex,
        "X-Api-Key": "caller-key-" + uuid.uuid4().hex,
        "X-Tenant-Pin": "pin-" + uuid.uuid4().hex,  # configured (WORKFLOWS_WEBHOOK_REDACTED_HEADERS)
    }

    run = ctx.trigger_webhook(
        principal=ingress,
        token=workflow.webhook_token,
        method="POST",
        headers=[("Content-Type", "application/json"), ("X-Event", "paid"), *sent.items()],
        query=[],
        body=b'{"amount": 21}',
    )

    # Read through the executor's API: the run's request is what the executor was sent and stored.
    execution = finished(principal, run.execution_id)
    assert execution.status == "succeeded", execution.error
    stored = orjson.loads(execution.output)["headers"]
    for name, value in sent.items():
        assert value not in (execution.output + execution.input).decode()
        assert stored[name.lower()] == "[redacted]"
    assert stored["x-event"] == "paid"  # other headers reach the run as they came


# --- the migration converts what was stored before ------------------------------------------------


@pytest.fixture
def scratch_database(it_env) -> Iterator[str]:
    """A database of its own with the workflows schema, for running migrations up and down."""
    url = urlsplit(it_env["WORKFLOWS_DATABASE_URL"])
    name = f"{url.path.lstrip('/')}_mig_{uuid.uuid4().hex[:8]}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{name}", autocommit=True) as connection:
        connection.execute("CREATE SCHEMA workflows")
    yield urlunsplit(("postgresql+psycopg", "postgres@127.0.0.1:5432", f"/{name}", "", ""))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _alembic(url: str, ring: MasterKeyRing | None) -> Config:
    config = Config(ALEMBIC_INI)
    config.set_main_option("script_location", ALEMBIC_INI.rsplit("/", 1)[0] + "/migrations")
    config.attributes["database_url"] = url
    if ring is not None:
        config.attributes["master_key_ring"] = ring
    return config


def test_the_migration_seals_stored_secrets_and_tokens_and_a_downgrade_restores_them(
    scratch_database,
) -> None:
    ring = MasterKeyRing.from_base64({"m1": "bWlncmF0aW9uLXRlc3QtbWFzdGVyLWtleS0wMTIzNDU="}, "m1")
    command.upgrade(_alembic(scratch_database, ring), "0003")
    engine = create_engine(scratch_database)
    workspace_id, signed, unsigned = (str(uuid.uuid4()) for _ in range(3))
    token_a, token_b = webhooks.new_token(), webhooks.new_token()
    with engine.begin() as connection:
        for workflow_id, token, secret in ((signed, token_a, SIGNING_SECRET), (unsigned, token_b, None)):
            connection.execute(
                text(
                    "INSERT INTO workflows.workflows (id, workspace_id, name, current_version, trigger_type,"
                    " webhook_token, webhook_secret) VALUES (:id, :ws, 'w', 1, 'trigger.webhook', :token, :secret)"
                ),
                {"id": workflow_id, "ws": workspace_id, "token": token, "secret": secret},
            )

    command.upgrade(_alembic(scratch_database, ring), "head")

    with engine.connect() as connection:
        dump = " ".join(
            connection.execute(text("SELECT row_to_json(w)::text FROM workflows.workflows w")).scalars()
        )
        rows = {
            str(r.id): r
            for r in connection.execute(
                text(
                    "SELECT id, webhook_token_hash, webhook_token_sealed, webhook_secret_sealed FROM workflows.workflows"
                )
            )
        }
        wrapped = connection.execute(text("SELECT master_kid, wrapped_key FROM workflows.data_keys")).one()
    assert token_a not in dump and token_b not in dump and SIGNING_SECRET not in dump
    key = ring.unwrap(workspace_id, wrapped.master_kid, wrapped.wrapped_key)
    for workflow_id, token in ((signed, token_a), (unsigned, token_b)):
        row = rows[workflow_id]
        assert row.webhook_token_hash == webhooks.token_digest(token)
        opened = envelope.open_sealed(
            key, row.webhook_token_sealed, binding=Binding("webhook-token", workspace_id, workflow_id)
        )
        assert opened.decode() == token
    assert (
        envelope.open_sealed(
            key, rows[signed].webhook_secret_sealed, binding=Binding("webhook-secret", workspace_id, signed)
        ).decode()
        == SIGNING_SECRET
    )
    assert rows[unsigned].webhook_secret_sealed is None

    command.downgrade(_alembic(scratch_database, ring), "0003")
    with engine.connect() as connection:
        restored = dict(
            connection.execute(
                text("SELECT webhook_token, webhook_secret FROM workflows.workflows WHERE id = :id"),
                {"id": signed},
            )
            .one()
            ._mapping
        )
    assert restored == {"webhook_token": token_a, "webhook_secret": SIGNING_SECRET}
    engine.dispose()


def test_the_migration_refuses_to_run_without_the_master_key_when_there_is_something_to_seal(
    scratch_database,
) -> None:
    command.upgrade(_alembic(scratch_database, None), "0003")
    engine = create_engine(scratch_database)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO workflows.workflows (id, workspace_id, name, current_version, webhook_secret)"
                " VALUES (:id, :ws, 'w', 1, 'a-secret-of-16-chars')"
            ),
            {"id": str(uuid.uuid4()), "ws": str(uuid.uuid4())},
        )
    engine.dispose()
    with pytest.raises(RuntimeError, match="WORKFLOWS_MASTER_KEYS"):
        command.upgrade(_alembic(scratch_database, None), "head")
