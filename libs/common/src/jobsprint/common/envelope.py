"""Envelope encryption of secrets at rest (AES-256-GCM, from `cryptography`), for every service
that keeps secrets: integrations (credentials) and workflows (webhook signing secrets and tokens).

Each workspace has a data key per service; the data key is stored wrapped (encrypted) by a master
key that lives outside the database (environment or mounted secret); each secret is encrypted
with its workspace's data key. Associated data binds every ciphertext to where it belongs: a
wrapped data key to its workspace, a secret to its purpose, workspace AND record, so a
ciphertext copied into another row (or another workspace, or another column) fails to decrypt
instead of leaking (ADR-045, ADR-069).

Blob format: one version byte (1), a 96-bit random nonce, then ciphertext and 128-bit tag.
"""

from __future__ import annotations

import base64
import logging
import os
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson
from jobsprint.common.unit_of_work import AbstractUnitOfWork
from sqlalchemy import Column, DateTime, LargeBinary, MetaData, String, Table, func, select, update
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

VERSION = b"\x01"
NONCE_BYTES = 12
KEY_BYTES = 32


class DecryptionFailed(Exception):
    """A ciphertext does not open with this key and associated data: wrong key, or moved."""


@dataclass(frozen=True)
class Binding:
    """Where a secret belongs: what it is (`credential`, `webhook-secret`), whose, and which row.
    The associated data of its ciphertext, so it opens there and nowhere else."""

    purpose: str
    workspace_id: str
    record_id: str

    def aad(self) -> bytes:
        return f"jobsprint/{self.purpose}/v1/{self.workspace_id}/{self.record_id}".encode()


def _data_key_aad(workspace_id: str) -> bytes:
    return f"jobsprint/data-key/v1/{workspace_id}".encode()


# `cryptography` is imported where a key is used, not with this module: `settings` imports it for
# every program, and only workflows and integrations seal or open anything (8 MB, ADR-103).


