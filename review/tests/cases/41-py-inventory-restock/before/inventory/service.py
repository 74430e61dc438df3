from __future__ import annotations

import threading
from collections.abc import Iterable

from .models import Item, OutOfStock, StockMovement


class UnknownSku(KeyError):
    pass


class Inventory:
    """In-memory inventory; all mutations go through one lock."""

    def __init__(self, items: Iterable[Item] = ()) -> None:
        self._items = {item.sku: item for item in items}
        self._lock = threading.Lock()

    def _get(self, sku: str) -> Item:
        try:
            return self._items[sku]
        except KeyError:
            raise UnknownSku(sku) from None

    def add_item(self, item: Item) -> None:
        with self._lock:
            if item.sku in self._items:
                raise ValueError(f"duplicate sku {item.sku}")
            self._items[item.sku] = item

    def sell(self, sku: str, quantity: int) -> StockMovement:
        with self._lock:
            return self._get(sku).sell(quantity)

    def sell_order(self, lines: dict[str, int]) -> list[StockMovement]:
        """Sells every line or none of them."""
        with self._lock:
            items = {sku: self._get(sku) for sku in lines}
            for sku, quantity in lines.items():
                if quantity > items[sku].on_hand:
                    raise OutOfStock(sku, quantity, items[sku].on_hand)
            return [items[sku].sell(quantity) for sku, quantity in lines.items()]

    def low_stock(self) -> list[Item]:
        with self._lock:
            return sorted(
                (item for item in self._items.values() if item.needs_reorder),
                key=lambda item: item.sku,
            )
