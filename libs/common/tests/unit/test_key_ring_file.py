"""Unit tests of the key ring file: reloading without a restart, and the operator commands.

These touch a temporary file only (no network, no database)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import jwt
import pytest
from jobsprint.common import keyring
from jobsprint.common.errors import Unauthenticated
from jobsprint.common.identity import service_principal, service_subject
from jobsprint.common.tokens import KeyRing

SECRET_A = "a" * 40
SECRET_B = "b" * 40


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "keys.json"
    keyring.write(path, {"k1": SECRET_A}, "k1")
    return path


def _ring(path: Path) -> KeyRing:
    return KeyRing.from_file(path, issuer="jobsprint", audience="jobsprint", reload_interval=0)


def _token(ring: KeyRing) -> str:
    return ring.issue(subject="u", workspace_id="w", roles=["viewer"], ttl_seconds=300)[0]


def _touch_later(path: Path) -> None:
    # Make sure the change is visible even on file systems with coarse modification times.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_key_added_to_the_file_verifies_without_a_restart(key_file: Path) -> None:
    ring = _ring(key_file)
    other = KeyRing(keys={"k2": SECRET_B}, current_kid="k2", issuer="jobsprint", audience="jobsprint")
    foreign = _token(other)
    with pytest.raises(Unauthenticated):
        ring.verify(foreign)
    keyring.add(key_file, kid="k2", secret=SECRET_B)
    assert ring.verify(foreign).user_id == "u"


def test_promoting_a_key_makes_new_tokens_use_it_and_old_ones_still_verify(key_file: Path) -> None:
    ring = _ring(key_file)
    old = _token(ring)
    keyring.add(key_file, kid="k2", secret=SECRET_B)
    keyring.promote(key_file, kid="k2")
    new = _token(ring)
    assert jwt.get_unverified_header(new)["kid"] == "k2"
    assert ring.verify(old).user_id == ring.verify(new).user_id == "u"


def test_a_retired_key_stops_verifying_its_tokens(key_file: Path) -> None:
    ring = _ring(key_file)
    old = _token(ring)
    assert ring.verify(old).user_id == "u"  # verified once: remembered until the ring changes
    keyring.add(key_file, kid="k2", secret=SECRET_B)
    keyring.promote(key_file, kid="k2")
    keyring.retire(key_file, kid="k1")
    with pytest.raises(Unauthenticated, match="not signed by a known key"):
        ring.verify(old)


def test_a_broken_file_keeps_the_previous_ring_instead_of_logging_everyone_out(key_file: Path) -> None:
    ring = _ring(key_file)
    token = _token(ring)
    key_file.write_text('{"current": "k9", "keys": {')
    _touch_later(key_file)
    assert ring.verify(token).user_id == "u"
    key_file.write_text('{"current": "k1", "keys": {"k1": "short"}}')
    _touch_later(key_file)
    assert ring.verify(token).user_id == "u"
    assert ring.current_kid == "k1"


def test_the_file_is_not_read_again_within_the_reload_interval(key_file: Path) -> None:
    ring = KeyRing.from_file(key_file, issuer="jobsprint", audience="jobsprint", reload_interval=3600)
    keyring.add(key_file, kid="k2", secret=SECRET_B)
    keyring.promote(key_file, kid="k2")
    assert ring.current_kid == "k1"


def test_the_current_key_cannot_be_retired_and_unknown_keys_cannot_be_promoted(key_file: Path) -> None:
    with pytest.raises(ValueError, match="promote another key"):
        keyring.retire(key_file, kid="k1")
    with pytest.raises(ValueError, match="add it first"):
        keyring.promote(key_file, kid="nope")
    with pytest.raises(ValueError, match="already in the ring"):
        keyring.add(key_file, kid="k1")


def test_the_key_file_is_written_private_and_whole(key_file: Path) -> None:
    keyring.add(key_file, kid="k2")
    assert key_file.stat().st_mode & 0o777 == 0o600
    keys, current = keyring.read(key_file)
    assert (sorted(keys), current) == (["k1", "k2"], "k1")
    assert len(keys["k2"]) >= 32
    assert [p.name for p in key_file.parent.iterdir()] == ["keys.json"]


def test_the_command_line_rotates_and_never_prints_a_secret(
    key_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert keyring.main(["--file", str(key_file), "add", "--kid", "k2"]) == 0
    assert keyring.main(["--file", str(key_file), "promote", "--kid", "k2"]) == 0
    assert keyring.main(["--file", str(key_file), "retire", "--kid", "k1"]) == 0
    assert keyring.main(["--file", str(key_file), "retire", "--kid", "k2"]) == 1
    out = capsys.readouterr()
    assert '"current":"k2"' in out.out and "promote another key" in out.err
    keys, _ = keyring.read(key_file)
    assert keys["k2"] not in out.out + out.err


def test_a_service_token_is_short_lived_scoped_and_acts_for_one_workspace(key_file: Path) -> None:
    ring = _ring(key_file)
    principal = service_principal(ring, service="scheduler", workspace_id="w-7", scopes=("read", "run"))
    assert (principal.kind, principal.workspace_id, principal.scopes) == ("service", "w-7", ("read", "run"))
    assert principal.user_id == service_subject("scheduler") != service_subject("worker")
    assert principal.expires_at - time.time() <= 61


def test_a_service_token_is_reused_for_half_its_life_and_reminted_after_a_rotation(key_file: Path) -> None:
    ring = _ring(key_file)
    first = service_principal(ring, service="gateway", workspace_id="w", scopes=("run",))
    assert service_principal(ring, service="gateway", workspace_id="w", scopes=("run",)) is first
    # Another workspace, scope set or lifetime is another token.
    assert service_principal(ring, service="gateway", workspace_id="w2", scopes=("run",)).token != first.token
    assert service_principal(ring, service="gateway", workspace_id="w", scopes=("read",)).token != first.token
    short = service_principal(ring, service="gateway", workspace_id="w", scopes=("run",), ttl_seconds=2)
    time.sleep(1.1)  # past half of its 2 s
    assert (
        service_principal(ring, service="gateway", workspace_id="w", scopes=("run",), ttl_seconds=2) != short
    )
    keyring.write(key_file, {"k1": SECRET_A, "k2": SECRET_B}, "k2")
    _touch_later(key_file)
    rotated = service_principal(ring, service="gateway", workspace_id="w", scopes=("run",))
    assert rotated.token != first.token
    assert jwt.get_unverified_header(rotated.token)["kid"] == "k2"


def test_a_token_claiming_a_non_user_kind_without_scopes_is_refused(key_file: Path) -> None:
    ring = _ring(key_file)
    now = int(time.time())
    claims = {
        "iss": "jobsprint", "aud": "jobsprint", "sub": "x", "iat": now, "nbf": now, "exp": now + 60,
        "jti": "j", "wid": "w", "roles": ["owner"], "kind": "service",
    }  # fmt: skip
    token = jwt.encode(claims, SECRET_A, algorithm="HS256", headers={"kid": "k1"})
    with pytest.raises(Unauthenticated, match="kind, scope or session"):
        ring.verify(token)
