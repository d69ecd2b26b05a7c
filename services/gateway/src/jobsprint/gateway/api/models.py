"""Public request and response bodies, named by role. Inputs refuse unknown fields."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

INT64 = range(-(2**63), 2**63)
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})")


def _rfc3339(value: Any) -> Any:
    if isinstance(value, datetime) or (isinstance(value, str) and RFC3339.fullmatch(value)):
        return value
    raise ValueError("must be an RFC 3339 date-time with an offset, such as 2026-11-26T10:00:00Z")


def _in_utc_range(value: datetime) -> datetime:
    """Protobuf timestamps (and Postgres) hold 0001-01-01 to 9999-12-31 in UTC."""
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("must fall between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z") from None


# A date-time parameter as the document says (`format: date-time`): RFC 3339 with an offset, not
# the epoch seconds or naive times pydantic would also take.
DateTime = Annotated[datetime, BeforeValidator(_rfc3339), AfterValidator(_in_utc_range)]


class Input(BaseModel):
    """A request body: unknown fields are refused (422). What no service can store (a NUL, a lone
    surrogate, nesting deeper than 64 levels, …) was refused while parsing (`api.routing`)."""

    model_config = ConfigDict(extra="forbid")


# What the auth service takes as an address (`name@domain.tld`, at most 254 characters): an
# `email`-format string is one.
Email = Annotated[str, Field(max_length=254, json_schema_extra={"format": "email"})]
PASSWORD_MIN_LENGTH = 10  # the auth service's policy


class RegisterRequest(Input):
    email: Email = Field(examples=["ada@example.com"])
    password: str = Field(
        min_length=PASSWORD_MIN_LENGTH,
        max_length=256,
        description="At least 10 characters, not the e-mail address.",
    )
    workspace_name: str | None = Field(None, max_length=200)


class LoginRequest(Input):
    email: str = Field(max_length=254)
    password: str = Field(max_length=256)
    workspace_id: str | None = Field(
        None, max_length=64, description="Workspace to sign in to; default: the one you registered with."
    )


class RefreshRequest(Input):
    refresh_token: str = Field(max_length=512)


class LogoutRequest(Input):
    refresh_token: str | None = Field(
        None, max_length=512, description="Also end this refresh token's session."
    )


class PasswordChange(Input):
    current_password: str = Field(max_length=256)
    new_password: str = Field(
        min_length=PASSWORD_MIN_LENGTH,
        max_length=256,
        description="At least 10 characters, not the e-mail address.",
    )


class UserPublic(BaseModel):
    id: str
    email: str
    created_at: datetime


class WorkspacePublic(BaseModel):
    id: str
    name: str
    created_at: datetime


class Registered(BaseModel):
    user: UserPublic
    workspace: WorkspacePublic


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class BrowserSession(BaseModel):
    """A browser's sign-in: the access token only (the refresh token is in an HttpOnly cookie)."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class Me(BaseModel):
    user: UserPublic
    workspace: WorkspacePublic
    roles: list[str]


class MembershipPublic(BaseModel):
    """One of your workspaces."""

    workspace: WorkspacePublic
    role: Literal["owner", "admin", "editor", "viewer"]
    joined_at: datetime | None = Field(None, description="When you joined it.")
    current: bool = Field(description="The workspace of the token making this request.")


class MembershipsPage(BaseModel):
    items: list[MembershipPublic] = Field(
        description="In the order you joined them: the first is the one a login without `workspace_id` picks."
    )


class WorkspaceSwitch(Input):
    workspace_id: str = Field(
        max_length=64, description="A workspace you are a member of (`GET /v1/me/workspaces`)."
    )


Role = Literal["owner", "admin", "editor", "viewer"]


class MemberPublic(BaseModel):
    user: UserPublic
    role: Role
    created_at: datetime | None = Field(None, description="When they joined the workspace.")


class MembersPage(BaseModel):
    items: list[MemberPublic]


class MemberCreate(Input):
    email: Email = Field(description="A registered user's e-mail address.")
    role: Role


class MemberUpdate(Input):
    role: Role


PerMinute = Annotated[int, Field(ge=1, le=1_000_000)]


class RateLimits(BaseModel):
    rate_limit_per_minute: int = Field(description="Reads (GET, batch reads) per minute per caller.")
    rate_limit_write_per_minute: int = Field(description="Writes and runs per minute per caller.")
    webhook_rate_limit_per_minute: int = Field(description="Requests per minute per webhook URL.")


class RateLimitOverrides(Input):
    """A workspace's own rate limits, per minute; null (or left out): the gateway's default."""

    rate_limit_per_minute: PerMinute | None = None
    rate_limit_write_per_minute: PerMinute | None = None
    webhook_rate_limit_per_minute: PerMinute | None = None


