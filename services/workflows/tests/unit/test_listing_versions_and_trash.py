"""Versions (list, read, diff, roll back), listing and batch reads, and the trash, against fakes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import orjson
import pytest
from jobsprint.common.errors import InvalidArgument, NotFound
from jobsprint.workflows.domain.search import ListFilter
from jobsprint.workflows.service import activation, search, trash, versions

from .fakes import Service, principal, service
from .test_definition_use_cases import PLAIN, _with, create, update


def _two_versions(svc: Service, who):
    created = create(svc, who)
    second = _with({"id": "s", "type": "core.set", "parameters": {"values": {"v": 2}}})
    return created, update(svc, who, created, mask=["definition"], definition=orjson.dumps(second))


def test_versions_are_listed_newest_first_in_pages() -> None:
    svc, who = service(), principal()
    created, _ = _two_versions(svc, who)
    d = svc.deps
    first, token = versions.list_versions(
        d.uow(), d.keys, principal=who, workflow_id=created.row.id, page_size=1, page_token=""
    )
    rest, end = versions.list_versions(
        d.uow(), d.keys, principal=who, workflow_id=created.row.id, page_size=1, page_token=token
    )
    assert ([v.version for v in first], [v.version for v in rest], end) == ([2], [1], "")


def test_a_rollback_saves_the_old_graph_as_a_new_version_and_the_diff_shows_what_changed() -> None:
    svc, who = service(), principal()
    created, second = _two_versions(svc, who)
    d = svc.deps
    diff = versions.diff_versions(
        d.uow(), d.keys, principal=who, workflow_id=created.row.id, from_version=1, to_version=2
    )
    assert [n["id"] for n in diff["nodes_added"]] == ["s"]
    rolled = versions.rollback_workflow(
        d.uow(), d.keys, d.checks, principal=who, workflow_id=created.row.id, version=1, etag=second.etag
    )
    assert (rolled.row.current_version, rolled.definition) == (3, PLAIN)
    assert svc.uow.workflows.versions[(created.row.id, 3)].message == "rollback to version 1"
    with pytest.raises(NotFound, match="no version 9"):
        versions.get_version(d.uow(), d.keys, principal=who, workflow_id=created.row.id, version=9)


def test_listing_filters_orders_and_pages_without_repeats() -> None:
    svc, who = service(), principal()
    names = [f"report {i}" for i in range(5)]
    for name in names:
        create(svc, who, name=name, tags=["billing"] if name.endswith(("1", "3")) else [])
    create(svc, principal(), name="report elsewhere")
    d = svc.deps

    def page(filters: ListFilter, token: str = "", size: int = 2):
        return search.list_workflows(
            d.uow(), d.keys, principal=who, filters=filters, page_size=size, page_token=token
        )

    seen, token = [], ""
    while True:
        views, token = page(ListFilter(order_by="name"), token)
        seen += [v.row.name for v in views]
        if not token:
            break
    assert seen == names
    assert sorted(v.row.name for v in page(ListFilter(tags=("billing",)), size=10)[0]) == [
        "report 1",
        "report 3",
    ]
    with pytest.raises(InvalidArgument):
        page(ListFilter(order_by="colour"))
    # A token is bound to its query: another query refuses it.
    _, token = page(ListFilter(order_by="name"))
    with pytest.raises(InvalidArgument):
        page(ListFilter(order_by="name desc"), token)


def test_a_batch_read_keeps_request_order_once_each_and_names_what_it_did_not_find() -> None:
    svc, who = service(), principal()
    first, second = create(svc, who, name="first"), create(svc, who, name="second")
    stranger = create(svc, principal(), name="not yours")
    asked = [second.row.id, "nope", first.row.id, second.row.id, stranger.row.id]
    views, missing = search.batch_get_workflows(
        svc.deps.uow(), svc.deps.keys, principal=who, workflow_ids=asked
    )
    assert [v.row.name for v in views] == ["second", "first"]
    assert missing == ["nope", stranger.row.id]
    with pytest.raises(InvalidArgument):
        search.batch_get_workflows(svc.deps.uow(), svc.deps.keys, principal=who, workflow_ids=["x"] * 101)


def test_a_deleted_workflow_is_inactive_in_the_trash_restorable_and_purged_after_the_retention() -> None:
    svc, who = service(), principal()
    created = create(svc, who)
    d = svc.deps
    activation.set_active(d.uow(), d.keys, principal=who, workflow_id=created.row.id, active=True)
    deleted = trash.delete_workflow(d.uow(), d.keys, principal=who, workflow_id=created.row.id)
    assert deleted.row.deleted_at is not None and not deleted.row.active
    listed, _ = search.list_workflows(
        d.uow(), d.keys, principal=who, filters=ListFilter(deleted=True), page_size=10, page_token=""
    )
    assert [v.row.id for v in listed] == [created.row.id]
    restored = trash.restore_workflow(
        d.uow(), d.keys, principal=who, workflow_id=created.row.id, retention=d.trash_retention
    )
    assert (restored.row.deleted_at, restored.row.active) == (None, False)
    trash.delete_workflow(d.uow(), d.keys, principal=who, workflow_id=created.row.id)
    rows = svc.uow.workflows.rows
    rows[created.row.id] = replace(rows[created.row.id], deleted_at=datetime.now(UTC) - timedelta(days=31))
    with pytest.raises(NotFound, match="can no longer be restored"):
        trash.restore_workflow(
            d.uow(), d.keys, principal=who, workflow_id=created.row.id, retention=d.trash_retention
        )
    assert trash.purge_deleted(d.uow(), now=datetime.now(UTC), retention=d.trash_retention) == 1
    # (Read again: the fake database is replaced by its snapshot when a unit of work rolls back.)
    assert created.row.id not in svc.uow.workflows.rows
    assert (created.row.id, 1) not in svc.uow.workflows.versions
    assert [m.routing_key for m in svc.uow.published] == [
        "workflow.created",
        "workflow.activated",
        "workflow.deleted",
        "workflow.restored",
        "workflow.deleted",
    ]
