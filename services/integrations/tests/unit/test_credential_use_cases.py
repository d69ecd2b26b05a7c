"""The credential use cases against fakes of their ports: secrets sealed and write-only, names
unique per workspace, workspaces isolated, and nothing stored by a request that is refused."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
import pytest
from jobsprint.common import envelope
from jobsprint.common.errors import AlreadyExists, InvalidArgument, NotFound
from jobsprint.integrations.domain.credentials import StoredCredential
from jobsprint.integrations.service import credentials, secrets

from .fakes import MASTER_KEYS, Service, service

WORKSPACE = str(uuid.uuid4())
OTHER_WORKSPACE = str(uuid.uuid4())
SECRET = "s3cr3t-" + uuid.uuid4().hex


def create(
    svc: Service, name: str = "github", workspace: str = WORKSPACE, **overrides: Any
) -> StoredCredential:
    fields: dict[str, Any] = {
        "name": name,
        "type_": "bearer",
        "config": b"",
        "secret": orjson.dumps({"token": SECRET}),
        **overrides,
    }
    return credentials.create_credential(svc.deps.uow(), svc.deps.keys, workspace_id=workspace, **fields)


def test_create_seals_the_secret_under_the_workspace_data_key_and_commits_once() -> None:
    svc = service()

    created = create(svc)

    stored, ciphertext = svc.uow.credentials.rows[created.id]
    assert (stored.name, stored.type, stored.secret_fields) == ("github", "bearer", ("token",))
    assert SECRET.encode() not in ciphertext
    wrapped = svc.uow.data_keys.keys[WORKSPACE]
    data_key = MASTER_KEYS.unwrap(WORKSPACE, wrapped.master_kid, wrapped.wrapped)
    opened = envelope.open_sealed(data_key, ciphertext, binding=secrets.binding(WORKSPACE, created.id))
    assert orjson.loads(opened) == {"token": SECRET}
    assert svc.uow.commits == 1


def test_a_workspace_keeps_one_data_key_for_all_its_credentials() -> None:
    svc = service()
    create(svc, "one")
    first_key = svc.uow.data_keys.keys[WORKSPACE]
    create(svc, "two")
    assert svc.uow.data_keys.keys[WORKSPACE] == first_key
    assert len(svc.uow.data_keys.keys) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"type_": "telepathy"}, "type"),
        ({"secret": b"{not json " + SECRET.encode()}, "secret"),
        ({"secret": orjson.dumps({"token": SECRET, "extra": SECRET})}, "secret"),
        ({"config": orjson.dumps({"allowed_hosts": "not a list"})}, "config.allowed_hosts"),
        ({"name": "  "}, "name"),
    ],
)
def test_a_refused_create_names_the_field_never_echoes_the_secret_and_stores_nothing(
    overrides: dict[str, Any], field: str
) -> None:
    svc = service()

    with pytest.raises(InvalidArgument) as refused:
        create(svc, **overrides)

    assert field in [v.field for v in refused.value.violations]
    assert SECRET not in str(refused.value) + repr(refused.value.violations)
    assert svc.uow.credentials.rows == {} and svc.uow.data_keys.keys == {}
    assert svc.uow.commits == 0


def test_names_are_unique_in_a_workspace_only() -> None:
    svc = service()
    create(svc, "twice")

    with pytest.raises(AlreadyExists, match="'twice' already exists"):
        create(svc, " twice ")
    create(svc, "twice", workspace=OTHER_WORKSPACE)

    assert sorted((c.workspace_id, c.name) for c, _ in svc.uow.credentials.rows.values()) == sorted(
        [(WORKSPACE, "twice"), (OTHER_WORKSPACE, "twice")]
    )


def test_another_workspaces_credential_and_a_non_id_are_not_found() -> None:
    svc = service()
    created = create(svc)
    uow = svc.deps.uow
    for workspace, credential_id in ((OTHER_WORKSPACE, created.id), (WORKSPACE, "not-an-id")):
        with pytest.raises(NotFound):
            credentials.get_credential(uow(), workspace_id=workspace, credential_id=credential_id)
        with pytest.raises(NotFound):
            credentials.delete_credential(uow(), workspace_id=workspace, credential_id=credential_id)
        with pytest.raises(NotFound):
            credentials.update_credential(
                uow(),
                svc.deps.keys,
                workspace_id=workspace,
                credential_id=credential_id,
                name="mine",
                config=b"",
                secret=b"",
                mask=[],
            )
    assert (
        credentials.get_credential(uow(), workspace_id=WORKSPACE, credential_id=created.id).name == "github"
    )


def test_lists_by_name_a_page_at_a_time_and_of_one_type() -> None:
    svc = service()
    for name in ("c-3", "c-1", "c-2"):
        create(svc, name)
    create(svc, "mail", type_="smtp", config=orjson.dumps({"host": "mail.example"}), secret=b"{}")
    uow = svc.deps.uow

    first, token = credentials.list_credentials(
        uow(), workspace_id=WORKSPACE, page_size=2, page_token="", type_="bearer"
    )
    second, last = credentials.list_credentials(
        uow(), workspace_id=WORKSPACE, page_size=2, page_token=token, type_="bearer"
    )
    every, _ = credentials.list_credentials(
        uow(), workspace_id=WORKSPACE, page_size=0, page_token="", type_=""
    )

    assert ([c.name for c in first], token) == (["c-1", "c-2"], "c-2")
    assert ([c.name for c in second], last) == (["c-3"], "")
    assert [c.name for c in every] == ["c-1", "c-2", "c-3", "mail"]


def test_batch_get_finds_by_id_and_name_leaves_out_the_rest_and_refuses_over_500() -> None:
    svc = service()
    github, mail = create(svc, "github"), create(svc, "mail")
    theirs = create(svc, "theirs", workspace=OTHER_WORKSPACE)
    uow = svc.deps.uow

    found = credentials.batch_get_credentials(
        uow(),
        workspace_id=WORKSPACE,
        ids=[mail.id, theirs.id, "not-an-id", str(uuid.uuid4())],
        names=["github", "theirs", "nobody"],
    )

    assert [c.id for c in found] == [github.id, mail.id]
    assert credentials.batch_get_credentials(uow(), workspace_id=WORKSPACE, ids=["x"], names=[""]) == []
    with pytest.raises(InvalidArgument):
        credentials.batch_get_credentials(uow(), workspace_id=WORKSPACE, ids=[], names=["n"] * 501)


def test_update_by_mask_renames_and_reseals_a_new_secret() -> None:
    svc = service()
    created = create(svc, "before")

    updated = credentials.update_credential(
        svc.deps.uow(),
        svc.deps.keys,
        workspace_id=WORKSPACE,
        credential_id=created.id,
        name="after",
        config=b"",
        secret=orjson.dumps({"token": "new-token"}),
        mask=["name", "secret"],
    )

    assert updated.name == "after"
    opened = secrets.decrypted_credential(
        svc.deps.uow(), svc.deps.keys, workspace_id=WORKSPACE, credential_id=created.id
    )
    assert opened.secret == {"token": "new-token"}


def test_update_without_a_mask_or_fields_is_refused() -> None:
    svc = service()
    created = create(svc)
    with pytest.raises(InvalidArgument, match="say what to update"):
        credentials.update_credential(
            svc.deps.uow(),
            svc.deps.keys,
            workspace_id=WORKSPACE,
            credential_id=created.id,
            name="",
            config=b"",
            secret=b"",
            mask=[],
        )


def test_moving_a_secret_to_a_new_host_needs_the_secret_and_changes_nothing_without_it() -> None:
    svc = service()
    created = create(
        svc,
        "mail",
        type_="smtp",
        config=orjson.dumps({"host": "smtp.example", "port": 587}),
        secret=orjson.dumps({"password": SECRET}),
    )
    before = svc.uow.credentials.rows[created.id]

    with pytest.raises(InvalidArgument, match="new destination") as refused:
        credentials.update_credential(
            svc.deps.uow(),
            svc.deps.keys,
            workspace_id=WORKSPACE,
            credential_id=created.id,
            name="renamed",
            config=orjson.dumps({"host": "attacker.example", "port": 587}),
            secret=b"",
            mask=["name", "config"],
        )

    assert [v.field for v in refused.value.violations] == ["secret"]
    assert svc.uow.credentials.rows[created.id] == before
    assert svc.uow.commits == 1  # the create's only


def test_a_rename_onto_a_taken_name_is_refused_and_rolled_back() -> None:
    svc = service()
    create(svc, "taken")
    created = create(svc, "free")

    with pytest.raises(AlreadyExists):
        credentials.update_credential(
            svc.deps.uow(),
            svc.deps.keys,
            workspace_id=WORKSPACE,
            credential_id=created.id,
            name="taken",
            config=b"",
            secret=orjson.dumps({"token": "would-be-new"}),
            mask=["secret", "name"],
        )

    opened = secrets.decrypted_credential(
        svc.deps.uow(), svc.deps.keys, workspace_id=WORKSPACE, credential_id=created.id
    )
    assert opened.secret == {"token": SECRET}


def test_delete_removes_the_credential() -> None:
    svc = service()
    created = create(svc)
    credentials.delete_credential(svc.deps.uow(), workspace_id=WORKSPACE, credential_id=created.id)
    assert svc.uow.credentials.rows == {}
    with pytest.raises(NotFound):
        credentials.get_credential(svc.deps.uow(), workspace_id=WORKSPACE, credential_id=created.id)
