"""Sandbox processes that evaluate expressions where a time and memory limit really hold (ADR-056).

CEL always terminates, but nothing bounds how long it takes or how much it allocates: nested
comprehension macros over a few lists run for minutes and take gigabytes, and the evaluator
holds the interpreter lock meanwhile. So an expression that is not provably cheap is sent to a
child process of this one (`python -m jobsprint.executor.adapters.sandbox`), which limits its own address
space (`RLIMIT_AS`: its footprint after start-up plus `memory_bytes`) and is killed — SIGKILL,
then replaced — once the evaluation's time is up or the caller is told to stop. The caller
waits on a pipe, holding no lock, so every other thread of the worker goes on.

Requests and answers are frames: a 4-byte big-endian length, then JSON.
Request: `{"source", "scope"}`. Answer: `{"result"}` (the result as JSON), or `{"error"}` (the
expression failed: a message), or `{"limit": "memory"}`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import orjson
from jobsprint.executor.domain.sandboxing import (
    MEMORY,
    TIME,
    EvaluationFailed,
    LimitExceeded,
    Limits,
    SandboxBroken,
    Stopped,
)
from jobsprint.executor.domain.sandboxing import Sandbox as SandboxPort

log = logging.getLogger(__name__)

_HEADER = struct.Struct(">I")
# How often a long evaluation asks whether its run must stop (a cancel).
POLL_SECONDS = 0.25
# A sandbox that answers nothing this long after starting is broken, not busy.
START_TIMEOUT_SECONDS = 30.0


class _GoneWhileIdle(SandboxBroken):
    """The process had died before it was sent the request (killed from outside while idle)."""


class _Child:
    def __init__(self, memory_bytes: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jobsprint.executor.adapters.sandbox", str(memory_bytes)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # A Rust allocation failure prints a backtrace before aborting: nothing to keep.
            stderr=subprocess.DEVNULL,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._stdin = self.process.stdin
        self._stdout = self.process.stdout.fileno()
        self.evaluations = 0
        # The child says it is ready once its imports are done and its limits are set, so the
        # first evaluation's time is not spent starting Python.
        ready = self._read_frame(time.monotonic() + START_TIMEOUT_SECONDS, None)
        if ready != {"ready": True}:
            self.kill()
            raise SandboxBroken(f"the sandbox process did not start: {ready!r}")

    def evaluate(
        self,
        source: str,
        scope: Mapping[str, Any],
        *,
        deadline: float,
        should_stop: Callable[[], bool] | None,
    ) -> Any:
        request = orjson.dumps({"source": source, "scope": scope})
        try:
            self._stdin.write(_HEADER.pack(len(request)) + request)
            self._stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise _GoneWhileIdle(f"the sandbox process went away: {exc}") from exc
        self.evaluations += 1
        answer = self._read_frame(deadline, should_stop)
        if "result" in answer:
            return answer["result"]
        if answer.get("limit") == MEMORY:
            raise LimitExceeded(MEMORY, "it used more memory than its limit")
        raise EvaluationFailed(str(answer.get("error", "the evaluation failed")))

    def _read_frame(self, deadline: float, should_stop: Callable[[], bool] | None) -> dict[str, Any]:
        header = self._read(_HEADER.size, deadline, should_stop)
        (length,) = _HEADER.unpack(header)
        decoded = orjson.loads(self._read(length, deadline, should_stop))
        if not isinstance(decoded, dict):
            raise SandboxBroken(f"the sandbox process answered {decoded!r}")
        return decoded

    def _read(self, count: int, deadline: float, should_stop: Callable[[], bool] | None) -> bytes:
        chunks: list[bytes] = []
        wanted = count
        while wanted:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LimitExceeded(TIME, "it ran out of time")
            readable, _, _ = select.select([self._stdout], [], [], min(left, POLL_SECONDS))
            if not readable:
                if should_stop is not None and should_stop():
                    raise Stopped("the run was told to stop")
                continue
            chunk = os.read(self._stdout, wanted)
            if not chunk:
                raise self._died()
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)

    def _died(self) -> Exception:
        code = self.process.wait()
        # SIGABRT: Rust aborts when an allocation fails, which RLIMIT_AS makes happen.
        if code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL):
            return LimitExceeded(MEMORY, "it used more memory than its limit")
        return SandboxBroken(f"the sandbox process exited with {code}")

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        with contextlib.suppress(OSError):
            self._stdin.close()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


class SandboxPool(SandboxPort):
    """Up to `limits.processes` sandbox processes, started on first use and replaced after each
    one that was killed. Safe to share between threads: each evaluation has a process of its own."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._idle: list[_Child] = []
        self._started = 0
        self._available = threading.Condition()
        self._closed = False
        # Children are started from one thread that lives as long as the pool: Linux sends the
        # parent-death signal (PR_SET_PDEATHSIG) when the *thread* that forked a child ends, so a
        # child started from a short-lived thread would be killed with it.
        self._spawner = ThreadPoolExecutor(1, thread_name_prefix="sandbox-spawn")

    def evaluate(
        self,
        source: str,
        scope: Mapping[str, Any],
        *,
        timeout: float,
        should_stop: Callable[[], bool] | None = None,
    ) -> Any:
        """The result (as JSON values) of evaluating `source` over `scope` within `timeout`
        seconds. Raises LimitExceeded, EvaluationFailed, Stopped, or SandboxBroken."""
        for attempt in (1, 2):
            child = self._acquire(should_stop)
            # The time starts once a process is ready: waiting for one or starting it is not the
            # expression's doing.
            deadline = time.monotonic() + timeout
            try:
                result = child.evaluate(source, scope, deadline=deadline, should_stop=should_stop)
            except EvaluationFailed:
                self._release(child)
                raise
            except _GoneWhileIdle:
                self._discard(child)
                if attempt == 2:
                    raise
                continue  # nothing was evaluated: a fresh process takes the request
            except BaseException:
                self._discard(child)
                raise
            self._release(child)
            return result
        raise AssertionError("unreachable")

    def _acquire(self, should_stop: Callable[[], bool] | None) -> _Child:
        with self._available:
            while True:
                if self._closed:
                    raise SandboxBroken("the sandbox pool is closed")
                if self._idle:
                    return self._idle.pop()
                if self._started < self.limits.processes:
                    self._started += 1
                    break
                self._available.wait(POLL_SECONDS)
                if should_stop is not None and should_stop():
                    raise Stopped("the run was told to stop")
        try:
            return self._spawner.submit(_Child, self.limits.memory_bytes).result()
        except BaseException:
            with self._available:
                self._started -= 1
                self._available.notify()
            raise

    def _release(self, child: _Child) -> None:
        with self._available:
            if self._closed:
                child.kill()
            else:
                self._idle.append(child)
            self._available.notify()

    def _discard(self, child: _Child) -> None:
        child.kill()
        with self._available:
            self._started -= 1
            self._available.notify()

    def close(self) -> None:
        with self._available:
            self._closed = True
            idle, self._idle = self._idle, []
            self._available.notify_all()
        for child in idle:
            child.kill()
        self._spawner.shutdown(wait=False)


