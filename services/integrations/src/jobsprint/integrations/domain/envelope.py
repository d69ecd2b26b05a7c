"""Envelope encryption of credential secrets (AES-256-GCM, from `cryptography`).

Each workspace has a data key; the data key is stored wrapped (encrypted) by a master key
that lives outside the database (environment or mounted secret); each secret is encrypted with
its workspace's data key. Associated data binds every ciphertext to where it belongs: a wrapped
data key to its workspace, a secret to its workspace AND credential id, so a ciphertext copied
into another row (or another workspace) fails to decrypt instead of leaking.

Blob format: one version byte (1), a 96-bit random nonce, then ciphertext and 128-bit tag.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = b"\x01"
NONCE_BYTES = 12
KEY_BYTES = 32


class DecryptionFailed(Exception):
    """A ciphertext does not open with this key and associated data: wrong key, or moved."""


def _data_key_aad(workspace_id: str) -> bytes:
    return f"jobsprint/data-key/v1/{workspace_id}".encode()


def _secret_aad(workspace_id: str, credential_id: str) -> bytes:
    return f"jobsprint/credential/v1/{workspace_id}/{credential_id}".encode()


def _seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _open(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != VERSION:
        raise DecryptionFailed("not a ciphertext of a known format")
    nonce = blob[1 : 1 + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, blob[1 + NONCE_BYTES :], aad)
    except InvalidTag as exc:
        raise DecryptionFailed("the ciphertext does not belong here or the key is wrong") from exc


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

    def wrap(self, workspace_id: str, data_key: bytes) -> tuple[str, bytes]:
        return self.current_kid, _seal(self.keys[self.current_kid], data_key, _data_key_aad(workspace_id))

    def unwrap(self, workspace_id: str, kid: str, wrapped: bytes) -> bytes:
        key = self.keys.get(kid)
        if key is None:
            raise DecryptionFailed(
                f"master key {kid!r} is not configured; it may have been retired too early"
            )
        return _open(key, wrapped, _data_key_aad(workspace_id))


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def encrypt_secret(data_key: bytes, *, workspace_id: str, credential_id: str, plaintext: bytes) -> bytes:
    return _seal(data_key, plaintext, _secret_aad(workspace_id, credential_id))


def decrypt_secret(data_key: bytes, *, workspace_id: str, credential_id: str, blob: bytes) -> bytes:
    return _open(data_key, blob, _secret_aad(workspace_id, credential_id))
