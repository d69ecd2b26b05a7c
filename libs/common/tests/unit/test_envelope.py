"""Envelope encryption (ADR-045), shared by every service that keeps secrets: without I/O."""

from __future__ import annotations

import base64
import os

import pytest
from jobsprint.common import envelope
from jobsprint.common.envelope import Binding, DecryptionFailed, MasterKeyRing

KEY_A = base64.b64encode(os.urandom(32)).decode()
KEY_B = base64.b64encode(os.urandom(32)).decode()


def ring(current: str = "a", **keys: str) -> MasterKeyRing:
    return MasterKeyRing.from_base64(keys or {"a": KEY_A}, current)


def test_a_secret_opens_only_with_its_own_workspace_and_credential_id() -> None:
    key = envelope.new_data_key()
    sealed = envelope.seal(key, b"token", binding=Binding("credential", "w1", "c1"))
    assert envelope.open_sealed(key, sealed, binding=Binding("credential", "w1", "c1")) == b"token"
    for binding in (
        Binding("credential", "w1", "c2"),
        Binding("credential", "w2", "c1"),
        Binding("webhook-secret", "w1", "c1"),
    ):
        with pytest.raises(DecryptionFailed):
            envelope.open_sealed(key, sealed, binding=binding)


def test_the_same_secret_encrypts_differently_each_time() -> None:
    key = envelope.new_data_key()
    first = envelope.seal(key, b"same", binding=Binding("credential", "w", "c"))
    second = envelope.seal(key, b"same", binding=Binding("credential", "w", "c"))
    assert first != second
    assert b"same" not in first


def test_a_tampered_ciphertext_is_refused() -> None:
    key = envelope.new_data_key()
    sealed = bytearray(envelope.seal(key, b"x", binding=Binding("credential", "w", "c")))
    sealed[-1] ^= 1
    with pytest.raises(DecryptionFailed):
        envelope.open_sealed(key, bytes(sealed), binding=Binding("credential", "w", "c"))


def test_a_wrapped_data_key_is_bound_to_its_workspace_and_opens_with_any_ring_key() -> None:
    old = ring("a", a=KEY_A)
    kid, wrapped = old.wrap("w1", b"k" * 32)
    rotated = ring("b", a=KEY_A, b=KEY_B)
    assert rotated.unwrap("w1", kid, wrapped) == b"k" * 32
    with pytest.raises(DecryptionFailed):
        rotated.unwrap("w2", kid, wrapped)
    assert rotated.wrap("w1", b"k" * 32)[0] == "b"


def test_a_master_key_must_be_32_bytes() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        MasterKeyRing.from_base64({"a": base64.b64encode(b"short").decode()}, "a")


def test_a_credentials_associated_data_is_what_it_was_before_the_move_to_the_shared_library() -> None:
    # Ciphertexts already stored were sealed with this associated data: it must never change.
    assert Binding("credential", "w", "c").aad() == b"jobsprint/credential/v1/w/c"
