"""Log lines written in batches (ADR-112): INFO lines wait a moment and go out together in one
write, a WARNING goes out at once after the lines before it, and nothing is left behind when
logging shuts down. A real pipe, read as supervisord or a container runtime reads it."""

from __future__ import annotations

import io
import logging
import os
import select
import time
from collections.abc import Iterator

import orjson
import pytest
from jobsprint.common.observability import BatchingHandler, JsonFormatter


class Pipe:
    """The write end as a text stream, and each read() of the other end as it arrives."""

    def __init__(self) -> None:
        read, write = os.pipe()
        self._read = read
        self.stream = io.TextIOWrapper(os.fdopen(write, "wb"), encoding="utf-8")

    def reads(self, timeout: float) -> list[bytes]:
        got: list[bytes] = []
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self._read], [], [], left)
            if ready:
                got.append(os.read(self._read, 1 << 16))
        return got

    def close(self) -> None:
        self.stream.close()
        os.close(self._read)


@pytest.fixture
def logged() -> Iterator[tuple[logging.Logger, Pipe, BatchingHandler]]:
    pipe = Pipe()
    handler = BatchingHandler(pipe.stream, flush_seconds=0.2)
    handler.setFormatter(JsonFormatter("test"))
    logger = logging.getLogger(f"batched-{id(pipe)}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    yield logger, pipe, handler
    logger.removeHandler(handler)
    pipe.close()


def _messages(chunks: list[bytes]) -> list[str]:
    return [orjson.loads(line)["msg"] for line in b"".join(chunks).splitlines()]


def test_info_lines_go_out_together_a_moment_later(logged):
    logger, pipe, _handler = logged
    for n in range(50):
        logger.info("execution %d succeeded", n)
    assert pipe.reads(0.1) == []  # not yet: the batch waits for the lines after it
    chunks = pipe.reads(0.4)
    assert len(chunks) == 1, "one write for the batch"
    assert _messages(chunks) == [f"execution {n} succeeded" for n in range(50)]


def test_a_warning_goes_out_at_once_after_the_lines_before_it(logged):
    logger, pipe, _handler = logged
    logger.info("first")
    logger.warning("then this")
    chunks = pipe.reads(0.05)
    assert _messages(chunks) == ["first", "then this"]
    assert pipe.reads(0.3) == []  # nothing was left for the flusher


def test_what_is_pending_is_written_when_logging_shuts_down(logged):
    logger, pipe, handler = logged
    logger.info("the last words")
    logging.shutdown([lambda: handler])  # as at exit (logging's atexit hook)
    assert _messages(pipe.reads(0.05)) == ["the last words"]


class _FailingOnce(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.failed = False

    def write(self, text: str) -> int:
        if not self.failed:
            self.failed = True
            raise OSError("the stream refused a write")
        return super().write(text)


def test_a_write_that_failed_loses_its_batch_not_the_later_lines() -> None:
    stream = _FailingOnce()
    handler = BatchingHandler(stream, flush_seconds=0.05)
    logger = logging.getLogger(f"failing-{id(stream)}")
    logger.propagate = False
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        logger.info("lost")
        time.sleep(0.2)
        logger.info("written")
        time.sleep(0.2)
        assert stream.failed and stream.getvalue() == "written\n"
    finally:
        logger.removeHandler(handler)
