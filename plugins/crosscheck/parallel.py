"""Per-source work on an executor: in this process, on local worker processes, or on a dask cluster.

The work sent out is a module-level function and plain data (file bytes,
frozen dataclasses), so it pickles, and a remote worker needs no shared file
system, only the same version of this package.
"""

from __future__ import annotations

import concurrent.futures
import logging
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from .cache import analysis_version

logger = logging.getLogger(__name__)

# Below this many sources to analyse, starting worker processes (each loads the
# quantity parser, about 2.4 s) costs more than it saves.
PARALLEL_MIN = 100
# Work items per task: enough to amortise the round trip, few enough to balance the load.
MAX_BATCH = 32


class ExecutorError(ValueError):
    """CROSSCHECK_EXECUTOR names something that cannot be used."""


class SerialExecutor(Executor):
    """Runs each call at once, in this process: the reference the parallel paths must match."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 - the caller sees it from the future, as with any executor
            future.set_exception(error)
        return future


@dataclass(frozen=True)
class Failure:
    """A work item that raised: reported against its source, never fatal."""

    error: str
    traceback: str


def worker_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class Pool:
    executor: Executor
    workers: int  # how many items run at once
    close: Callable[[], None]
    # Remote workers may have another version installed; local ones import this very code.
    remote: bool = False


def open_pool(spec: str, pending: int, workers: int = 0) -> Pool:
    """An executor for ``pending`` work items, with its size and how to shut it down.

    ``spec`` is CROSSCHECK_EXECUTOR: ``auto`` (worker processes when there is
    enough work and more than one core), ``serial``, ``processes``, or
    ``dask://host:port`` for a running dask.distributed scheduler.
    """
    workers = workers or worker_count()
    if spec.startswith("dask://"):
        try:
            from distributed import Client
        except ImportError:
            raise ExecutorError(f"CROSSCHECK_EXECUTOR = {spec!r} needs dask.distributed: pip install 'crosscheck[dask]'") from None
        client = Client("tcp://" + spec.removeprefix("dask://"), set_as_default=False)
        logger.info("sending the per-source analysis to the dask scheduler at %s", spec.removeprefix("dask://"))
        return Pool(client.get_executor(pure=False), max(1, sum(client.nthreads().values())), client.close, remote=True)
    if spec == "serial" or (spec == "auto" and (pending < PARALLEL_MIN or workers < 2)):
        return Pool(SerialExecutor(), 1, lambda: None)
    if spec in ("auto", "processes"):
        # forkserver: a fork of a process that runs a progress-bar thread can deadlock.
        context = multiprocessing.get_context("forkserver")
        pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context)
        return Pool(pool, workers, lambda: pool.shutdown(cancel_futures=True))
    raise ExecutorError(f"CROSSCHECK_EXECUTOR must be 'auto', 'serial', 'processes' or 'dask://host:port', not {spec!r}")


def run_batch(function: Callable, items: Sequence[tuple]) -> tuple[str, list[Any]]:
    """Runs in a worker: each item's result, or a Failure; with the worker's code version."""
    results: list[Any] = []
    for arguments in items:
        try:
            results.append(function(*arguments))
        except Exception as error:  # noqa: BLE001 - a bug must cost one source, not the build
            results.append(Failure(f"{type(error).__name__}: {error}", traceback.format_exc()))
    return analysis_version(), results


def map_batched(
    pool: Pool, function: Callable, items: Sequence[tuple], advance: Callable[[int], None] = lambda count: None
) -> Iterator[tuple[int, Any]]:
    """(index, result or Failure) for each item, in the order they finish.

    Only a few batches per worker are out at a time, so the work waiting to be
    sent stays small and the progress bar moves on a serial executor too.
    """
    size = max(1, min(MAX_BATCH, len(items) // (pool.workers * 4) or 1))
    starts = iter(range(0, len(items), size))
    window = 1 if isinstance(pool.executor, SerialExecutor) else max(2, pool.workers * 2)
    running: dict[Future, int] = {}

    def submit_next() -> None:
        start = next(starts, None)
        if start is not None:
            running[pool.executor.submit(run_batch, function, items[start : start + size])] = start

    for _ in range(window):
        submit_next()
    while running:
        done, _ = concurrent.futures.wait(running, return_when=concurrent.futures.FIRST_COMPLETED)
        for future in done:
            start = running.pop(future)
            try:
                version, results = future.result()
            except BrokenProcessPool as error:
                raise ExecutorError(
                    f"a worker process died ({error}). A script that runs the build must start it under "
                    "`if __name__ == '__main__':`, as any script using worker processes must; "
                    "or set CROSSCHECK_EXECUTOR = 'serial'"
                ) from error
            if pool.remote and version != analysis_version():
                raise ExecutorError(
                    f"a worker runs another version of crosscheck ({version}, here {analysis_version()}); "
                    "install the same version on every worker"
                )
            for offset, result in enumerate(results):
                yield start + offset, result
            advance(len(results))
            submit_next()
