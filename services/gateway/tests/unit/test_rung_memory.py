"""The waiting hub keeps the last RECENT_RINGS rungs (ADR-104); each must hold its output at its
own size, not orjson's 4 KiB write buffer (ADR-103: 16 MB of the gateway under load)."""

from __future__ import annotations

import tracemalloc

import orjson
from jobsprint.gateway.live import Rung


def test_a_kept_rung_holds_its_output_at_its_own_size() -> None:
    payloads = [
        orjson.dumps({"id": f"e{n}", "status": "succeeded", "output": {"c": n}, "error": ""})
        for n in range(500)
    ]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = [Rung.from_payload(payload) for payload in payloads]
        per_rung = (tracemalloc.get_traced_memory()[0] - before) / len(kept)
    finally:
        tracemalloc.stop()
    assert kept[7].output == b'{"c":7}' and kept[7].status == "succeeded"
    assert per_rung < 1024, f"{per_rung:.0f} bytes a rung"
