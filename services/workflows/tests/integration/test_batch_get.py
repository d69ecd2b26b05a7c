"""Reading many workflows in one call: request order, duplicates once, other workspaces' ids and
trashed workflows answered as missing."""

from __future__ import annotations

import uuid

import orjson
import pytest
from jobsprint.common.errors import InvalidArgument

pytestmark = pytest.mark.integration

DEFINITION = {
    "nodes": [
        {"id": "start", "type": "trigger.manual"},
        {"id": "set", "type": "core.set", "parameters": {"values": {"ok": True}}},
    ],
    "edges": [{"from": "start", "to": "set"}],
}


def _create(ctx, principal, name: str) -> str:
    view = ctx.create_workflow(
        principal=principal, name=name, description="", tags=[], definition=orjson.dumps(DEFINITION)
    )
    return str(view.row.id)


def test_a_batch_answers_the_workspace_s_workflows_in_order_and_the_rest_as_missing(ctx, new_principal):
    owner, stranger = new_principal(), new_principal()
    first, second, trashed = (_create(ctx, owner, name) for name in ("first", "second", "trashed"))
    ctx.delete_workflow(principal=owner, workflow_id=trashed, etag="")
    foreign = _create(ctx, stranger, "theirs")
    asked = [second, foreign, "not-an-id", first.upper(), trashed, second, str(uuid.uuid4())]

    views, missing = ctx.batch_get_workflows(principal=owner, workflow_ids=asked)

    assert [(str(v.row.id), v.row.name) for v in views] == [(second, "second"), (first, "first")]
    assert views[0].definition == DEFINITION
    assert missing == [foreign, "not-an-id", trashed, asked[-1]]


def test_a_batch_of_more_than_a_hundred_ids_is_refused(ctx, new_principal):
    with pytest.raises(InvalidArgument, match="at most 100"):
        ctx.batch_get_workflows(
            principal=new_principal(), workflow_ids=[str(uuid.uuid4()) for _ in range(101)]
        )
