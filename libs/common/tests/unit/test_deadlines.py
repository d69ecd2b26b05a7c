"""A call served with a deadline passes what is left of it on to the calls it makes."""

from __future__ import annotations

import time

from jobsprint.common import deadlines


def test_outside_a_call_the_default_applies() -> None:
    assert deadlines.remaining() is None
    assert deadlines.timeout(10.0) == 10.0


def test_inside_a_call_the_outgoing_deadline_is_cut_to_what_is_left() -> None:
    token = deadlines.set_remaining(2.0)
    try:
        assert 1.5 < deadlines.timeout(10.0) <= 2.0
        assert deadlines.timeout(0.5) == 0.5
    finally:
        deadlines.reset(token)
    assert deadlines.remaining() is None


def test_an_exhausted_deadline_still_gives_a_positive_timeout() -> None:
    token = deadlines.set_remaining(0.01)
    try:
        time.sleep(0.02)
        assert deadlines.timeout(10.0) == deadlines.MINIMUM_SECONDS
    finally:
        deadlines.reset(token)


def test_a_call_without_a_deadline_sets_none() -> None:
    token = deadlines.set_remaining(None)
    try:
        assert deadlines.timeout(3.0) == 3.0
    finally:
        deadlines.reset(token)
