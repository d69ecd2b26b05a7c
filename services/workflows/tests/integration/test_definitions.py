"""Updates with optimistic concurrency, immutable versions, diff and rollback, soft delete and
restore, and listing: filters, full-text search ranking and page stability."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import orjson
import pytest
from jobsprint.common.errors import FailedPrecondition, InvalidArgument, NotFound
from jobsprint.workflows.adapters.orm import workflows
from jobsprint.workflows.domain.search import ListFilter
from sqlalchemy import update

pytestmark = pytest.mark.integration


def _definition(values: dict | None = None, trigger: str = "trigger.manual", parameters: dict | None = None):
    return {
        "nodes": [
            {"id": "start", "type": trigger, **({"parameters": parameters} if parameters else {})},
            {
                "id": "greet",
                "name": "Greet the caller",
                "type": "core.set",
                "parameters": {"values": values or {"v": 1}},
            },
        ],
        "edges": [{"from": "start", "to": "greet"}],
    }


def _create(ctx, principal, name="wf", *, description="", tags=(), definition=None):
    return ctx.create_workflow(
        principal=principal,
        name=name,
        description=description,
        tags=list(tags),
        definition=orjson.dumps(definition or _definition()),
    )


def test_a_definition_update_is_a_new_version_and_a_metadata_update_is_not(ctx, new_principal):
    principal = new_principal()
    created = _create(ctx, principal)
    renamed = ctx.update_workflow(
        principal=principal, workflow_id=created.row.id, mask=["name"], etag=created.etag, name="renamed"
    )
    assert (renamed.row.name, renamed.row.current_version) == ("renamed", 1)
    assert renamed.etag != created.etag
    changed = ctx.update_workflow(
        principal=principal,
        workflow_id=created.row.id,
        mask=["definition"],
        etag=renamed.etag,
        definition=orjson.dumps(_definition({"v": 2})),
        version_message="v is two",
    )
    assert changed.row.current_version == 2
    versions, _ = ctx.list_versions(
        principal=principal, workflow_id=created.row.id, page_size=10, page_token=""
    )
    assert [(v.version, v.message) for v in versions] == [(2, "v is two"), (1, "")]


def test_a_stale_update_is_refused_and_changes_nothing(ctx, new_principal):
    principal = new_principal()
    created = _create(ctx, principal)
    ctx.update_workflow(
        principal=principal, workflow_id=created.row.id, mask=["name"], etag=created.etag, name="first"
    )
    with pytest.raises(FailedPrecondition, match="changed since you read it"):
        ctx.update_workflow(
            principal=principal,
            workflow_id=created.row.id,
            mask=["name"],
            etag=created.etag,
            name="second",
        )
    assert ctx.get_workflow(principal=principal, workflow_id=created.row.id).row.name == "first"


def test_an_update_without_an_etag_or_with_an_unknown_field_is_refused(ctx, new_principal):
    principal = new_principal()
    created = _create(ctx, principal)
    with pytest.raises(FailedPrecondition, match="If-Match"):
        ctx.update_workflow(principal=principal, workflow_id=created.row.id, mask=["name"], etag="", name="x")
    with pytest.raises(InvalidArgument) as refused:
        ctx.update_workflow(
            principal=principal, workflow_id=created.row.id, mask=["active"], etag=created.etag
        )
    assert refused.value.violations[0].field == "update_mask"


def test_concurrent_updates_with_one_etag_let_exactly_one_through(ctx, new_principal):
    principal = new_principal()
    created = _create(ctx, principal)
    outcomes: list[str] = []

    def save(index: int) -> None:
        try:
            ctx.update_workflow(
                principal=principal,
                workflow_id=created.row.id,
                mask=["definition"],
                etag=created.etag,
                definition=orjson.dumps(_definition({"v": 100 + index})),
            )
            outcomes.append("saved")
        except FailedPrecondition:
            outcomes.append("refused")

    threads = [threading.Thread(target=save, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "saved"]
    assert ctx.get_workflow(principal=principal, workflow_id=created.row.id).row.current_version == 2


def test_diff_and_rollback_make_a_new_version_with_the_old_definition(ctx, new_principal):
    principal = new_principal()
    created = _create(ctx, principal, definition=_definition({"v": 1}))
    second = ctx.update_workflow(
        principal=principal,
        workflow_id=created.row.id,
        mask=["definition"],
        etag=created.etag,
        definition=orjson.dumps(_definition({"v": 2})),
    )
    diff = ctx.diff_versions(principal=principal, workflow_id=created.row.id, from_version=1, to_version=2)
    assert [c["id"] for c in diff["nodes_changed"]] == ["greet"]
    rolled = ctx.rollback_workflow(
        principal=principal, workflow_id=created.row.id, version=1, etag=second.etag
    )
    assert rolled.row.current_version == 3
    assert rolled.definition == _definition({"v": 1})
    assert ctx.get_version(
        principal=principal, workflow_id=created.row.id, version=2
    ).definition == _definition({"v": 2})


def test_a_run_pins_the_version_current_when_it_started(ctx, finished, new_principal):
    principal = new_principal()
    created = _create(ctx, principal, definition=_definition({"v": 1}))
    first_run, version, _ = ctx.run_workflow(principal=principal, workflow_id=created.row.id, input_=b"{}")
    ctx.update_workflow(
        principal=principal,
        workflow_id=created.row.id,
        mask=["definition"],
        etag=created.etag,
        definition=orjson.dumps(_definition({"v": 2})),
    )
    execution = finished(principal, first_run)
    assert (version, execution.workflow_version, orjson.loads(execution.output)) == (1, 1, {"v": 1})


def test_a_deleted_workflow_is_hidden_until_restored(ctx, new_principal):
    principal = new_principal()
    created = _create(ctx, principal)
    ctx.set_active(principal=principal, workflow_id=created.row.id, active=True)
    deleted = ctx.delete_workflow(principal=principal, workflow_id=created.row.id)
    assert deleted.row.deleted_at is not None and not deleted.row.active
    with pytest.raises(NotFound):
        ctx.get_workflow(principal=principal, workflow_id=created.row.id)
    trash, _ = ctx.list_workflows(
        principal=principal, filters=ListFilter(deleted=True), page_size=10, page_token=""
    )
    assert [v.row.id for v in trash] == [created.row.id]
    restored = ctx.restore_workflow(principal=principal, workflow_id=created.row.id)
    assert (restored.row.deleted_at, restored.row.active) == (None, False)


def test_a_workflow_deleted_longer_ago_than_the_retention_cannot_be_restored_and_is_purged(
    ctx, new_principal
):
    principal = new_principal()
    created = _create(ctx, principal)
    ctx.delete_workflow(principal=principal, workflow_id=created.row.id)
    with ctx.sessions.begin() as session:
        session.execute(
            update(workflows)
            .where(workflows.c.id == created.row.id)
            .values(deleted_at=datetime.now(UTC) - timedelta(days=31))
        )
    with pytest.raises(NotFound, match="can no longer be restored"):
        ctx.restore_workflow(principal=principal, workflow_id=created.row.id)
    assert ctx.purge_deleted(now=datetime.now(UTC)) >= 1
    with pytest.raises(NotFound):
        ctx.restore_workflow(principal=principal, workflow_id=created.row.id)


def test_another_workspaces_workflow_cannot_be_updated_deleted_or_listed(ctx, new_principal):
    owner, stranger = new_principal(), new_principal()
    created = _create(ctx, owner)
    with pytest.raises(NotFound):
        ctx.update_workflow(principal=stranger, workflow_id=created.row.id, mask=["name"], etag="*", name="x")
    with pytest.raises(NotFound):
        ctx.delete_workflow(principal=stranger, workflow_id=created.row.id)
    listed, _ = ctx.list_workflows(principal=stranger, filters=ListFilter(), page_size=50, page_token="")
    assert listed == []


def _ids(ctx, principal, filters, page_size=50):
    views, _ = ctx.list_workflows(principal=principal, filters=filters, page_size=page_size, page_token="")
    return [v.row.name for v in views]


def test_listing_filters_by_tag_active_state_and_trigger_type(ctx, new_principal):
    principal = new_principal()
    a = _create(ctx, principal, "a", tags=["billing", "eu"])
    _create(ctx, principal, "b", tags=["billing"])
    _create(
        ctx, principal, "c", definition=_definition(trigger="trigger.webhook", parameters={"method": "POST"})
    )
    ctx.set_active(principal=principal, workflow_id=a.row.id, active=True)
    assert sorted(_ids(ctx, principal, ListFilter(tags=("billing",)))) == ["a", "b"]
    assert _ids(ctx, principal, ListFilter(tags=("billing", "eu"))) == ["a"]
    assert _ids(ctx, principal, ListFilter(active=True)) == ["a"]
    assert _ids(ctx, principal, ListFilter(trigger_type="trigger.webhook")) == ["c"]
    assert _ids(ctx, principal, ListFilter(order_by="name")) == ["a", "b", "c"]
    assert _ids(ctx, principal, ListFilter(order_by="name desc")) == ["c", "b", "a"]


def test_search_ranks_a_name_match_above_a_tag_description_or_node_name_match(ctx, new_principal):
    principal = new_principal()
    _create(ctx, principal, "nightly report", description="mentions invoices once")
    _create(ctx, principal, "invoice sync", description="copies invoices to the ledger")
    _create(ctx, principal, "tagged", tags=["invoices"])
    _create(
        ctx,
        principal,
        "by node",
        definition=_definition()
        | {
            "nodes": [
                {"id": "start", "type": "trigger.manual"},
                {"id": "send", "name": "Send invoice e-mail", "type": "core.noop"},
            ],
            "edges": [{"from": "start", "to": "send"}],
        },
    )
    _create(ctx, principal, "unrelated", description="nothing to see")
    assert _ids(ctx, principal, ListFilter(query="invoice")) == [
        "invoice sync",
        "tagged",
        "nightly report",
        "by node",
    ]
    assert _ids(ctx, principal, ListFilter(query="ledger")) == ["invoice sync"]


def test_search_pages_stay_stable_while_other_workflows_are_inserted(ctx, new_principal):
    principal = new_principal()
    names = {f"report {i:02d}" for i in range(23)}
    for i, name in enumerate(sorted(names)):
        _create(ctx, principal, name, description="report " * (i % 4))
    seen: list[str] = []
    token = ""
    stop = threading.Event()
    inserted = threading.Semaphore(0)

    def insert_more() -> None:
        n = 0
        while not stop.is_set():
            # Late ones rank above every original (more matches), and sort before the cursor.
            _create(ctx, principal, f"late report {n}", description="report report report report report")
            inserted.release()
            n += 1
            stop.wait(0.01)

    def another_insert() -> None:
        assert inserted.acquire(timeout=30), "the inserter stalled"

    inserter = threading.Thread(target=insert_more)
    inserter.start()
    pages = 0
    try:
        filters = ListFilter(query="report")
        first, token = ctx.list_workflows(principal=principal, filters=filters, page_size=5, page_token="")
        seen += [v.row.name for v in first]
        while token:
            another_insert()  # at least one workflow more between any two pages
            page, token = ctx.list_workflows(
                principal=principal, filters=filters, page_size=5, page_token=token
            )
            seen += [v.row.name for v in page]
            pages += 1
    finally:
        stop.set()
        inserter.join()
    originals = [name for name in seen if not name.startswith("late")]
    assert pages >= 4, "the originals alone fill five pages"
    assert len(seen) == len(set(seen)), "an item appeared on two pages"
    assert set(originals) == names, "an item was skipped"
    # Ranked across the pages: the more often a description says "report", the earlier.
    mentions = [int(name.split()[1]) % 4 for name in originals]
    assert mentions == sorted(mentions, reverse=True), originals
