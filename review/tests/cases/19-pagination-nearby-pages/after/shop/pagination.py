"""Splitting a sequence into numbered pages (numbering starts at 1)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Generic, Sequence, TypeVar

T = TypeVar("T")


class PageOutOfRange(LookupError):
    def __init__(self, page: int, page_count: int) -> None:
        super().__init__(f"page {page} does not exist (there are {page_count})")
        self.page = page
        self.page_count = page_count


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    number: int
    per_page: int
    total: int
    page_count: int

    def nearby(self, radius: int = 2) -> list[int]:
        """Page numbers to show in the navigation bar around the current one,
        e.g. ``[3, 4, 5, 6, 7]`` on page 5 of 10."""
        first = max(1, self.number - radius)
        last = min(self.page_count, self.number + radius)
        return list(range(first, last + 1))

    @property
    def has_next(self) -> bool:
        return self.number < self.page_count

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def paginate(items: Sequence[T], page: int, per_page: int = 20) -> Page[T]:
    """Returns page ``page`` of ``items``. ``per_page`` is clamped by callers."""
    if page < 1:
        raise ValueError("page numbers start at 1")
    total = len(items)
    page_count = max(1, math.ceil(total / per_page))
    if page > page_count:
        raise PageOutOfRange(page, page_count)
    start = (page - 1) * per_page
    end = min(start + per_page, total - 1)
    return Page(items[start:end], page, per_page, total, page_count)
