"""Checks URLs concurrently with a fixed pool of worker threads, retrying
transient failures."""

from __future__ import annotations

import queue
import threading
import time
from typing import Callable, Iterable

from crawler.fetch import Result, fetch
from crawler.stats import Stats

Fetcher = Callable[[str], Result]

RETRY_STATUSES = {429, 502, 503, 504}
_STOP = object()


class Pool:
    """Worker threads pulling URLs from a shared queue."""

    def __init__(self, fetcher: Fetcher, stats: Stats, workers: int, attempts: int, backoff: float):
        self.fetcher = fetcher
        self.stats = stats
        self.attempts = attempts
        self.backoff = backoff
        self.todo: queue.Queue[object] = queue.Queue()
        self.results: list[Result] = []
        self.results_lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._work, name=f"linkcheck-{n}", daemon=True)
            for n in range(workers)
        ]

    def _check(self, url: str) -> Result:
        result = self.fetcher(url)
        attempt = 1
        while attempt < self.attempts and (result.status is None or result.status in RETRY_STATUSES):
            self.stats.record_retry()
            time.sleep(self.backoff * 2 ** (attempt - 1))
            result = self.fetcher(url)
            attempt += 1
        self.stats.record(result.status)
        return result

    def _work(self) -> None:
        while True:
            url = self.todo.get()
            if url is _STOP:
                return
            result = self._check(url)
            with self.results_lock:
                self.results.append(result)

    def run(self, urls: list[str]) -> list[Result]:
        for thread in self.threads:
            thread.start()
        for url in urls:
            self.todo.put(url)
        for _ in self.threads:
            self.todo.put(_STOP)
        for thread in self.threads:
            thread.join()
        return self.results


def check_all(
    urls: Iterable[str],
    fetcher: Fetcher = fetch,
    stats: Stats | None = None,
    attempts: int = 3,
    backoff: float = 0.5,
    workers: int = 8,
) -> list[Result]:
    """Checks each URL once (duplicates are skipped) using ``workers`` threads.
    Results come back in completion order."""
    stats = stats if stats is not None else Stats()
    unique = list(dict.fromkeys(urls))
    return Pool(fetcher, stats, workers, attempts, backoff).run(unique)
