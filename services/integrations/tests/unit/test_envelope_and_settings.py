"""The integrations service's master-key and outbound settings, without I/O (envelope encryption
itself is tested with the shared library: libs/common/tests/unit/test_envelope.py)."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from jobsprint.integrations.config import DEVELOPMENT_MASTER_KEYS, Settings

KEY_A = base64.b64encode(os.urandom(32)).decode()
KEY_B = base64.b64encode(os.urandom(32)).decode()
PRODUCTION_JWT = '{"prod-1": "' + "p" * 48 + '"}'


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
