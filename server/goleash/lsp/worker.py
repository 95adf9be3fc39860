"""Analyses run on background threads, never on the protocol's event loop.

A generated 4 MB file can take tens of seconds to analyse; on the event loop that
would hold every request on every other document until it finished. Here the
loop hands a job (a snapshot of the document, taken on the loop) to the worker
and awaits an asyncio future; meanwhile it answers hovers, code actions and
changes on other documents.

A newer version supersedes an older one: a job still waiting in the queue is
replaced (its waiters get the newer result), and the result of one already
running is delivered but never published for a version the user has typed past
(the caller compares versions). The engine offers no cancellation point inside
one analysis, so a running job is not interrupted; at most one stale analysis
runs before the current one.

Two threads: one long analysis (that 4 MB file) leaves the other free for the
small documents the user moves on to; one document is never analysed on both at
once.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

THREADS = 2


class AnalysisWorker:
    def __init__(self) -> None:
        self._lock = threading.Condition()
        # uri -> (job, futures waiting for it), in submission order; a resubmitted
        # uri keeps its place (it was waiting already) but runs the newer job.
        self._queue: OrderedDict[str, tuple[Callable[[], Any], list[asyncio.Future]]] = (
            OrderedDict()
        )
        self._running: set[str] = set()
        self._stopped = False
        self._threads: list[threading.Thread] = []

    def submit(self, uri: str, job: Callable[[], Any]) -> asyncio.Future:
        """Run `job` on the worker; the future (of the running loop) gets its result."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        with self._lock:
            if self._stopped:
                future.set_exception(RuntimeError("the server is shutting down"))
                return future
            waiting = self._queue[uri][1] if uri in self._queue else []
            waiting.append(future)
            self._queue[uri] = (job, waiting)
            idle = len(self._threads) - len(self._running)
            if len(self._threads) < THREADS and len(self._queue) > idle:
                thread = threading.Thread(
                    target=self._run, name=f"goleash-analysis-{len(self._threads) + 1}", daemon=True
                )
                self._threads.append(thread)
                thread.start()
            self._lock.notify_all()
        return future

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._queue.clear()
            self._lock.notify_all()

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._stopped and (uri := self._next()) is None:
                    self._lock.wait()
                if self._stopped:
                    return
                assert uri is not None  # the wait above ends only with a uri or when stopped
                job, futures = self._queue.pop(uri)
                self._running.add(uri)
            try:
                outcome, failed = job(), False
            except BaseException as exc:  # delivered to the waiters, who log it
                outcome, failed = exc, True
            finally:
                with self._lock:
                    self._running.discard(uri)
                    self._lock.notify_all()
            for future in futures:
                _deliver(future, outcome, failed)

    def _next(self) -> str | None:
        """The longest-waiting document not being analysed already (the lock held)."""
        return next((uri for uri in self._queue if uri not in self._running), None)


def _deliver(future: asyncio.Future, outcome, failed: bool) -> None:
    def settle() -> None:
        if future.done():
            return  # its waiter gave up (a newer change cancelled it)
        if failed:
            future.set_exception(outcome)
        else:
            future.set_result(outcome)

    try:
        future.get_loop().call_soon_threadsafe(settle)
    except RuntimeError:  # the loop is closed: nobody waits any more
        pass
