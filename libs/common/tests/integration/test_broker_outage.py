"""A consumer through a broker outage: real RabbitMQ behind a TCP proxy that the test takes down
and brings back. The consumer backs off and logs the outage once with its reason (it used to log
every attempt, a second apart, with an empty reason), and consumes again when the broker is back."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pika
import pytest
from jobsprint.common import messaging, retrying

pytestmark = pytest.mark.integration


class Proxy:
    """Forwards 127.0.0.1:<port> to the broker while up; down, it refuses connections and has
    cut the ones it carried."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


@pytest.fixture
def broker(it_env: dict[str, str]) -> Iterator[tuple[str, str, Proxy]]:
    """(the broker's URL, the same through the proxy, the proxy), and a queue of the test's own."""
    url = it_env["JOBSPRINT_AMQP_URL"]
    parts = urlsplit(url)
    proxy = Proxy((parts.hostname or "127.0.0.1", parts.port or 5672))
    credentials = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
    proxied = urlunsplit(parts._replace(netloc=f"{credentials}127.0.0.1:{proxy.port}"))
    yield url, proxied, proxy
    proxy.down()


def test_a_consumer_logs_a_broker_outage_once_with_its_reason_and_consumes_after_it(broker, caplog):
    url, proxied, proxy = broker
    queue = f"test.outage.{uuid.uuid4().hex[:8]}"
    caplog.set_level(logging.INFO, logger="jobsprint.common.messaging")
    received: list[bytes] = []
    stop = threading.Event()

    def declare(channel) -> None:
        channel.queue_declare(queue, auto_delete=False)

    def handle(delivery: messaging.Delivery) -> str:
        received.append(delivery.body)
        return messaging.Outcome.ACK

    consumer = threading.Thread(
        target=messaging.consume_forever,
        args=(proxied,),
        kwargs={
            "queue": queue,
            "handle": handle,
            "prefetch": 1,
            "should_stop": stop.is_set,
            "declare": declare,
            # Fast, so that a second holds many attempts: the log must not grow with them.
            "wait": retrying.backoff(base=0.01, cap=0.05),
        },
        daemon=True,
    )

    def outage_lines() -> list[str]:
        return [r.getMessage() for r in caplog.records if "RabbitMQ (consuming" in r.getMessage()]

    publisher = pika.BlockingConnection(pika.URLParameters(url))
    channel = publisher.channel()
    channel.queue_declare(queue, auto_delete=False)
    try:
        consumer.start()  # the broker is away (the proxy is down) when the consumer starts
        time.sleep(1.0)
        (first,) = outage_lines()
        assert first.startswith("RabbitMQ (consuming test.outage.")
        assert "is unavailable: AMQPConnectionError: " in first and "Connection refused" in first

        proxy.up()
        channel.basic_publish("", queue, b"one")
        _until(lambda: received == [b"one"])
        assert "is available again after" in outage_lines()[-1]
        assert len(outage_lines()) == 2

        proxy.down()  # connections cut, new ones refused
        time.sleep(1.0)
        proxy.up()
        channel.basic_publish("", queue, b"two")
        _until(lambda: received == [b"one", b"two"])
        lines = outage_lines()[2:]
        # Lost (one line), maybe refused on reconnecting (one more: another reason), back (one).
        assert 2 <= len(lines) <= 3, lines
        assert all(line.split(": ", 1)[1].strip() for line in lines if "unavailable" in line), lines
        assert "is available again after" in lines[-1]
    finally:
        stop.set()
        consumer.join(timeout=10)
        channel.queue_delete(queue)
        publisher.close()
    assert not consumer.is_alive()


def _until(condition, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "did not happen in time"
        time.sleep(0.05)