# --- the child process -------------------------------------------------------------------------


def _die_with_parent() -> None:
    """Linux: SIGKILL this process when its parent dies (strictly: when the thread that started
    it ends; the pool starts children from a thread that lives as long as it), so no evaluation
    outlives its worker."""
    with contextlib.suppress(Exception):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() == 1:
            os._exit(1)


def _address_space() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _serve(memory_bytes: int) -> None:
    import resource

    from jobsprint.executor.domain import expressions

    _die_with_parent()
    # Imports done: what is mapped now is the footprint; the expression gets `memory_bytes` more.
    limit = _address_space() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer

    def send(answer: Mapping[str, Any]) -> None:
        body = orjson.dumps(answer)
        stdout.write(_HEADER.pack(len(body)) + body)
        stdout.flush()

    send({"ready": True})
    while True:
        header = stdin.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return  # the parent closed the pipe
        (length,) = _HEADER.unpack(header)
        try:
            request = orjson.loads(stdin.read(length))
            result = expressions.evaluate_here(request["source"], request["scope"])
            answer: dict[str, Any] = {"result": result}
        except expressions.ExpressionError as exc:
            answer = {"error": exc.message}
        except MemoryError:
            send({"limit": MEMORY})
            return  # the heap may be in any state: a fresh process takes over
        except Exception as exc:
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        send(answer)


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
