"""Protobuf messages from the services, as public response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson
from google.protobuf.timestamp_pb2 import Timestamp
from jobsprint.api.auth.v1 import auth_pb2
from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.api.workflows.v1 import workflows_pb2

# A query's time filter for a request message (None leaves the field unset): the services' own.
from jobsprint.common.wire import timestamp as timestamp
from jobsprint.gateway.api import models


def _time(message: Any, field: str) -> datetime | None:
    if not message.HasField(field):
        return None
    stamp: Timestamp = getattr(message, field)
    return stamp.ToDatetime(tzinfo=datetime.now().astimezone().tzinfo).astimezone()


def _json(raw: bytes) -> Any:
    return orjson.loads(raw) if raw else None


def user(message: auth_pb2.User) -> models.UserPublic:
    return models.UserPublic(id=message.id, email=message.email, created_at=_time(message, "create_time"))  # type: ignore[arg-type]


def workspace(message: auth_pb2.Workspace) -> models.WorkspacePublic:
    return models.WorkspacePublic(id=message.id, name=message.name, created_at=_time(message, "create_time"))  # type: ignore[arg-type]


def membership(message: auth_pb2.WorkspaceMembership) -> models.MembershipPublic:
    return models.MembershipPublic(
        workspace=workspace(message.workspace),
        role=message.role,  # type: ignore[arg-type]
        joined_at=_time(message, "join_time"),
        current=message.current,
    )


def member(message: auth_pb2.Member) -> models.MemberPublic:
    return models.MemberPublic(
        user=user(message.user),
        role=message.role,  # type: ignore[arg-type]
        created_at=_time(message, "create_time"),
    )


def session(message: auth_pb2.Session) -> models.SessionPublic:
    return models.SessionPublic(
        id=message.id,
        created_at=_time(message, "create_time"),
        last_refreshed_at=_time(message, "last_refresh_time"),
        expires_at=_time(message, "expire_time"),
        current=message.current,
    )


def api_key(message: auth_pb2.ApiKey) -> models.ApiKeyPublic:
    return models.ApiKeyPublic(
        id=message.id,
        name=message.name,
        scopes=list(message.scopes),  # type: ignore[arg-type]
        prefix=message.prefix,
        created_by=message.created_by,
        created_at=_time(message, "create_time"),
        last_used_at=_time(message, "last_use_time"),
    )


def audit_event(message: auth_pb2.AuditEvent) -> models.AuditEventPublic:
    return models.AuditEventPublic(
        id=message.id,
        occurred_at=_time(message, "occur_time"),
        actor_id=message.actor_id,
        actor_kind=message.actor_kind,  # type: ignore[arg-type]
        action=message.action,
        resource_id=message.resource_id,
        outcome=message.outcome,  # type: ignore[arg-type]
        source=message.source,
        details=_json(message.details) or {},
    )


def tokens(message: auth_pb2.TokenPair) -> models.TokenPair:
    return models.TokenPair(
        access_token=message.access_token, refresh_token=message.refresh_token, expires_in=message.expires_in
    )


def workflow(message: workflows_pb2.Workflow, *, base_url: str = "") -> models.WorkflowPublic:
    schedule = None
    if message.HasField("schedule"):
        schedule = models.SchedulePublic(
            expression=message.schedule.expression,
            timezone=message.schedule.timezone,
            missed_ticks=message.schedule.missed_ticks,  # type: ignore[arg-type]
            next_fire_times=[
                t.ToDatetime(tzinfo=datetime.now().astimezone().tzinfo).astimezone()
                for t in message.schedule.next_fire_times
            ],
        )
    return models.WorkflowPublic(
        id=message.id,
        name=message.name,
        description=message.description,
        tags=list(message.tags),
        definition=_json(message.definition),
        version=message.version,
        active=message.active,
        created_at=_time(message, "create_time"),  # type: ignore[arg-type]
        updated_at=_time(message, "update_time"),  # type: ignore[arg-type]
        etag=f'"{message.etag}"',
        trigger_type=message.trigger_type,
        webhook_url=f"{base_url.rstrip('/')}/v1/hooks/{message.webhook_token}"
        if message.webhook_token
        else None,
        webhook_signed=message.webhook_signed,
        schedule=schedule,
        deleted_at=_time(message, "delete_time"),
        rank=message.rank if message.rank else None,
    )


def version(message: workflows_pb2.WorkflowVersion) -> models.VersionPublic:
    return models.VersionPublic(
        workflow_id=message.workflow_id,
        version=message.version,
        created_by=message.created_by,
        created_at=_time(message, "create_time"),  # type: ignore[arg-type]
        message=message.message,
        definition=_json(message.definition),
    )


def steps(message: executor_pb2.Execution) -> list[models.StepPublic]:
    return [
        models.StepPublic(
            node_id=step.node_id,
            node_type=step.node_type,
            status=step.status,  # type: ignore[arg-type]
            output=_json(step.output),
            error=step.error or None,
            attempts=step.attempts,
            started_at=_time(step, "start_time"),
            finished_at=_time(step, "finish_time"),
        )
        for step in message.steps
    ]


def _execution_fields(message: executor_pb2.Execution) -> dict[str, Any]:
    """An execution's public fields but input, output and steps: its summary's."""
    return {
        "id": message.id,
        "workflow_id": message.workflow_id,
        "workflow_version": message.workflow_version,
        "status": message.status,
        "error": message.error or None,
        "created_at": _time(message, "create_time"),
        "started_at": _time(message, "start_time"),
        "finished_at": _time(message, "finish_time"),
        "retry_of": message.retry_of or None,
        "parent_execution_id": message.parent_id or None,
        "error_of": message.error_of or None,
    }


def execution_summary(message: executor_pb2.Execution) -> models.ExecutionSummary:
    return models.ExecutionSummary(**_execution_fields(message))


def execution(message: executor_pb2.Execution) -> models.ExecutionPublic:
    return models.ExecutionPublic(
        **_execution_fields(message),
        input=_json(message.input),
        output=_json(message.output),
        steps=steps(message),
    )
