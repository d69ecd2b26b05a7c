"""Credentials in the integrations schema (`CredentialRepository` over a SQLAlchemy session).
Nothing here commits: the unit of work does, once per use case."""

from __future__ import annotations

from typing import Any

from jobsprint.integrations.adapters.orm import credentials, data_keys
from jobsprint.integrations.domain.credentials import (
    CredentialNameTaken,
    NewCredential,
    SealedCredential,
    StoredCredential,
)
from jobsprint.integrations.service.ports import CredentialRepository
from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

_COLUMNS = (
    credentials.c.id,
    credentials.c.workspace_id,
    credentials.c.name,
    credentials.c.type,
    credentials.c.config,
    credentials.c.secret_fields,
    credentials.c.created_at,
    credentials.c.updated_at,
)


def _stored(row: Any) -> StoredCredential:
    return StoredCredential(
        id=str(row.id),
        workspace_id=str(row.workspace_id),
        name=row.name,
        type=row.type,
        config=row.config,
        secret_fields=tuple(row.secret_fields),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class SqlCredentialRepository(CredentialRepository):
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, credential: NewCredential, secret_ciphertext: bytes) -> StoredCredential:
        statement = (
            insert(credentials)
            .values(
                id=credential.id,
                workspace_id=credential.workspace_id,
                name=credential.name,
                type=credential.type,
                config=credential.config,
                secret_fields=list(credential.secret_fields),
                secret_ciphertext=secret_ciphertext,
            )
            .returning(*_COLUMNS)
        )
        try:
            return _stored(self._session.execute(statement).one())
        except IntegrityError as exc:
            raise CredentialNameTaken(credential.name) from exc

    def _where(self, workspace_id: str, credential_id: str) -> Any:
        return (credentials.c.id == credential_id) & (credentials.c.workspace_id == workspace_id)

    def get(self, workspace_id: str, credential_id: str) -> StoredCredential | None:
        row = self._session.execute(select(*_COLUMNS).where(self._where(workspace_id, credential_id))).first()
        return None if row is None else _stored(row)

    def get_sealed(self, workspace_id: str, credential_id: str) -> SealedCredential | None:
        query = (
            select(
                *_COLUMNS, credentials.c.secret_ciphertext, data_keys.c.master_kid, data_keys.c.wrapped_key
            )
            .join(data_keys, data_keys.c.workspace_id == credentials.c.workspace_id)
            .where(self._where(workspace_id, credential_id))
        )
        row = self._session.execute(query).first()
        if row is None:
            return None
        return SealedCredential(_stored(row), row.secret_ciphertext, row.master_kid, row.wrapped_key)

    def list_page(
        self, workspace_id: str, *, type_: str, after_name: str, limit: int
    ) -> list[StoredCredential]:
        query = select(*_COLUMNS).where(credentials.c.workspace_id == workspace_id)
        if type_:
            query = query.where(credentials.c.type == type_)
        if after_name:
            query = query.where(credentials.c.name > after_name)
        return [_stored(r) for r in self._session.execute(query.order_by(credentials.c.name).limit(limit))]

    def find(self, workspace_id: str, *, ids: set[str], names: set[str]) -> list[StoredCredential]:
        query = (
            select(*_COLUMNS)
            .where(
                credentials.c.workspace_id == workspace_id,
                or_(credentials.c.id.in_(ids), credentials.c.name.in_(names)),
            )
            .order_by(credentials.c.name)
        )
        return [_stored(r) for r in self._session.execute(query)]

    def update(
        self,
        workspace_id: str,
        credential_id: str,
        *,
        name: str | None = None,
        config: dict[str, Any] | None = None,
        secret: tuple[tuple[str, ...], bytes] | None = None,
    ) -> StoredCredential:
        values: dict[str, Any] = {"updated_at": func.now()}
        if name is not None:
            values["name"] = name
        if config is not None:
            values["config"] = config
        if secret is not None:
            values["secret_fields"], values["secret_ciphertext"] = list(secret[0]), secret[1]
        statement = (
            update(credentials)
            .where(self._where(workspace_id, credential_id))
            .values(**values)
            .returning(*_COLUMNS)
        )
        try:
            return _stored(self._session.execute(statement).one())
        except IntegrityError as exc:
            raise CredentialNameTaken(name or "") from exc

    def delete(self, workspace_id: str, credential_id: str) -> None:
        self._session.execute(delete(credentials).where(self._where(workspace_id, credential_id)))
