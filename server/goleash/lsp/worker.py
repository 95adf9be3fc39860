"""Analyses run on background threads, never on the protocol's event loop.

A generated 4 MB file can take tens of seconds to analyse; on the event loop that
would hold every request on every other document until it finished. Here the
loop hands a job (a snapshot of the document, taken on the loop) to the worker
and awaits an asyncio future; meanwhile it answers hovers, code actions and
changes on other documents.

A newer version supersedes an older one: a job still waiting in the queue is
replaced (its waiters get the newer result). When a newer version arrives or the
document closes, `cancel` stops the job of that document: a waiting one is
dropped, a running one stops at the engine's next checkpoint (between rules,
between declarations: `engine.cancellable`), and their waiters get
`engine.Cancelled`. A result that still comes in for a version the user has typed
past is never published (the caller compares versions).

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

from goleash import engine

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
        # The running job of each document: set to stop it (engine.cancellable).
        self._stop_flags: dict[str, threading.Event] = {}
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

    def cancel(self, uri: str) -> None:
        """The document's job is not wanted any more (a newer version, or closed): a
        waiting one is dropped, a running one asked to stop; their waiters get
        engine.Cancelled."""
        with self._lock:
            flag = self._stop_flags.get(uri)
            if flag is not None:
                flag.set()
            _, dropped = self._queue.pop(uri, (None, []))
        for future in dropped:
            _deliver(future, engine.Cancelled(), True)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._queue.clear()
            for flag in self._stop_flags.values():
                flag.set()
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
                flag = self._stop_flags[uri] = threading.Event()
            try:
                with engine.cancellable(flag.is_set):
                    outcome, failed = job(), False
            except BaseException as exc:  # delivered to the waiters, who log it
                outcome, failed = exc, True
            finally:
                with self._lock:
                    self._running.discard(uri)
                    del self._stop_flags[uri]
                    self._lock.notify_all()
            for future in futures:
                _deliver(future, outcome, failed)

    def busy(self) -> bool:
        """An analysis is running or waiting."""
        with self._lock:
            return bool(self._running or self._queue)

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