class WorkspaceLimitsPublic(BaseModel):
    limits: RateLimits = Field(
        description="In force now: each override (capped by `max_per_minute`), else the default."
    )
    overrides: RateLimitOverrides = Field(description="What the workspace's owners or admins set.")
    defaults: RateLimits = Field(description="The gateway's defaults (`GATEWAY_*_PER_MINUTE`).")
    max_per_minute: int = Field(
        description="The ceiling of any override (`GATEWAY_WORKSPACE_LIMIT_MAX_PER_MINUTE`)."
    )
    applies_within_seconds: float = Field(
        description="A change applies on every gateway replica within this time (at once on the one that made it)."
    )


class SessionPublic(BaseModel):
    id: str
    created_at: datetime | None
    last_refreshed_at: datetime | None
    expires_at: datetime | None
    current: bool = Field(description="The session of the token making this request.")


class SessionsPage(BaseModel):
    items: list[SessionPublic]


Scope = Literal["read", "write", "run"]


class ApiKeyCreate(Input):
    name: str = Field(min_length=1, max_length=200, examples=["nightly import"])
    scopes: list[Scope] = Field(
        min_length=1, description="`read` (Get/List), `write` (create, change, delete), `run` (start runs)."
    )


class ApiKeyPublic(BaseModel):
    id: str
    name: str
    scopes: list[Scope]
    prefix: str = Field(description="The key's first characters, to recognise it by.")
    created_by: str
    created_at: datetime | None
    last_used_at: datetime | None = Field(
        None, description="Last exchange of the key for a token (at most once per token lifetime)."
    )


class ApiKeyCreated(ApiKeyPublic):
    key: str = Field(description="The API key. Shown this once; only its hash is stored.")


class ApiKeysPage(BaseModel):
    items: list[ApiKeyPublic]


class AuditEventPublic(BaseModel):
    id: str
    occurred_at: datetime | None
    actor_id: str
    actor_kind: Literal["user", "api_key", "service"]
    action: str = Field(examples=["workflows.activate_workflow", "auth.login"])
    resource_id: str
    outcome: Literal["success", "denied", "failed"]
    source: str
    details: dict[str, Any]


class AuditEventsPage(BaseModel):
    items: list[AuditEventPublic]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page.")


# Names and tags must hold something besides spaces (the services strip them), and no NUL.
NON_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"
# What the workflows service takes: 1 to 64 characters each, at most 20.
Tag = Annotated[str, Field(min_length=1, max_length=64, pattern=NON_BLANK)]


class WorkflowCreate(Input):
    name: str = Field(min_length=1, max_length=200, pattern=NON_BLANK)
    description: str = Field("", max_length=10_000)
    tags: list[Tag] = Field(default_factory=list, max_length=20)
    definition: dict[str, Any] = Field(description="`nodes` and `edges`; see the workflow format.")


def _not_null(schema: dict[str, Any]) -> None:
    """A field that may be left out but not sent as null (422): its schema without the null."""
    branches = [b for b in schema.pop("anyOf", []) if b.get("type") != "null"]
    if len(branches) == 1:
        schema.update(branches[0])


class WorkflowUpdate(Input):
    """Only the fields present change (they are the update mask); none: nothing changes."""

    name: str | None = Field(
        None, min_length=1, max_length=200, pattern=NON_BLANK, json_schema_extra=_not_null
    )
    description: str | None = Field(None, max_length=10_000, json_schema_extra=_not_null)
    tags: list[Tag] | None = Field(None, max_length=20, json_schema_extra=_not_null)
    definition: dict[str, Any] | None = Field(
        None, description="A new definition is saved as a new version.", json_schema_extra=_not_null
    )
    version_message: str = Field("", max_length=1000, description="Why the definition changed.")


class SchedulePublic(BaseModel):
    expression: str
    timezone: str
    missed_ticks: Literal["skip", "run_once"]
    next_fire_times: list[datetime] = Field(description="Upcoming ticks while the workflow is active.")


class WorkflowPublic(BaseModel):
    id: str
    name: str
    description: str
    tags: list[str]
    definition: dict[str, Any]
    version: int
    active: bool
    created_at: datetime
    updated_at: datetime
    etag: str = Field(description="Send it back in `If-Match` to update; also the `ETag` header.")
    trigger_type: str
    webhook_url: str | None = Field(
        None,
        description="While an active webhook workflow: where to send hooks. The URL runs the workflow, so "
        "it is shown only to who may run it (editors and up, API keys with the `run` scope); null for "
        "others. Leaked? `POST /v1/workflows/{id}/webhook/rotate` replaces it.",
    )
    webhook_signed: bool = Field(False, description="Hook requests must carry X-Jobsprint-Signature-256.")
    schedule: SchedulePublic | None = None
    deleted_at: datetime | None = None
    rank: float | None = Field(None, description="Search rank, when listed with `q`.")


class WorkflowsPage(BaseModel):
    items: list[WorkflowPublic]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page.")


class VersionPublic(BaseModel):
    workflow_id: str
    version: int
    created_by: str
    created_at: datetime
    message: str
    definition: dict[str, Any] | None = None


class VersionsPage(BaseModel):
    items: list[VersionPublic]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page.")


class WebhookSecret(Input):
    secret: str = Field(
        min_length=16, max_length=256, description="Shared with the sender; never shown again."
    )


