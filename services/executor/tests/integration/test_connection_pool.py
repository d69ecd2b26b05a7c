"""A service's database pool holds a connection for each thread that may use it at once: under as
many concurrent calls as it has gRPC threads, it opens each connection once, not one per call
beyond a smaller pool (each a Postgres backend started and stopped: docs/performance.md)."""

from __future__ import annotations

import threading

from jobsprint.executor import bootstrap
from jobsprint.executor.config import Settings
from sqlalchemy import event, text

ROUNDS = 5


def test_as_many_callers_as_grpc_threads_open_each_connection_once(it_env):
    settings = Settings(database_url=it_env["EXECUTOR_DATABASE_URL"])
    engine = bootstrap.database(settings)
    opened: list[int] = []
    event.listen(engine, "connect", lambda *_: opened.append(1))
    callers = settings.grpc_max_workers
    together = threading.Barrier(callers)
    failures: list[BaseException] = []

    def call() -> None:
        try:
            for _ in range(ROUNDS):
                together.wait(timeout=30)
                with engine.connect() as connection:
                    connection.execute(text("SELECT pg_sleep(0.05)"))
        except BaseException as exc:  # surfaced below, with the thread's own error
            failures.append(exc)

    threads = [threading.Thread(target=call) for _ in range(callers)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        engine.dispose()
    assert not failures, failures
    # Every caller held a connection at once in each round: the first round opened them all.
    assert callers <= len(opened) <= settings.db_pool_size, (
        f"{len(opened)} connections opened for {callers} callers over {ROUNDS} rounds"
    )
