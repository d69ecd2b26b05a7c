"""Rate-limit defaults that do not cap real use, and how a workspace's overrides apply."""

from __future__ import annotations

import pytest
from jobsprint.gateway.config import Settings
from jobsprint.gateway.limits import effective


@pytest.mark.security
def test_the_defaults_let_a_busy_integration_through():
    settings = Settings()
    # What a hosted automation service allows: 30 requests/s per webhook, 10,000-20,000 requests
    # per 5 minutes per user (2,000-4,000 a minute).
    assert settings.webhook_rate_limit_per_minute >= 30 * 60
    assert settings.rate_limit_write_per_minute >= 2000
    assert settings.rate_limit_per_minute >= settings.rate_limit_write_per_minute


def test_an_override_replaces_its_default_up_to_the_ceiling():
    settings = Settings(workspace_limit_max_per_minute=5000)
    limits = effective(settings, {"webhook_rate_limit_per_minute": 3, "rate_limit_per_minute": 9000})
    assert limits.webhook_rate_limit_per_minute == 3
    assert limits.rate_limit_per_minute == 5000
    assert limits.rate_limit_write_per_minute == settings.rate_limit_write_per_minute
    assert effective(settings, {}) == effective(Settings(workspace_limit_max_per_minute=5000), {})
