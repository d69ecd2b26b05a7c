"""The workflows unit of work over Postgres: workflows, versions, cron ticks and data keys in one
transaction, with the outbox."""

from __future__ import annotations

from jobsprint.common.envelope import SqlDataKeyStore
from jobsprint.common.sql_unit_of_work import SqlAlchemyUnitOfWork
from jobsprint.workflows.adapters.orm import data_keys, outbox
from jobsprint.workflows.adapters.repository import SqlCronTicks, SqlWorkflowRepository
from jobsprint.workflows.service.ports import WorkflowsUnitOfWork
from sqlalchemy.orm import Session, sessionmaker


class SqlUnitOfWork(SqlAlchemyUnitOfWork, WorkflowsUnitOfWork):
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        super().__init__(sessions, outbox_table=outbox)

    def _open(self, session: Session) -> None:
        self.workflows = SqlWorkflowRepository(session)
        self.ticks = SqlCronTicks(session)
        self.data_keys = SqlDataKeyStore(session, data_keys)
