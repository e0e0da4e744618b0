"""The benchmark's SMTP sink: aiosmtpd with a minimal handler, in its own processes.

Several processes listen on ONE port (SO_REUSEPORT; the kernel spreads connections over them),
each counting accepted messages per recipient; counts come back through a queue on stop.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import socket
from collections import Counter


class _Handler:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    async def handle_DATA(self, server, session, envelope) -> str:
        for address in envelope.rcpt_tos:
            self.counts[address] += 1
        return "250 OK"


def _serve(port: int, ready, stop, results) -> None:
    from aiosmtpd.smtp import SMTP

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """`with Sink(processes=2) as sink: ...; sink.counts` after the block."""

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

    def __enter__(self) -> Sink:
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
