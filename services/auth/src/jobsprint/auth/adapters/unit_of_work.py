"""The auth unit of work over Postgres: every repository of the auth schema in one transaction."""

from __future__ import annotations

from jobsprint.auth.adapters.repository import (
    SqlApiKeyRepository,
    SqlAuditRepository,
    SqlMembershipRepository,
    SqlRefreshTokenRepository,
    SqlUserRepository,
    SqlWorkspaceRepository,
)
from jobsprint.auth.service.ports import AuthUnitOfWork
from jobsprint.common.sql_unit_of_work import SqlAlchemyUnitOfWork
from sqlalchemy.orm import Session, sessionmaker


class SqlUnitOfWork(SqlAlchemyUnitOfWork, AuthUnitOfWork):
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        super().__init__(sessions)

    def _open(self, session: Session) -> None:
        self.users = SqlUserRepository(session)
        self.workspaces = SqlWorkspaceRepository(session)
        self.members = SqlMembershipRepository(session)
        self.refresh_tokens = SqlRefreshTokenRepository(session)
        self.api_keys = SqlApiKeyRepository(session)
        self.audit = SqlAuditRepository(session)
