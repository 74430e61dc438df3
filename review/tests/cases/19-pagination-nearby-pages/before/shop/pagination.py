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

    @property
    def has_next(self) -> bool:
        return self.number < self.page_count

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def paginate(items: Sequence[T], page: int, per_page: int = 20) -> Page[T]:
    if per_page <= 0:
        raise ValueError("per_page must be positive")
    if page < 1:
        raise ValueError("page numbers start at 1")
    total = len(items)
    page_count = max(1, math.ceil(total / per_page))
    if page > page_count:
        raise PageOutOfRange(page, page_count)
    start = (page - 1) * per_page
    return Page(items[start : start + per_page], page, per_page, total, page_count)
