"""Counters reported at the end of a run."""

from __future__ import annotations

from collections import Counter


class Stats:
    def __init__(self) -> None:
        self.by_status: Counter[int | None] = Counter()
        self.retries = 0

    def record(self, status: int | None) -> None:
        self.by_status[status] += 1

    def record_retry(self) -> None:
        self.retries += 1

    def summary(self) -> str:
        total = sum(self.by_status.values())
        broken = sum(n for status, n in self.by_status.items() if status is None or status >= 400)
        return f"{total} checked, {broken} broken, {self.retries} retries"