def _seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _open(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != VERSION:
        raise DecryptionFailed("not a ciphertext of a known format")
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = blob[1 : 1 + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, blob[1 + NONCE_BYTES :], aad)
    except InvalidTag as exc:
        raise DecryptionFailed("the ciphertext does not belong here or the key is wrong") from exc


def seal(data_key: bytes, plaintext: bytes, *, binding: Binding) -> bytes:
    return _seal(data_key, plaintext, binding.aad())


def open_sealed(data_key: bytes, blob: bytes, *, binding: Binding) -> bytes:
    return _open(data_key, blob, binding.aad())


def new_data_key() -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM.generate_key(bit_length=256)


@dataclass(frozen=True)
class MasterKeyRing:
    """Master keys by id; new data keys are wrapped with the current one, all of them unwrap."""

    keys: Mapping[str, bytes]
    current_kid: str

    def __post_init__(self) -> None:
        if self.current_kid not in self.keys:
            raise ValueError(f"the current master key id {self.current_kid!r} is not in the ring")
        for kid, key in self.keys.items():
            if len(key) != KEY_BYTES:
                raise ValueError(f"master key {kid!r} must be {KEY_BYTES} bytes (base64 of 32 random bytes)")

    @classmethod
    def from_base64(cls, keys: Mapping[str, str], current_kid: str) -> MasterKeyRing:
        try:
            decoded = {kid: base64.b64decode(value, validate=True) for kid, value in keys.items()}
        except ValueError as exc:
            raise ValueError("master keys must be base64 of 32 random bytes") from exc
        return cls(keys=decoded, current_kid=current_kid)

    @classmethod
    def from_json(cls, text: str, current_kid: str) -> MasterKeyRing:
        """A ring from `{"kid": "<base64 of 32 bytes>", ...}`."""
        keys = orjson.loads(text)
        if not isinstance(keys, dict) or not keys:
            raise ValueError("master keys must be a JSON object of key id to base64 key")
        return cls.from_base64({str(k): str(v) for k, v in keys.items()}, current_kid)

    def wrap(self, workspace_id: str, data_key: bytes) -> tuple[str, bytes]:
        return self.current_kid, _seal(self.keys[self.current_kid], data_key, _data_key_aad(workspace_id))

    def unwrap(self, workspace_id: str, kid: str, wrapped: bytes) -> bytes:
        key = self.keys.get(kid)
        if key is None:
            raise DecryptionFailed(
                f"master key {kid!r} is not configured; it may have been retired too early"
            )
        return _open(key, wrapped, _data_key_aad(workspace_id))


def data_keys_table(metadata: MetaData) -> Table:
    """One data key per workspace, stored only wrapped by a master key, in the service's schema."""
    return Table(
        "data_keys",
        metadata,
        Column("workspace_id", UUID(as_uuid=False), primary_key=True),
        Column("master_kid", String(64), nullable=False),
        Column("wrapped_key", LargeBinary, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("rotated_at", DateTime(timezone=True), nullable=True),
    )


@dataclass(frozen=True)
class RotationReport:
    rewrapped: int
    already_current: int
    # Workspaces whose data key no key of the ring opens (its master key was retired too early).
    unreadable: tuple[str, ...] = ()


@dataclass(frozen=True)
class WrappedKey:
    """A workspace's data key as stored: wrapped by the master key `master_kid`."""

    workspace_id: str
    master_kid: str
    wrapped: bytes


class DataKeyStore(ABC):
    """Where a service keeps its workspaces' wrapped data keys (a port: `SqlDataKeyStore` is the
    table, `fakes.FakeDataKeyStore` a dict). Like every repository, it never commits."""

    @abstractmethod
    def get(self, workspace_id: str) -> WrappedKey | None: ...

    @abstractmethod
    def add_if_absent(self, key: WrappedKey) -> None:
        """Store `key` unless the workspace has one already (a concurrent first use won)."""

    @abstractmethod
    def workspaces_not_under(self, master_kid: str) -> list[str]: ...

    @abstractmethod
    def count_under(self, master_kid: str) -> int: ...

    @abstractmethod
    def get_for_update(self, workspace_id: str) -> WrappedKey:
        """The workspace's key, locked until the transaction ends (rotation rewraps it)."""

    @abstractmethod
    def replace(self, key: WrappedKey) -> None:
        """Store `key` in place of the workspace's key, recording when it was rewrapped."""


class DataKeysUnitOfWork(AbstractUnitOfWork):
    """A unit of work that holds a data-key store; a service's own unit of work extends it."""

    data_keys: DataKeyStore


class WorkspaceKeys:
    """A service's workspace data keys: made on first use, unwrapped on read, rewrapped on
    rotation, through a `DataKeyStore` the caller's unit of work holds.

    Unwrapping is remembered by the wrapped bytes (at most `cache_size` keys): the same wrapped
    bytes always open to the same key, so a remembered key is never stale, and nothing is
    remembered that is not in the row the caller read — a transaction that made a data key and
    rolled back leaves no key behind that a later seal could use."""

    def __init__(self, ring: MasterKeyRing, *, cache_size: int = 10_000) -> None:
        self.ring = ring
        self._cache: OrderedDict[tuple[str, str, bytes], bytes] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def for_workspace(self, store: DataKeyStore, workspace_id: str) -> bytes:
        """The workspace's data key; created (wrapped with the current master key) on first use."""
        found = store.get(workspace_id)
        if found is None:
            kid, wrapped = self.ring.wrap(workspace_id, new_data_key())
            store.add_if_absent(WrappedKey(workspace_id, kid, wrapped))
            found = store.get(workspace_id)
            assert found is not None, "a data key was just stored"
        return self.unwrap(workspace_id, found.master_kid, found.wrapped)

    def unwrap(self, workspace_id: str, kid: str, wrapped: bytes) -> bytes:
        """The data key in a wrapped-key row the caller read (or joined)."""
        found = (workspace_id, kid, bytes(wrapped))
        with self._lock:
            key = self._cache.get(found)
            if key is not None:
                self._cache.move_to_end(found)
                return key
        key = self.ring.unwrap(workspace_id, kid, found[2])
        with self._lock:
            self._cache[found] = key
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return key

    def rewrap_all(self, uows: Callable[[], DataKeysUnitOfWork]) -> RotationReport:
        """Rewrap every data key that is not under the current master key, one workspace per
        unit of work (row-locked), so services keep serving throughout: both keys are in the ring."""
        ring = self.ring
        current = ring.current_kid
        rewrapped = 0
        unreadable: list[str] = []
        with uows() as uow:
            pending = uow.data_keys.workspaces_not_under(current)
            already = uow.data_keys.count_under(current)
        for workspace_id in pending:
            with uows() as uow:
                stored = uow.data_keys.get_for_update(workspace_id)
                if stored.master_kid == current:
                    continue
                try:
                    data_key = ring.unwrap(workspace_id, stored.master_kid, stored.wrapped)
                except DecryptionFailed as exc:
                    log.error("workspace %s: data key not rewrapped: %s", workspace_id, exc)
                    unreadable.append(workspace_id)
                    continue
                kid, wrapped = ring.wrap(workspace_id, data_key)
                uow.data_keys.replace(WrappedKey(workspace_id, kid, wrapped))
                uow.commit()
            rewrapped += 1
        return RotationReport(rewrapped=rewrapped, already_current=already, unreadable=tuple(unreadable))


class SqlDataKeyStore(DataKeyStore):
    """The data keys in the service's `data_keys` table (`data_keys_table`), over the caller's session."""

    def __init__(self, session: Session, table: Table) -> None:
        self._session = session
        self._table = table

    def _one(self, workspace_id: str, *, for_update: bool = False) -> WrappedKey | None:
        table = self._table
        query = select(table.c.master_kid, table.c.wrapped_key).where(table.c.workspace_id == workspace_id)
        row = self._session.execute(query.with_for_update() if for_update else query).first()
        return None if row is None else WrappedKey(workspace_id, row.master_kid, row.wrapped_key)

    def get(self, workspace_id: str) -> WrappedKey | None:
        return self._one(workspace_id)

    def add_if_absent(self, key: WrappedKey) -> None:
        self._session.execute(
            pg_insert(self._table)
            .values(workspace_id=key.workspace_id, master_kid=key.master_kid, wrapped_key=key.wrapped)
            .on_conflict_do_nothing(index_elements=[self._table.c.workspace_id])
        )

    def workspaces_not_under(self, master_kid: str) -> list[str]:
        table = self._table
        query = select(table.c.workspace_id).where(table.c.master_kid != master_kid)
        return [str(w) for w in self._session.execute(query).scalars()]

    def count_under(self, master_kid: str) -> int:
        table = self._table
        query = select(func.count()).select_from(table).where(table.c.master_kid == master_kid)
        return int(self._session.execute(query).scalar_one())

    def get_for_update(self, workspace_id: str) -> WrappedKey:
        found = self._one(workspace_id, for_update=True)
        if found is None:
            raise LookupError(f"workspace {workspace_id} has no data key")
        return found

    def replace(self, key: WrappedKey) -> None:
        self._session.execute(
            update(self._table)
            .where(self._table.c.workspace_id == key.workspace_id)
            .values(master_kid=key.master_kid, wrapped_key=key.wrapped, rotated_at=datetime.now(UTC))
        )
