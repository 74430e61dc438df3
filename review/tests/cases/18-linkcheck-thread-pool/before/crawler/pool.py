"""Checks a list of URLs, retrying transient failures."""

from __future__ import annotations

import time
from typing import Callable, Iterable

from crawler.fetch import Result, fetch
from crawler.stats import Stats

Fetcher = Callable[[str], Result]

RETRY_STATUSES = {429, 502, 503, 504}


def _is_transient(result: Result) -> bool:
    return result.status is None or result.status in RETRY_STATUSES


def check_one(url: str, fetcher: Fetcher, stats: Stats, attempts: int, backoff: float) -> Result:
    result = fetcher(url)
    for attempt in range(1, attempts):
        if not _is_transient(result):
            break
        stats.record_retry()
        time.sleep(backoff * 2 ** (attempt - 1))
        result = fetcher(url)
    stats.record(result.status)
    return result


def check_all(
    urls: Iterable[str],
    fetcher: Fetcher = fetch,
    stats: Stats | None = None,
    attempts: int = 3,
    backoff: float = 0.5,
) -> list[Result]:
    """Checks each URL once (duplicates are skipped) and returns the results in
    the order the URLs were given."""
    stats = stats if stats is not None else Stats()
    seen: set[str] = set()
    results = []
    for url in urls:
        if url in seen:
            continue
        seen.add(url)
        results.append(check_one(url, fetcher, stats, attempts, backoff))
    return results
