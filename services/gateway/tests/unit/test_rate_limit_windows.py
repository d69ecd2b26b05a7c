"""Unit tests of the in-process fallback windows and the rate-limit headers."""

from __future__ import annotations

from jobsprint.gateway.ratelimit import Decision, LocalWindows


def test_a_window_admits_up_to_the_limit_then_refuses_until_it_slides() -> None:
    windows = LocalWindows()
    results = [windows.check("k", now=1000 + i, window_ms=60_000, limit=3, record=True)[0] for i in range(4)]
    assert results == [True, True, True, False]
    assert windows.check("k", now=61_001, window_ms=60_000, limit=3, record=True)[0] is True


def test_looking_without_recording_never_uses_up_the_window() -> None:
    windows = LocalWindows()
    for _ in range(10):
        assert windows.check("k", now=1, window_ms=1000, limit=1, record=False)[0]


def test_recorded_failures_fill_the_window_that_a_look_reads() -> None:
    windows = LocalWindows()
    for i in range(3):
        windows.record("k", now=i, window_ms=1000, limit=3)
    allowed, count, reset = windows.check("k", now=10, window_ms=1000, limit=3, record=False)
    assert (allowed, count, reset) == (False, 3, 990)
    windows.clear("k")
    assert windows.check("k", now=10, window_ms=1000, limit=3, record=False)[0]


def test_the_number_of_windows_held_is_bounded() -> None:
    windows = LocalWindows(max_keys=2)
    for key in "abc":
        windows.record(key, now=0, window_ms=1000, limit=1)
    assert windows.check("a", now=1, window_ms=1000, limit=1, record=False)[0], "a was evicted"


def test_a_refusal_says_when_to_retry() -> None:
    assert Decision(False, 10, 0, 0).headers == {
        "RateLimit-Limit": "10",
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": "0",
        "Retry-After": "1",
    }
    assert "Retry-After" not in Decision(True, 10, 9, 60).headers
