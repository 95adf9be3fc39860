"""Running directory jobs: one after another in this process, or in worker processes.

Whoever runs the jobs decides whether a pool is worth starting (`goleash check`
does, from the size of the tree: cli.check); this module only runs them. Results
come back in the order they finish, so callers sort what they print.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.context import BaseContext

from goleash.cli.directory_check import DirectoryResult, check_directory
from goleash.cli.jobs import DirectoryJob
from goleash.cli.progress import Progress
from goleash.cli.project_settings import SettingsSource


@dataclass(frozen=True)
class WorkerProcesses:
    """How many worker processes to run the jobs in, and how to start them."""

    count: int
    context: BaseContext


def cpu_count() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU affinity mask)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def run_jobs(
    jobs: list[DirectoryJob],
    settings: SettingsSource,
    progress: Progress,
    with_fixes: bool = True,
    processes: WorkerProcesses | None = None,
) -> Iterator[DirectoryResult]:
    """Each job's result, as it is ready; in this process unless `processes` are given."""
    if processes is None or processes.count <= 1 or len(jobs) <= 1:
        for job in jobs:
            result = check_directory(job, settings, with_fixes)
            progress.advance(result.files)
            yield result
        return
    # Largest directories first so no worker is left with a big one at the end.
    ordered = sorted(jobs, key=lambda j: -j.size)
    workers = min(processes.count, len(jobs))
    with processes.context.Pool(
        workers, initializer=_init_worker, initargs=(settings, with_fixes)
    ) as pool:
        for result in pool.imap_unordered(_work, ordered, chunksize=1):
            progress.advance(result.files)
            yield result


# What every job in a worker process is checked with (set once, when the worker starts).
_worker_options: tuple[SettingsSource, bool] | None = None


def _init_worker(settings: SettingsSource, with_fixes: bool) -> None:
    global _worker_options
    _worker_options = (settings, with_fixes)


def _work(job: DirectoryJob) -> DirectoryResult:
    assert _worker_options is not None
    return check_directory(job, *_worker_options)
