"""Cron arithmetic: next fire times in a time zone, and what a scheduler does with due ticks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jobsprint.workflows.domain import triggers

GRACE = timedelta(seconds=60)


def test_next_fire_times_follow_the_time_zone_across_a_daylight_saving_change():
    after = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    ticks = triggers.next_fire_times("0 9 * * *", "Europe/Berlin", after=after, count=2)
    # 09:00 in Berlin is 08:00 UTC before the change on 29 March and 07:00 UTC after it.
    assert ticks == [datetime(2026, 3, 29, 7, 0, tzinfo=UTC), datetime(2026, 3, 30, 7, 0, tzinfo=UTC)]


def test_a_tick_seen_on_time_fires_and_the_schedule_moves_to_the_next_one():
    now = datetime(2026, 1, 1, 10, 0, 5, tzinfo=UTC)
    fire = triggers.plan(
        expression="* * * * *",
        timezone="UTC",
        policy=triggers.SKIP,
        due_since=datetime(2026, 1, 1, 10, 0, tzinfo=UTC),
        now=now,
        grace=GRACE,
    )
    assert fire == triggers.FirePlan(
        datetime(2026, 1, 1, 10, 0, tzinfo=UTC), 0, datetime(2026, 1, 1, 10, 1, tzinfo=UTC)
    )


def test_ticks_missed_while_everything_was_down_are_skipped_under_the_skip_policy():
    fire = triggers.plan(
        expression="*/5 * * * *",
        timezone="UTC",
        policy=triggers.SKIP,
        due_since=datetime(2026, 1, 1, 10, 0, tzinfo=UTC),
        now=datetime(2026, 1, 1, 10, 32, tzinfo=UTC),
        grace=GRACE,
    )
    assert (fire.fire_at, fire.missed, fire.next_fire_at) == (
        None,
        7,
        datetime(2026, 1, 1, 10, 35, tzinfo=UTC),
    )


def test_ticks_missed_while_everything_was_down_make_one_run_under_the_run_once_policy():
    fire = triggers.plan(
        expression="*/5 * * * *",
        timezone="UTC",
        policy=triggers.RUN_ONCE,
        due_since=datetime(2026, 1, 1, 10, 0, tzinfo=UTC),
        now=datetime(2026, 1, 1, 10, 32, tzinfo=UTC),
        grace=GRACE,
    )
    assert (fire.fire_at, fire.missed) == (datetime(2026, 1, 1, 10, 30, tzinfo=UTC), 7)


def test_an_on_time_tick_after_missed_ones_fires_once_and_counts_the_misses():
    fire = triggers.plan(
        expression="*/5 * * * *",
        timezone="UTC",
        policy=triggers.SKIP,
        due_since=datetime(2026, 1, 1, 10, 0, tzinfo=UTC),
        now=datetime(2026, 1, 1, 10, 30, 10, tzinfo=UTC),
        grace=GRACE,
    )
    assert (fire.fire_at, fire.missed) == (datetime(2026, 1, 1, 10, 30, tzinfo=UTC), 6)


def test_counting_missed_ticks_stops_at_a_bound():
    fire = triggers.plan(
        expression="* * * * *",
        timezone="UTC",
        policy=triggers.SKIP,
        due_since=datetime(2025, 1, 1, tzinfo=UTC),
        now=datetime(2026, 1, 1, 0, 0, 30, tzinfo=UTC),
        grace=GRACE,
    )
    assert fire.missed == triggers.MAX_COUNTED_MISSES - 1


def test_a_six_field_or_malformed_expression_and_an_unknown_zone_are_refused_with_their_paths():
    problems = triggers.check_schedule("*/5 * * * * *", "Mars/Olympus", path="p")
    assert [p.field for p in problems] == ["p.expression", "p.timezone"]
    assert triggers.check_schedule("0 9 * * 1-5", "America/New_York", path="p") == []
