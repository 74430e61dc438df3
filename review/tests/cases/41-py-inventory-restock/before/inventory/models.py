from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum


class MovementKind(str, Enum):
    SALE = "sale"
    RETURN = "return"
    ADJUSTMENT = "adjustment"


@dataclass(frozen=True)
class StockMovement:
    sku: str
    kind: MovementKind
    delta: int
    at: datetime
    note: str = ""


class OutOfStock(Exception):
    def __init__(self, sku: str, requested: int, available: int) -> None:
        super().__init__(f"{sku}: requested {requested}, only {available} available")
        self.sku = sku
        self.requested = requested
        self.available = available


@dataclass
class Item:
    sku: str
    name: str
    on_hand: int = 0
    reorder_level: int = 0
    movements: list[StockMovement] = field(default_factory=list)

    def _record(self, kind: MovementKind, delta: int, note: str = "") -> StockMovement:
        movement = StockMovement(self.sku, kind, delta, datetime.now(timezone.utc), note)
        self.on_hand += delta
        self.movements.append(movement)
        return movement

    def sell(self, quantity: int) -> StockMovement:
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        if quantity > self.on_hand:
            raise OutOfStock(self.sku, quantity, self.on_hand)
        return self._record(MovementKind.SALE, -quantity)

    def accept_return(self, quantity: int, note: str = "") -> StockMovement:
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        return self._record(MovementKind.RETURN, quantity, note)

    @property
    def needs_reorder(self) -> bool:
        return self.on_hand <= self.reorder_level
