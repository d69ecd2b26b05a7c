"""`config show|check` through each service's own settings class, and the doctor's key checks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from jobsprint.common import keyring
from jobsprint.console import doctor, settings_report

KEY = "k" * 40


def test_settings_show_their_source_and_mask_secrets():
    env = {
        "EXECUTOR_DATABASE_URL": "postgresql+psycopg://jobsprint_executor:hunter2@db.internal:5432/jobsprint",
        "EXECUTOR_LEASE_TTL_SECONDS": "30",
        "JOBSPRINT_JWT_KEYS": json.dumps({"k1": KEY}),
        "JOBSPRINT_JWT_CURRENT_KID": "k1",
    }
    report = settings_report.inspect("executor", env, source="test")
    values = {s["env"]: s for s in report.settings}
    assert report.errors == []
    assert (
        values["EXECUTOR_DATABASE_URL"]["value"]
        == "postgresql+psycopg://jobsprint_executor:********@db.internal:5432/jobsprint"
    )
    assert values["JOBSPRINT_JWT_KEYS"]["value"] == "********"
    assert (
        values["EXECUTOR_LEASE_TTL_SECONDS"]["value"],
        values["EXECUTOR_LEASE_TTL_SECONDS"]["source"],
    ) == ("30", "environment")
    assert (values["EXECUTOR_MAX_STEPS"]["value"], values["EXECUTOR_MAX_STEPS"]["source"]) == (
        "1000",
        "default",
    )
    assert "hunter2" not in json.dumps(report.as_dict())


def test_check_names_invalid_settings_and_unsafe_production_values():
    invalid = settings_report.inspect("executor", {"EXECUTOR_LEASE_TTL_SECONDS": "1"}, source="test")
    assert [e["setting"] for e in invalid.errors] == ["lease_ttl_seconds"]

    development = settings_report.inspect(
        "gateway", {"GATEWAY_CORS_ALLOWED_ORIGINS": '["http://app.test"]'}, source="test"
    )
    unsafe = {u["env"]: u["severity"] for u in development.unsafe}
    assert unsafe["JOBSPRINT_JWT_KEYS"] == "unsafe" and unsafe["GATEWAY_CORS_ALLOWED_ORIGINS"] == "unsafe"
    assert unsafe["OTEL_EXPORTER_OTLP_ENDPOINT"] == "advice"
    assert development.errors == []  # development: named, not refused
    judged = settings_report.inspect(
        "gateway", {"GATEWAY_CORS_ALLOWED_ORIGINS": '["http://app.test"]'}, source="test", production=True
    )
    assert {e["setting"] for e in judged.errors} >= {"JOBSPRINT_JWT_KEYS", "GATEWAY_CORS_ALLOWED_ORIGINS"}
    assert "OTEL_EXPORTER_OTLP_ENDPOINT" not in {e["setting"] for e in judged.errors}


def test_the_key_ring_records_when_keys_are_added(tmp_path):
    ring = tmp_path / "keys.json"
    keyring.write(ring, {"a": KEY}, "a", added="a")
    kid = keyring.add(ring, kid="b")
    dates = keyring.created(ring)
    assert set(dates) == {"a", kid}
    keyring.retire(ring, kid="b")
    keyring.write(ring, {"a": KEY, "b": KEY.upper()}, "b")  # restored as it was: its dates too
    assert keyring.created(ring)[kid] == dates[kid]


def test_doctor_finds_a_signing_key_overdue_or_due_and_an_old_key_left_verifying(tmp_path):
    ring = tmp_path / "keys.json"
    now = datetime(2026, 12, 4, tzinfo=UTC)
    ring.write_text(
        json.dumps(
            {
                "current": "new",
                "keys": {"new": KEY, "old": KEY.upper()},
                "created": {
                    "new": (now - timedelta(days=200)).isoformat(),
                    "old": (now - timedelta(days=400)).isoformat(),
                },
            }
        )
    )
    options = doctor.Options(now=lambda: now)
    findings = doctor.key_findings(ring, options)
    assert [(f.severity, f.title) for f in findings] == [
        ("warning", "signing key 'new' is 200 days old: overdue for rotation (every 90 days)"),
        ("info", "key 'old' still verifies a day after 'new' took over"),
    ]
    assert all(not f.safe for f in findings)
    due = doctor.key_findings(ring, doctor.Options(now=lambda: now - timedelta(days=120)))
    assert due[0].title == "signing key 'new' is due for rotation in 10 days"
    undated = tmp_path / "undated.json"
    undated.write_text(json.dumps({"current": "2026-01-05T101500", "keys": {"2026-01-05T101500": KEY}}))
    assert doctor.key_findings(undated, options)[0].title.startswith(
        "signing key '2026-01-05T101500' is 333 days old"
    )
