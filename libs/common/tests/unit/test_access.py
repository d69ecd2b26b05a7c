"""Unit tests of `jobsprint.common.access`: roles, scopes and the action of each gRPC method."""

from __future__ import annotations

import pytest
from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.api.workflows.v1 import workflows_pb2
from jobsprint.common import access
from jobsprint.common.access import Action, MethodPolicy, authorize, classify, require_role
from jobsprint.common.errors import PermissionDenied
from jobsprint.common.tokens import Principal


def _principal(*roles: str, kind: str = "user", scopes: tuple[str, ...] | None = None) -> Principal:
    return Principal(
        user_id="u",
        workspace_id="w",
        roles=roles,
        token_id="t",
        expires_at=0,
        token="",
        kind=kind,
        scopes=scopes,
    )


@pytest.mark.parametrize(
    ("held", "needed", "allowed"),
    [
        ("viewer", "viewer", True),
        ("viewer", "editor", False),
        ("editor", "editor", True),
        ("editor", "admin", False),
        ("admin", "editor", True),
        ("admin", "owner", False),
        ("owner", "admin", True),
        ("superuser", "viewer", False),
    ],
)
def test_require_role_admits_the_role_and_every_higher_one(held: str, needed: str, allowed: bool) -> None:
    if allowed:
        require_role(_principal(held), needed)
    else:
        with pytest.raises(PermissionDenied, match=f"needs the {needed} role"):
            require_role(_principal(held), needed)


def test_the_highest_of_several_roles_counts() -> None:
    require_role(_principal("viewer", "admin"), "editor")


def test_an_unknown_required_role_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown role"):
        require_role(_principal("owner"), "root")


@pytest.mark.parametrize(
    ("method", "action"),
    [
        ("/jobsprint.api.workflows.v1.WorkflowsService/GetWorkflow", Action.READ),
        ("/jobsprint.api.workflows.v1.WorkflowsService/ListWorkflows", Action.READ),
        ("/jobsprint.api.workflows.v1.WorkflowsService/SearchWorkflows", Action.READ),
        ("/jobsprint.api.workflows.v1.WorkflowsService/CreateWorkflow", Action.WRITE),
        ("/jobsprint.api.workflows.v1.WorkflowsService/ActivateWorkflow", Action.WRITE),
        ("/jobsprint.api.workflows.v1.WorkflowsService/DeleteWorkflow", Action.WRITE),
        ("/jobsprint.api.workflows.v1.WorkflowsService/RunWorkflow", Action.RUN),
        ("/jobsprint.api.executor.v1.ExecutorService/StartExecution", Action.RUN),
        ("/jobsprint.api.executor.v1.ExecutorService/CancelExecution", Action.RUN),
        ("/jobsprint.api.executor.v1.ExecutorService/GetExecution", Action.READ),
        ("/jobsprint.api.executor.v1.ExecutorService/ListNodeTypes", Action.READ),
    ],
)
def test_a_method_is_classified_by_its_resource_oriented_name(method: str, action: Action) -> None:
    assert classify(method) is action


def test_no_method_of_workflows_or_executor_is_left_to_a_role_below_what_it_does() -> None:
    """Every method today: reads need viewer, everything else needs editor (never nothing)."""
    for descriptor in (workflows_pb2.DESCRIPTOR, executor_pb2.DESCRIPTOR):
        for service in descriptor.services_by_name.values():
            for method in service.methods:
                action = classify(f"/{service.full_name}/{method.name}")
                assert action in (Action.READ, Action.WRITE, Action.RUN), method.name
                # CheckWorkflow validates a definition and stores nothing: a read (ADR-075).
                reads = method.name.startswith(("Get", "List", "BatchGet", "Check"))
                assert (action is Action.READ) == reads, method.name


def test_a_service_overrides_the_action_of_a_method_by_its_bare_name() -> None:
    policy = MethodPolicy(overrides={"ListMembers": Action.MANAGE})
    assert policy.action_for("/jobsprint.api.auth.v1.AuthService/ListMembers") is Action.MANAGE
    assert policy.action_for("/jobsprint.api.auth.v1.AuthService/GetThing") is Action.READ


def test_a_viewer_reads_but_neither_writes_nor_runs() -> None:
    viewer = _principal("viewer")
    authorize(viewer, Action.READ)
    for action in (Action.WRITE, Action.RUN, Action.MANAGE):
        with pytest.raises(PermissionDenied):
            authorize(viewer, action)


def test_an_editor_writes_and_runs_but_does_not_manage() -> None:
    editor = _principal("editor")
    authorize(editor, Action.WRITE)
    authorize(editor, Action.RUN)
    with pytest.raises(PermissionDenied, match="admin"):
        authorize(editor, Action.MANAGE)


def test_every_member_may_act_on_themselves() -> None:
    authorize(_principal("viewer"), Action.SELF)


def test_a_scoped_credential_is_bounded_by_its_scopes_whatever_its_role() -> None:
    reader = _principal("editor", kind="api_key", scopes=("read",))
    authorize(reader, Action.READ)
    with pytest.raises(PermissionDenied, match="'write' scope"):
        authorize(reader, Action.WRITE)
    with pytest.raises(PermissionDenied, match="'run' scope"):
        authorize(reader, Action.RUN)
    authorize(_principal("editor", kind="api_key", scopes=("run",)), Action.RUN)


def test_only_a_signed_in_user_manages_the_workspace() -> None:
    for kind in ("api_key", "service"):
        with pytest.raises(PermissionDenied, match="signed-in user"):
            authorize(_principal("owner", kind=kind, scopes=("read", "write", "run")), Action.MANAGE)


@pytest.mark.security
@pytest.mark.parametrize(
    ("role", "scopes"),
    [
        ("viewer", ("read",)),
        ("editor", ("read", "write", "run")),
        ("owner", ("read", "write", "run")),
        (None, ()),
        ("ghost", ()),
    ],
)
def test_an_api_key_never_gets_scopes_beyond_its_creators_role(role, scopes) -> None:
    assert access.scopes_of_role(role) == scopes
