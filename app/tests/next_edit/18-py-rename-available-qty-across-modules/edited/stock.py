from dataclasses import dataclass


@dataclass
class StockItem:
    sku: str
    on_hand: int
    reserved: int
    reorder_point: int = 0


def sellable_qty(item: StockItem) -> int:
    """Units that can still be sold: on hand minus reserved, never negative."""
    return max(item.on_hand - item.reserved, 0)


def reserve(item: StockItem, qty: int) -> None:
    if qty > available_qty(item):
        raise ValueError(f"only {available_qty(item)} of {item.sku} available")
    item.reserved += qty


def release(item: StockItem, qty: int) -> None:
    item.reserved = max(item.reserved - qty, 0)
