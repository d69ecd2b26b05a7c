"""Credentials over gRPC against real Postgres: write-only secrets, envelope encryption bound to
workspace and row, workspace isolation, and master-key rotation while serving."""

from __future__ import annotations

import subprocess
import uuid

import grpc
import orjson
import pytest
from google.protobuf.field_mask_pb2 import FieldMask
from jobsprint.api.integrations.v1 import integrations_pb2
from jobsprint.common.db import libpq_url
from jobsprint.integrations.adapters.orm import credentials, data_keys
from jobsprint.integrations.service.key_rotation import rotate_master_key
from jobsprint.integrations.service.secrets import decrypted_credential
from sqlalchemy import select, update

pytestmark = pytest.mark.integration

SECRET = "s3cr3t-" + uuid.uuid4().hex


def opened(ctx, caller, credential_id: str):  # type: ignore[no-untyped-def]
    """The credential with its secret, as the service opens it for an action."""
    return decrypted_credential(
        ctx.deps.uow(), ctx.deps.keys, workspace_id=caller.workspace_id, credential_id=credential_id
    )


def test_creates_reads_and_lists_a_credential_without_ever_returning_its_secret(caller) -> None:
    created = caller.create("bearer", {}, {"token": SECRET}, name="github")
    fetched = caller.GetCredential(integrations_pb2.GetCredentialRequest(id=created.id))
    listed = caller.ListCredentials(integrations_pb2.ListCredentialsRequest())
    assert created.type == "bearer"
    assert list(created.secret_fields) == ["token"]
    assert [c.name for c in listed.credentials] == ["github"]
    for message in (created, fetched, listed):
        assert SECRET.encode() not in message.SerializeToString()


def test_keeps_config_in_the_clear_and_checks_it_against_the_type(caller) -> None:
    created = caller.create("basic", {"username": "ada"}, {"password": SECRET})
    assert orjson.loads(created.config) == {"username": "ada"}
    with pytest.raises(grpc.RpcError) as refused:
        caller.create("basic", {}, {"password": SECRET})
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "username" in refused.value.details() or "config" in refused.value.details()


def test_an_invalid_secret_is_refused_without_echoing_it(caller) -> None:
    with pytest.raises(grpc.RpcError) as refused:
        caller.create("bearer", {}, {"token": SECRET, "extra": SECRET})
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert SECRET not in refused.value.details()
    assert SECRET.encode() not in b"".join(
        v for k, v in refused.value.trailing_metadata() if k.endswith("-bin")
    )


def test_refuses_unknown_credential_types_and_duplicate_names(caller) -> None:
    with pytest.raises(grpc.RpcError) as unknown:
        caller.create("telepathy", {}, {"x": "y"})
    assert unknown.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    caller.create("bearer", {}, {"token": SECRET}, name="twice")
    with pytest.raises(grpc.RpcError) as duplicate:
        caller.create("bearer", {}, {"token": SECRET}, name="twice")
    assert duplicate.value.code() == grpc.StatusCode.ALREADY_EXISTS


def test_updates_name_and_secret_by_field_mask_and_deletes(caller, ctx) -> None:
    created = caller.create("bearer", {}, {"token": "old-token"}, name="before")
    updated = caller.UpdateCredential(
        integrations_pb2.UpdateCredentialRequest(
            id=created.id,
            name="after",
            secret=orjson.dumps({"token": "new-token"}),
            update_mask=FieldMask(paths=["name", "secret"]),
        )
    ).credential
    assert updated.name == "after"
    decrypted = opened(ctx, caller, created.id)
    assert decrypted.secret == {"token": "new-token"}
    caller.DeleteCredential(integrations_pb2.DeleteCredentialRequest(id=created.id))
    with pytest.raises(grpc.RpcError) as gone:
        caller.GetCredential(integrations_pb2.GetCredentialRequest(id=created.id))
    assert gone.value.code() == grpc.StatusCode.NOT_FOUND


def test_another_workspaces_credential_is_not_found_on_every_method(caller, stranger) -> None:
    created = caller.create("bearer", {}, {"token": SECRET})
    attempts = [
        lambda: stranger.GetCredential(integrations_pb2.GetCredentialRequest(id=created.id)),
        lambda: stranger.UpdateCredential(
            integrations_pb2.UpdateCredentialRequest(id=created.id, name="mine")
        ),
        lambda: stranger.DeleteCredential(integrations_pb2.DeleteCredentialRequest(id=created.id)),
        lambda: stranger.TestCredential(integrations_pb2.TestCredentialRequest(id=created.id)),
        lambda: stranger.invoke("http", "request", {"url": "http://127.0.0.1:9/"}, created.id),
    ]
    for attempt in attempts:
        with pytest.raises(grpc.RpcError) as refused:
            attempt()
        assert refused.value.code() == grpc.StatusCode.NOT_FOUND
    assert stranger.ListCredentials(integrations_pb2.ListCredentialsRequest()).credentials == []


def test_a_ciphertext_copied_to_another_row_does_not_decrypt(caller, ctx) -> None:
    source = caller.create("bearer", {}, {"token": SECRET})
    target = caller.create("bearer", {}, {"token": "the-targets-own-token"})
    with ctx.sessions.begin() as session:
        stolen = session.execute(
            select(credentials.c.secret_ciphertext).where(credentials.c.id == source.id)
        ).scalar_one()
        session.execute(
            update(credentials).where(credentials.c.id == target.id).values(secret_ciphertext=stolen)
        )
    with pytest.raises(Exception, match="cannot be decrypted") as refused:
        opened(ctx, caller, target.id)
    assert SECRET not in str(refused.value)
    with pytest.raises(grpc.RpcError) as over_grpc:
        caller.invoke("http", "request", {"url": "http://127.0.0.1:9/"}, target.id)
    assert over_grpc.value.code() == grpc.StatusCode.FAILED_PRECONDITION