class WorkflowExport(BaseModel):
    """A workflow as a file (for git): no ids, no state, no secrets; import gives it new ids."""

    format: Literal["jobsprint.workflow/v1"] = "jobsprint.workflow/v1"
    name: str = Field(min_length=1, max_length=200, pattern=NON_BLANK)
    description: str = Field("", max_length=10_000)
    tags: list[Tag] = Field(default_factory=list, max_length=20)
    definition: dict[str, Any] = Field(
        description='The definition; each credential a node uses is `{"name", "type"}`, not an id.'
    )


class WorkflowImport(WorkflowExport, Input):
    model_config = ConfigDict(extra="forbid")


class HookAccepted(BaseModel):
    execution_id: str
    status: Literal["queued"] = "queued"


class RunRequest(Input):
    input: dict[str, Any] = Field(default_factory=dict, description="The run's input, the trigger's output.")


class StepPublic(BaseModel):
    node_id: str
    node_type: str
    status: Literal["running", "succeeded", "failed", "skipped"]
    output: Any = None
    error: str | None = None
    attempts: int
    started_at: datetime | None = None
    finished_at: datetime | None = None


ExecutionStatus = Literal["queued", "running", "waiting", "succeeded", "failed", "cancelled"]


class ExecutionSummary(BaseModel):
    """An execution in a list: no input, output or steps (read it by id, or in a batch, for those)."""

    id: str
    workflow_id: str
    workflow_version: int
    status: ExecutionStatus
    error: str | None = None
    created_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    retry_of: str | None = Field(None, description="The execution this one retries.")
    parent_execution_id: str | None = Field(
        None, description="A subworkflow's execution: the execution whose `core.subworkflow` step called it."
    )
    error_of: str | None = Field(
        None, description="An error workflow's execution: the failed execution it was started for."
    )


class ExecutionPublic(ExecutionSummary):
    """An execution with its input, its output and each step's."""

    input: Any = None
    output: Any = None
    steps: list[StepPublic]


class ExecutionsPage(BaseModel):
    items: list[ExecutionSummary]
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` (with the same filters) for the next page; null on the last."
    )


class BatchGetRequest(Input):
    ids: list[str] = Field(min_length=1, max_length=100, description="1 to 100 ids; duplicates count once.")


class ExecutionsBatch(BaseModel):
    items: list[ExecutionPublic] = Field(description="The executions found, in the order asked.")
    not_found: list[str] = Field(
        description="Ids with no execution in your workspace (unknown, malformed or another workspace's)."
    )


class WorkflowValidity(BaseModel):
    valid: Literal[True] = Field(description="Always true: an invalid workflow is a 422 naming each problem.")
    trigger_type: str = Field(description="The type of the definition's trigger node.")
    node_count: int = Field(description="How many nodes the definition has.")


class WorkflowsBatch(BaseModel):
    items: list[WorkflowPublic] = Field(description="The workflows found, in the order asked.")
    not_found: list[str] = Field(
        description="Ids with no workflow in your workspace (unknown, deleted, malformed or another "
        "workspace's)."
    )


class ExecutionEventPublic(BaseModel):
    """The `data` of one Server-Sent Event of `GET /v1/executions/{id}/events`."""

    execution_id: str
    sequence: int = Field(description="1, 2, 3, ... in the execution's history; also the SSE `id`.")
    type: str = Field(
        description="Also the SSE `event`: execution.queued, execution.started, execution.waiting, "
        "step.succeeded, step.failed, step.skipped, execution.finished, execution.cancelled, "
        "execution.error_workflow_failed.",
        examples=["step.succeeded"],
    )
    time: datetime
    data: dict[str, Any] = Field(
        description="step.*: node_id, status, attempts; execution.finished: status, error; "
        "execution.queued: workflow_id, status and, when set, retry_of, parent_execution_id or error_of; "
        "execution.waiting: node_id, reason, attempt, and until (a retry or core.wait) or child (a "
        "core.subworkflow call); execution.cancelled: status, was, and cancelled_with when the "
        "execution that called it was cancelled; execution.error_workflow_failed (after the failed "
        "execution's final event, so in its history but not in a stream that already ended): "
        "error_workflow, error."
    )


class RunAccepted(BaseModel):
    execution_id: str
    workflow_id: str
    workflow_version: int
    status: ExecutionStatus


class RunFinished(RunAccepted):
    output: Any = None
    error: str | None = None
    steps: list[StepPublic]


class FieldError(BaseModel):
    field: str = Field(description="Where: `definition.nodes[1].id`, `page_size`, `body`.")
    message: str


class ProblemDetails(BaseModel):
    """An error, as RFC 9457 problem details (`application/problem+json`)."""

    type: str = "about:blank"
    title: str = Field(description="The HTTP status's phrase, or a short summary.")
    status: int = Field(ge=400, le=599)
    detail: str = Field(description="What went wrong and what to do about it.")
    instance: str | None = Field(None, description="The request path.")
    errors: list[FieldError] | None = Field(None, description="Each invalid field (422).")
    execution_id: str | None = Field(None, description="Webhooks in `wait` mode (502, 504): the run.")
