"""The in-process level of the response cache: expiry, size bound, and the generations that keep
a read in flight during an invalidation from storing what it read before."""

from __future__ import annotations

import time

from jobsprint.gateway.cache import Key, LocalCache

KEY = Key("workflow", "workspace-a", "w1")


def test_a_value_is_served_until_it_expires() -> None:
    cache = LocalCache(ttl_seconds=60, max_entries=10)
    assert cache.put(KEY, b"v1", generation=cache.generation(KEY), ttl_seconds=0.05)
    assert cache.get(KEY) == b"v1"
    time.sleep(0.1)
    assert cache.get(KEY) is None


def test_keys_of_two_workspaces_are_distinct() -> None:
    cache = LocalCache(ttl_seconds=60, max_entries=10)
    cache.put(KEY, b"a's", generation=(0, 0), ttl_seconds=60)
    assert cache.get(Key("workflow", "workspace-b", "w1")) is None


def test_a_read_that_began_before_an_invalidation_does_not_store() -> None:
    cache = LocalCache(ttl_seconds=60, max_entries=10)
    seen = cache.generation(KEY)
    cache.invalidate(KEY)  # the workflow changed while the read was in flight
    assert not cache.put(KEY, b"stale", generation=seen, ttl_seconds=60)
    assert cache.get(KEY) is None
    assert cache.put(KEY, b"fresh", generation=cache.generation(KEY), ttl_seconds=60)
    assert cache.get(KEY) == b"fresh"


def test_clearing_drops_everything_and_refuses_reads_in_flight() -> None:
    cache = LocalCache(ttl_seconds=60, max_entries=10)
    cache.put(KEY, b"v", generation=(0, 0), ttl_seconds=60)
    seen = cache.generation(KEY)
    cache.clear()
    assert cache.get(KEY) is None
    assert not cache.put(KEY, b"v", generation=seen, ttl_seconds=60)


def test_the_least_recently_used_entry_goes_first() -> None:
    cache = LocalCache(ttl_seconds=60, max_entries=2)
    keys = [Key("workflow", "w", str(i)) for i in range(3)]
    cache.put(keys[0], b"0", generation=(0, 0), ttl_seconds=60)
    cache.put(keys[1], b"1", generation=(0, 0), ttl_seconds=60)
    assert cache.get(keys[0]) == b"0"
    cache.put(keys[2], b"2", generation=(0, 0), ttl_seconds=60)
    assert cache.get(keys[1]) is None
    assert cache.get(keys[0]) == b"0" and cache.get(keys[2]) == b"2"


def test_a_value_fresh_for_no_time_is_not_stored() -> None:
    cache = LocalCache(ttl_seconds=60, max_entries=10)
    assert not cache.put(KEY, b"v", generation=(0, 0), ttl_seconds=0)
