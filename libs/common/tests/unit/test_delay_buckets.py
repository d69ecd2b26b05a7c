"""Unit tests of the delayed-redelivery buckets in `jobsprint.common.messaging`."""

from jobsprint.common import messaging


def test_delay_buckets_never_overshoot_a_delay_longer_than_the_shortest_bucket() -> None:
    assert messaging.delay_bucket(0.01) == 100
    assert messaging.delay_bucket(1.0) == 800
    assert messaging.delay_bucket(10.0) == 6400
    assert messaging.delay_bucket(3 * 24 * 3600) == messaging.DELAY_BUCKETS_MS[-1]


def test_every_bucket_has_its_own_queue_name() -> None:
    names = {messaging.delay_queue(ms) for ms in messaging.DELAY_BUCKETS_MS}
    assert len(names) == len(messaging.DELAY_BUCKETS_MS)
    assert messaging.delay_queue(100) == "executor.delay.100ms"
