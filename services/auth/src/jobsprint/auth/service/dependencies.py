"""What one process's use cases are handed: built once by `bootstrap`, read by the entrypoints,
which pass each use case the parts it names in its signature."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass

from jobsprint.auth.service.ports import AuditLog, AuthUnitOfWork, PasswordHasher
from jobsprint.auth.service.tokens import Tokens


@dataclass(frozen=True)
class Dependencies:
    uow: Callable[[], AuthUnitOfWork]  # a new unit of work for each call
    passwords: PasswordHasher
    tokens: Tokens  # the key ring, the token lifetimes and the revocation store
    audit_log: AuditLog  # the service's own audit records, stored at once
    background: Executor  # work kept off the request path (audit records of failed logins)
