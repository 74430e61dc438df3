"""The product listing endpoint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shop.pagination import PageOutOfRange, paginate

MAX_PER_PAGE = 100


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    price_cents: int


def list_products(products: list[Product], params: dict[str, str]) -> tuple[int, dict[str, Any]]:
    try:
        page_number = int(params.get("page", "1"))
        per_page = int(params.get("per_page", "20"))
    except ValueError:
        return 400, {"error": "page and per_page must be integers"}
    per_page = min(per_page, MAX_PER_PAGE)
    try:
        page = paginate(sorted(products, key=lambda p: p.name), page_number, per_page)
    except PageOutOfRange as exc:
        return 404, {"error": str(exc)}
    except ValueError as exc:
        return 400, {"error": str(exc)}
    return 200, {
        "items": [p.__dict__ for p in page.items],
        "page": page.number,
        "pages": page.page_count,
        "has_next": page.has_next,
        "nearby": page.nearby(),
    }
