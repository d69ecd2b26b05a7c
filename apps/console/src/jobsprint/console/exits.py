"""Exit codes of `jobsprint`, stable for scripts (docs/operations.md#exit-codes)."""

from __future__ import annotations

OK = 0
FAILURE = 1  # the operation failed, something is unhealthy, doctor found something
USAGE = 2  # the command line is wrong (Click's own code for usage errors)
NOT_FOUND = 3  # no such resource (HTTP 404)
AUTH = 4  # not logged in, credential refused or not allowed (HTTP 401, 403)


def for_status(status: int | None) -> int:
    if status == 404:
        return NOT_FOUND
    if status in (401, 403):
        return AUTH
    return FAILURE
