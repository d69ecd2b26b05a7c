"""The AI response cache (Redis) and the AI token budget (Postgres) behind the connector ports."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

import redis
from jobsprint.integrations.adapters.orm import ai_usage
from jobsprint.integrations.domain.connector import PermanentError, Usage
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)


class RedisCache:
    """A cache that may lose anything: an unreachable Redis is a miss, never an error."""

    def __init__(self, client: redis.Redis) -> None:
        self._client = client

    def get(self, key: str) -> bytes | None:
        try:
            value = self._client.get(key)
        except redis.RedisError as exc:
            log.warning("AI cache unavailable (%s): calling the provider", exc)
            return None
        return value if isinstance(value, bytes) else None

    def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        try:
            self._client.set(key, value, ex=ttl_seconds)
        except redis.RedisError as exc:
            log.warning("AI cache unavailable (%s): answer not cached", exc)


def _month(now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).date().replace(day=1)


class TokenBudget:
    """Tokens a workspace may spend on AI per calendar month; 0 means unlimited."""

    def __init__(self, sessions: sessionmaker[Session], *, monthly_tokens: int) -> None:
        self._sessions = sessions
        self._monthly = monthly_tokens

    def used(self, workspace_id: str) -> int:
        with self._sessions() as session:
            total = session.execute(
                select(ai_usage.c.prompt_tokens + ai_usage.c.completion_tokens).where(
                    ai_usage.c.workspace_id == workspace_id, ai_usage.c.month == _month()
                )
            ).scalar()
        return int(total or 0)

    def check(self, workspace_id: str) -> None:
        if self._monthly and self.used(workspace_id) >= self._monthly:
            raise PermanentError(
                f"the workspace has used its monthly AI budget of {self._monthly} tokens; "
                "an operator can raise INTEGRATIONS_AI_MONTHLY_TOKEN_BUDGET"
            )

    def record(self, workspace_id: str, usage: Usage) -> None:
        statement = insert(ai_usage).values(
            workspace_id=workspace_id,
            month=_month(),
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
        )
        statement = statement.on_conflict_do_update(
            index_elements=[ai_usage.c.workspace_id, ai_usage.c.month],
            set_={
                "prompt_tokens": ai_usage.c.prompt_tokens + statement.excluded.prompt_tokens,
                "completion_tokens": ai_usage.c.completion_tokens + statement.excluded.completion_tokens,
            },
        )
        with self._sessions.begin() as session:
            session.execute(statement)
