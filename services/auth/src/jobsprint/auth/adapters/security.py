"""The password hasher (argon2id) behind its port (the revocation store: `adapters/revocations`)."""

from __future__ import annotations

import secrets

import argon2
from jobsprint.auth.service.ports import PasswordHasher


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
