"""What the finish bell rings (ADR-104), and that nothing it does can fail the run that ended:
it rings after the commit."""

from __future__ import annotations

import orjson
from jobsprint.executor.adapters.live import MAX_RING_BYTES, Ended, FinishBell


def test_a_small_end_is_rung_whole_and_a_large_one_as_its_id():
    small = Ended("e1", "succeeded", {"c": 6}, "")
    assert orjson.loads(small.ring()) == {"id": "e1", "status": "succeeded", "output": {"c": 6}, "error": ""}
    large = Ended("e2", "succeeded", {"blob": "x" * MAX_RING_BYTES}, "")
    assert orjson.loads(large.ring()) == {"id": "e2"}
    assert orjson.loads(Ended("e3").ring()) == {"id": "e3"}  # a cancel: the id alone


def test_an_output_orjson_cannot_write_is_rung_as_its_id():
    assert orjson.loads(Ended("e4", "succeeded", {"n": 2**70}, "").ring()) == {"id": "e4"}


class Exploding:
    """A Redis client whose every call fails in a way that is not a Redis error."""

    connection_pool = type("Pool", (), {"connection_kwargs": {"db": 0}})()

    def publish(self, *_args: object) -> int:
        raise RuntimeError("not a Redis error")

    def pipeline(self, **_kwargs: object) -> Exploding:
        return self


def test_whatever_goes_wrong_ringing_is_counted_not_raised(caplog):
    bell = FinishBell(Exploding())  # type: ignore[arg-type]
    bell([Ended("e5", "succeeded", None, "")])  # does not raise
    assert "cannot ring execution ends" in caplog.text
