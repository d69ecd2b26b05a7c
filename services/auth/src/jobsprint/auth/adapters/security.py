"""The password hasher (argon2id) and the revocation store (Redis) behind their ports."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import argon2
import redis
from jobsprint.auth.service.ports import PasswordHasher, RevocationStore
from jobsprint.common import revocation


def owasp_hasher() -> argon2.PasswordHasher:
    """OWASP's argon2id baseline: m=19 MiB, t=2, p=1."""
    return argon2.PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)


class Argon2Passwords(PasswordHasher):
    def __init__(self, hasher: argon2.PasswordHasher) -> None:
        self.hasher = hasher
        # Made with the same parameters as users' hashes, so verifying against it costs the same.
        self._dummy_hash = hasher.hash(secrets.token_urlsafe(16))

    @property
    def dummy_hash(self) -> str:
        return self._dummy_hash

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(password_hash, password)
        except argon2.exceptions.VerificationError:
            return False


class RedisRevocations(RevocationStore):
    def __init__(self, client: redis.Redis) -> None:
        self.client = client

    def revoke_token(self, token_id: str, *, expires_at: int) -> None:
        revocation.revoke(self.client, token_id=token_id, expires_at=expires_at)

    def revoke_sessions(self, session_ids: Sequence[str], *, ttl_seconds: int) -> None:
        revocation.revoke_sessions(self.client, session_ids=list(session_ids), ttl_seconds=ttl_seconds)
