"""Opening a credential's secret: only in its own row of its own workspace, and only with a
master key of the ring; a failure says what to do and never shows the secret."""

from __future__ import annotations

import uuid

import orjson
import pytest
from jobsprint.common.envelope import MasterKeyRing, WorkspaceKeys
from jobsprint.common.errors import FailedPrecondition, NotFound
from jobsprint.integrations.service import credentials, secrets

from .fakes import Service, service

WORKSPACE = str(uuid.uuid4())
SECRET = "s3cr3t-" + uuid.uuid4().hex


def create(svc: Service, name: str, token: str = SECRET) -> str:
    return credentials.create_credential(
        svc.deps.uow(),
        svc.deps.keys,
        workspace_id=WORKSPACE,
        name=name,
        type_="bearer",
        config=b"",
        secret=orjson.dumps({"token": token}),
    ).id


def test_opens_the_secret_of_a_credential_of_the_workspace() -> None:
    svc = service()
    credential_id = create(svc, "github")
    opened = secrets.decrypted_credential(
        svc.deps.uow(), svc.deps.keys, workspace_id=WORKSPACE, credential_id=credential_id
    )
    assert (opened.id, opened.type, opened.secret) == (credential_id, "bearer", {"token": SECRET})


def test_a_ciphertext_copied_to_another_row_does_not_open() -> None:
    svc = service()
    source, target = create(svc, "source"), create(svc, "target", "the-targets-own")
    rows = svc.uow.credentials.rows
    rows[target] = (rows[target][0], rows[source][1])

    with pytest.raises(FailedPrecondition, match="cannot be decrypted") as refused:
        secrets.decrypted_credential(
            svc.deps.uow(), svc.deps.keys, workspace_id=WORKSPACE, credential_id=target
        )
    assert SECRET not in str(refused.value)


def test_a_data_key_under_a_master_key_not_in_the_ring_fails_closed() -> None:
    svc = service()
    credential_id = create(svc, "github")
    other_ring = WorkspaceKeys(MasterKeyRing(keys={"b": b"B" * 32}, current_kid="b"))
    with pytest.raises(FailedPrecondition, match="not configured"):
        secrets.decrypted_credential(
            svc.deps.uow(), other_ring, workspace_id=WORKSPACE, credential_id=credential_id
        )


def test_another_workspace_opens_nothing() -> None:
    svc = service()
    credential_id = create(svc, "github")
    with pytest.raises(NotFound):
        secrets.decrypted_credential(
            svc.deps.uow(), svc.deps.keys, workspace_id=str(uuid.uuid4()), credential_id=credential_id
        )
