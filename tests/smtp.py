"""Real SMTP servers (aiosmtpd) on 127.0.0.1 for the tests and the digest benchmark.

`SmtpSink` runs in a thread of the test process and can refuse or pause; `ProcessSink` runs in
several processes for the benchmark's throughput. bench/digest.py imports this module, so the
benchmark and the tests talk to the same servers.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import threading
from collections import Counter

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from forum.devstack import free_port


class CountingHandler:
    """Counts accepted messages per recipient. `refuse` maps an address to a reply such as
    "550 5.1.1 no such user" (RCPT refused); `pause_after` blocks the reply to the Nth
    message (after counting it) until `release` is set — a worker can be killed right there.
    """

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.messages: list[bytes] = []
        self.mail_options: list[list[str]] = []
        self.refuse: dict[str, str] = {}
        self.keep_messages = True
        self.pause_after: int | None = None
        # Close the connection without a reply after counting the Nth message (after ".").
        self.drop_after: int | None = None
        self.paused = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session: Session, envelope: Envelope, address, options):
        reply = self.refuse.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session: Session, envelope: Envelope):
        with self._lock:
            for address in envelope.rcpt_tos:
                self.counts[address.lower()] += 1
            if self.keep_messages:
                self.messages.append(envelope.original_content or envelope.content)
                self.mail_options.append(list(envelope.mail_options))
            total = sum(self.counts.values())
        if self.drop_after is not None and total == self.drop_after:
            server.transport.abort()
            return "250 Message accepted"  # never reaches the client: the socket is gone
        if self.pause_after is not None and total == self.pause_after:
            import asyncio

            self.paused.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)
        return "250 Message accepted"

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class SmtpSink:
    """An aiosmtpd server on 127.0.0.1 and a free port, for `with SmtpSink() as sink:`."""

    def __init__(self) -> None:
        self.handler = CountingHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.handler.release.set()
        self.controller.stop()

    def point_django_at_it(self, settings) -> None:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = self.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 10


class _Handler:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    async def handle_DATA(self, server, session, envelope) -> str:
        for address in envelope.rcpt_tos:
            self.counts[address] += 1
        return "250 OK"


def _serve(port: int, ready, stop, results) -> None:
    handler = _Handler()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(
            lambda: SMTP(handler, hostname="sink", ident="bench-sink", enable_SMTPUTF8=True),
            host="127.0.0.1",
            port=port,
            reuse_port=True,
            backlog=128,
        )
    )
    ready.set()

    async def wait_for_stop() -> None:
        while not stop.is_set():
            await asyncio.sleep(0.05)

    loop.run_until_complete(wait_for_stop())
    server.close()
    loop.run_until_complete(server.wait_closed())
    results.put(dict(handler.counts))


class ProcessSink:
    """The benchmark's sink: `with ProcessSink(processes=2) as sink: ...; sink.counts` after
    the block. Several processes listen on ONE port (SO_REUSEPORT; the kernel spreads
    connections over them), each counting accepted messages per recipient with a minimal
    handler, so the sink is never what a benchmark measures."""

    def __init__(self, processes: int = 2) -> None:
        self.port = free_port()
        self.processes = processes
        ctx = mp.get_context("spawn")
        self._stop = ctx.Event()
        self._results = ctx.Queue()
        self._readies = [ctx.Event() for _ in range(processes)]
        self._procs = [
            ctx.Process(
                target=_serve,
                args=(self.port, ready, self._stop, self._results),
                daemon=True,
                name=f"smtp-sink-{i}",
            )
            for i, ready in enumerate(self._readies)
        ]
        self.counts: Counter[str] = Counter()

    def __enter__(self) -> ProcessSink:
        for proc in self._procs:
            proc.start()
        for ready in self._readies:
            if not ready.wait(30):
                raise SystemExit("the SMTP sink did not start")
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for _ in self._procs:
            self.counts.update(self._results.get(timeout=60))
        for proc in self._procs:
            proc.join(10)
            if proc.is_alive():
                proc.kill()
