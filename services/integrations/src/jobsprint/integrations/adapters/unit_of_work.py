"""The integrations unit of work over Postgres: credentials and data keys in one transaction."""

from __future__ import annotations

from jobsprint.common.envelope import SqlDataKeyStore
from jobsprint.common.sql_unit_of_work import SqlAlchemyUnitOfWork
from jobsprint.integrations.adapters.orm import data_keys, outbox
from jobsprint.integrations.adapters.repository import SqlCredentialRepository
from jobsprint.integrations.service.ports import IntegrationsUnitOfWork
from sqlalchemy.orm import Session, sessionmaker


class SqlUnitOfWork(SqlAlchemyUnitOfWork, IntegrationsUnitOfWork):
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        super().__init__(sessions, outbox_table=outbox)

    def _open(self, session: Session) -> None:
        self.credentials = SqlCredentialRepository(session)
        self.data_keys = SqlDataKeyStore(session, data_keys)
