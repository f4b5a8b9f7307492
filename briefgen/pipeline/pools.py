"""Where a build runs work in parallel: one pool of worker processes for Markdown and pages
(the search index runs in Pagefind's own processes, ``search.pagefind``).

The pool is started on first use and shared by the stages that need it, so a cold build starts
its workers once (measured: ~0.8 s a start on 2 busy cores). Workers start from a fresh server
process, not a fork of the builder: a fork would share the builder's whole heap, and Python's
reference counting copies it page by page (measured: each worker grew past 4 GB on 100,000
briefings). Below ``PARALLEL_MIN_ITEMS`` items, starting workers costs more than it saves and
the work runs in this process. Results come back in the order of the items, so serial and
parallel builds give the same bytes.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_MIN_ITEMS = 400
WORKER_START = multiprocessing.get_context("forkserver")
STREAM_CHUNK = 200  # items per task when streaming to workers
SERIAL_CHUNK = 500  # items per step when streaming in this process


def worker_count(jobs: int | None) -> int:
    """``jobs`` (``--jobs``), else every core."""
    return jobs or os.cpu_count() or 1


class Workers:
    """The worker processes of one build: started when a stage first has enough work for them,
    stopped when the ``with`` block ends. ``initializer(*initargs)`` runs once in each worker,
    and in this process before work runs here. Functions sent to workers must be module-level
    functions (workers import them by name)."""

    def __init__(self, jobs: int | None, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
        self.count = worker_count(jobs)
        self._initializer, self._initargs = initializer, initargs
        self._pool: ProcessPoolExecutor | None = None
        self._initialized_here = False

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _parallel(self, items: int) -> ProcessPoolExecutor | None:
        if self.count < 2 or items < PARALLEL_MIN_ITEMS:
            if not self._initialized_here:
                self._initializer(*self._initargs)
                self._initialized_here = True
            return None
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.count, mp_context=WORKER_START,
                                             initializer=self._initializer, initargs=self._initargs)
        return self._pool

    def map_chunks(self, function: Callable[[Sequence[T]], list[R]], items: Sequence[T]) -> list[R]:
        """``function`` over ``items`` a chunk at a time: in the workers when there are many."""
        pool = self._parallel(len(items))
        if pool is None:
            return function(items)
        size = max(50, len(items) // (self.count * 8))
        chunks = [items[i:i + size] for i in range(0, len(items), size)]
        results: list[R] = []
        for chunk_result in pool.map(function, chunks):
            results.extend(chunk_result)
        return results

    def stream_chunks(self, function: Callable[[Sequence[T]], list[R]], items: Iterable[T],
                      progress: Callable[[int, int], None] | None = None) -> Iterator[list[R]]:
        """``function`` over a stream of items, a chunk of results at a time, in order. At most a
        few chunks are in flight at once, so neither the items nor the results are all held in
        memory."""
        iterator = iter(items)
        first = list(itertools.islice(iterator, PARALLEL_MIN_ITEMS))
        pool = self._parallel(len(first))
        done = 0
        if pool is not None:
            size = STREAM_CHUNK
            chunks = itertools.chain((first[i:i + size] for i in range(0, len(first), size)),
                                     iter(lambda: list(itertools.islice(iterator, size)), []))
            in_flight: collections.deque[Future[list[R]]] = collections.deque()
            for chunk in chunks:
                in_flight.append(pool.submit(function, chunk))
                if len(in_flight) >= self.count * 3:  # keep the workers busy, not the memory full
                    results = in_flight.popleft().result()
                    done += len(results)
                    yield results
                    if progress:
                        progress(done, done + len(in_flight) * size)
            while in_flight:
                yield in_flight.popleft().result()
        else:
            chunk = first
            while chunk:
                yield function(chunk)
                done += len(chunk)
                if progress and done > 1000:
                    progress(done, done)
                chunk = list(itertools.islice(iterator, SERIAL_CHUNK))

