"""Where a build runs work in parallel: worker processes for Markdown and pages, threads for
the search indexer (a separate program, so threads are enough).

Workers start from a fresh server process, not a fork of the builder: a fork would share the
builder's whole heap, and Python's reference counting copies it page by page (measured: each
worker grew past 4 GB on 100,000 briefings). Below ``PARALLEL_MIN_ITEMS`` items, starting
workers costs more than it saves, and the work runs in this process. Results come back in the
order of the items, so serial and parallel builds give the same bytes.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
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


def map_chunks(function: Callable[[Sequence[T]], list[R]], items: Sequence[T], jobs: int | None) -> list[R]:
    """``function`` over ``items`` a chunk at a time: in worker processes when there are many
    (``function`` must be a module-level function, so workers can import it)."""
    workers = worker_count(jobs)
    if workers < 2 or len(items) < PARALLEL_MIN_ITEMS:
        return function(items)
    size = max(50, len(items) // (workers * 8))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    results: list[R] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=WORKER_START) as pool:
        for chunk_result in pool.map(function, chunks):
            results.extend(chunk_result)
    return results


def stream_chunks(function: Callable[[Sequence[T]], list[R]], items: Iterable[T], jobs: int | None,
                  initializer: Callable[..., None], initargs: tuple[Any, ...],
                  progress: Callable[[int, int], None] | None = None) -> Iterator[list[R]]:
    """``function`` over a stream of items, a chunk of results at a time, in order. At most a
    few chunks are in flight at once, so neither the items nor the results are all held in
    memory. ``initializer(*initargs)`` runs once in each worker (or here, when serial)."""
    workers = worker_count(jobs)
    iterator = iter(items)
    first = list(itertools.islice(iterator, PARALLEL_MIN_ITEMS))
    done = 0
    if workers > 1 and len(first) >= PARALLEL_MIN_ITEMS:
        size = STREAM_CHUNK
        chunks = itertools.chain((first[i:i + size] for i in range(0, len(first), size)),
                                 iter(lambda: list(itertools.islice(iterator, size)), []))
        with ProcessPoolExecutor(max_workers=workers, initializer=initializer, mp_context=WORKER_START,
                                 initargs=initargs) as pool:
            in_flight: collections.deque[Future[list[R]]] = collections.deque()
            for chunk in chunks:
                in_flight.append(pool.submit(function, chunk))
                if len(in_flight) >= workers * 3:  # keep the workers busy, not the memory full
                    results = in_flight.popleft().result()
                    done += len(results)
                    yield results
                    if progress:
                        progress(done, done + len(in_flight) * size)
            while in_flight:
                yield in_flight.popleft().result()
    else:
        initializer(*initargs)
        chunk = first
        while chunk:
            yield function(chunk)
            done += len(chunk)
            if progress and done > 1000:
                progress(done, done)
            chunk = list(itertools.islice(iterator, SERIAL_CHUNK))


def map_threads(function: Callable[[T], R], items: Sequence[T], jobs: int | None) -> Iterator[R]:
    """``function`` over ``items`` in threads (for work done by other programs), in order."""
    with ThreadPoolExecutor(max_workers=max(1, min(len(items), worker_count(jobs)))) as pool:
        yield from pool.map(function, items)
