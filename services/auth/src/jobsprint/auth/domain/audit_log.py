"""The audit log as the use cases read it: events, pages, and the page token (the position of a
page's last event)."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from jobsprint.common.errors import FieldViolation, InvalidArgument

MAX_AUDIT_PAGE = 200
DEFAULT_AUDIT_PAGE = 50


@dataclass(frozen=True)
class AuditEvent:
    id: str
    occurred_at: datetime
    workspace_id: str
    actor_id: str
    actor_kind: str
    action: str
    resource_id: str
    outcome: str
    source: str
    details: dict[str, Any]


@dataclass(frozen=True)
class AuditFilter:
    """Which events of a workspace a page holds; empty means any."""

    action: str = ""
    actor_id: str = ""
    resource_id: str = ""
    outcome: str = ""
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEvent]
    next_page_token: str


def page_limit(page_size: int) -> int:
    return min(max(page_size or DEFAULT_AUDIT_PAGE, 1), MAX_AUDIT_PAGE)


def page_token(event: AuditEvent) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([event.occurred_at.isoformat(), event.id])).decode()


def position(token: str) -> tuple[datetime, str] | None:
    """The (occurred_at, id) a page token stands for; None for the first page."""
    if not token:
        return None
    try:
        occurred, event_id = orjson.loads(base64.urlsafe_b64decode(token.encode()))
        return datetime.fromisoformat(occurred), str(uuid.UUID(event_id))
    except (ValueError, TypeError) as exc:
        raise InvalidArgument(
            "the page token is not valid",
            [FieldViolation("page_token", "pass next_page_token back unchanged")],
        ) from exc