def test_a_database_dump_holds_no_plaintext_secret(caller, it_env) -> None:
    marker = "plaintext-marker-" + uuid.uuid4().hex
    caller.create("smtp", {"host": "mail.example.com", "username": "ada"}, {"password": marker})
    caller.create("ai_provider", {"base_url": "https://api.example.com/v1"}, {"api_key": marker})
    dump = subprocess.run(
        ["pg_dump", "--data-only", "--schema=integrations", libpq_url(it_env["INTEGRATIONS_DATABASE_URL"])],
        capture_output=True,
        check=True,
    ).stdout
    assert b"mail.example.com" in dump  # the dump does hold this workspace's rows
    assert marker.encode() not in dump


def test_rotating_the_master_key_rewraps_every_data_key_and_secrets_still_open(caller, it_env, keys) -> None:
    build_context, master_ring, MASTER_A, MASTER_B = keys
    created = caller.create("bearer", {}, {"token": SECRET})
    rotating = build_context(it_env, master_keys=master_ring("b", a=MASTER_A, b=MASTER_B))
    try:
        report = rotate_master_key(rotating.deps.uow, rotating.deps.keys)
        assert report.rewrapped >= 1
        with rotating.sessions() as session:
            kid = session.execute(
                select(data_keys.c.master_kid).where(data_keys.c.workspace_id == caller.workspace_id)
            ).scalar_one()
        assert kid == "b"
        assert rotate_master_key(rotating.deps.uow, rotating.deps.keys).rewrapped == 0
    finally:
        rotating.dispose()
    only_new = build_context(it_env, master_keys=master_ring("b", b=MASTER_B))
    try:
        opened_with_new = opened(only_new, caller, created.id)
        assert opened_with_new.secret == {"token": SECRET}
        # and back, so the module's context (master key "a") keeps working for the other tests
        back = build_context(it_env, master_keys=master_ring("a", a=MASTER_A, b=MASTER_B))
        rotate_master_key(back.deps.uow, back.deps.keys)
        back.dispose()
    finally:
        only_new.dispose()


def test_rotation_reports_data_keys_no_ring_key_opens_and_rewraps_the_rest(caller, it_env, keys) -> None:
    build_context, master_ring, _a, MASTER_B = keys
    caller.create("bearer", {}, {"token": SECRET})
    only_b = build_context(it_env, master_keys=master_ring("b", b=MASTER_B))
    try:
        report = rotate_master_key(only_b.deps.uow, only_b.deps.keys)
    finally:
        only_b.dispose()
    assert caller.workspace_id in report.unreadable


def test_an_unknown_master_key_fails_closed(caller, it_env, keys) -> None:
    build_context, master_ring, _a, MASTER_B = keys
    created = caller.create("bearer", {}, {"token": SECRET})
    wrong = build_context(it_env, master_keys=master_ring("b", b=MASTER_B))
    try:
        with pytest.raises(Exception, match="not configured"):
            opened(wrong, caller, created.id)
    finally:
        wrong.dispose()


def test_lists_credential_types_with_their_schemas(caller) -> None:
    types = {
        t.name: t
        for t in caller.ListCredentialTypes(integrations_pb2.ListCredentialTypesRequest()).credential_types
    }
    assert set(types) == {
        "bearer",
        "basic",
        "api_key",
        "oauth2_client_credentials",
        "smtp",
        "ai_provider",
        "chat_webhook",
        "mcp",
    }
    assert "token" in orjson.loads(types["bearer"].secret_schema)["properties"]


def test_pages_through_credentials_by_name(caller) -> None:
    for name in ("c-1", "c-2", "c-3"):
        caller.create("bearer", {}, {"token": SECRET}, name=name)
    first = caller.ListCredentials(integrations_pb2.ListCredentialsRequest(page_size=2))
    second = caller.ListCredentials(
        integrations_pb2.ListCredentialsRequest(page_size=2, page_token=first.next_page_token)
    )
    assert [c.name for c in first.credentials] == ["c-1", "c-2"]
    assert [c.name for c in second.credentials] == ["c-3"]
    assert second.next_page_token == ""


def test_batch_get_finds_credentials_by_id_and_name_and_leaves_out_what_matches_nothing(
    caller, stranger
) -> None:
    smtp = caller.create("smtp", {"host": "mail.example.com", "port": 587}, {"password": SECRET}, name="mail")
    github = caller.create("bearer", {}, {"token": SECRET}, name="github")
    caller.create("bearer", {}, {"token": SECRET}, name="unasked")
    theirs = stranger.create("bearer", {}, {"token": SECRET}, name="theirs")
    found = caller.BatchGetCredentials(
        integrations_pb2.BatchGetCredentialsRequest(
            ids=[smtp.id, github.id, theirs.id, "not-an-id", str(uuid.uuid4())],
            names=["github", "theirs", "nobody"],
        )
    ).credentials
    assert [(c.id, c.name, c.type) for c in found] == [
        (github.id, "github", "bearer"),
        (smtp.id, "mail", "smtp"),
    ]
    assert SECRET.encode() not in b"".join(c.SerializeToString() for c in found)


def test_batch_get_refuses_more_than_500_names(caller) -> None:
    with pytest.raises(grpc.RpcError) as refused:
        caller.BatchGetCredentials(integrations_pb2.BatchGetCredentialsRequest(names=["n"] * 501))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
