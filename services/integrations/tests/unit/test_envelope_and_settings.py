"""Envelope encryption and the master-key settings, without I/O."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from jobsprint.integrations.config import DEVELOPMENT_MASTER_KEYS, Settings
from jobsprint.integrations.domain import envelope
from jobsprint.integrations.domain.envelope import DecryptionFailed, MasterKeyRing

KEY_A = base64.b64encode(os.urandom(32)).decode()
KEY_B = base64.b64encode(os.urandom(32)).decode()
PRODUCTION_JWT = '{"prod-1": "' + "p" * 48 + '"}'


def ring(current: str = "a", **keys: str) -> MasterKeyRing:
    return MasterKeyRing.from_base64(keys or {"a": KEY_A}, current)


def test_a_secret_opens_only_with_its_own_workspace_and_credential_id() -> None:
    key = envelope.new_data_key()
    sealed = envelope.encrypt_secret(key, workspace_id="w1", credential_id="c1", plaintext=b"token")
    assert envelope.decrypt_secret(key, workspace_id="w1", credential_id="c1", blob=sealed) == b"token"
    for workspace_id, credential_id in (("w1", "c2"), ("w2", "c1")):
        with pytest.raises(DecryptionFailed):
            envelope.decrypt_secret(key, workspace_id=workspace_id, credential_id=credential_id, blob=sealed)


def test_the_same_secret_encrypts_differently_each_time() -> None:
    key = envelope.new_data_key()
    first = envelope.encrypt_secret(key, workspace_id="w", credential_id="c", plaintext=b"same")
    second = envelope.encrypt_secret(key, workspace_id="w", credential_id="c", plaintext=b"same")
    assert first != second
    assert b"same" not in first


def test_a_tampered_ciphertext_is_refused() -> None:
    key = envelope.new_data_key()
    sealed = bytearray(envelope.encrypt_secret(key, workspace_id="w", credential_id="c", plaintext=b"x"))
    sealed[-1] ^= 1
    with pytest.raises(DecryptionFailed):
        envelope.decrypt_secret(key, workspace_id="w", credential_id="c", blob=bytes(sealed))


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


def test_production_refuses_the_published_development_master_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBSPRINT_ENVIRONMENT", "production")
    monkeypatch.setenv("JOBSPRINT_JWT_KEYS", PRODUCTION_JWT)
    monkeypatch.setenv("JOBSPRINT_JWT_CURRENT_KID", "prod-1")
    with pytest.raises(ValueError, match="development master key is refused"):
        Settings()
    monkeypatch.setenv("INTEGRATIONS_MASTER_KEYS", '{"m1": "' + KEY_A + '"}')
    monkeypatch.setenv("INTEGRATIONS_MASTER_KEY_CURRENT", "m1")
    assert Settings().master_key_ring().current_kid == "m1"


def test_master_keys_can_come_from_a_mounted_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    mounted = tmp_path / "master-keys.json"
    mounted.write_text('{"file-1": "' + KEY_B + '"}')
    monkeypatch.setenv("INTEGRATIONS_MASTER_KEYS_FILE", str(mounted))
    monkeypatch.setenv("INTEGRATIONS_MASTER_KEY_CURRENT", "file-1")
    assert Settings().master_key_ring().keys["file-1"] == base64.b64decode(KEY_B)
    assert DEVELOPMENT_MASTER_KEYS not in mounted.read_text()


def test_the_outbound_allowlist_is_read_as_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTEGRATIONS_OUTBOUND_ALLOW_NETWORKS", '["10.1.0.0/16"]')
    monkeypatch.setenv("INTEGRATIONS_OUTBOUND_DENIED_PORTS", "[5432]")
    policy = Settings().outbound_policy()
    assert [str(n) for n in policy.allow_networks] == ["10.1.0.0/16"]
    assert policy.denied_ports == frozenset({5432})
