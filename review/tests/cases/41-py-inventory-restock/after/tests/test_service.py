import pytest

from inventory.models import Item, OutOfStock
from inventory.service import Inventory, UnknownSku


@pytest.fixture
def inventory():
    return Inventory(
        [
            Item("MUG-1", "Mug", on_hand=10, reorder_level=3),
            Item("TEE-M", "T-shirt M", on_hand=2, reorder_level=5),
        ]
    )


def test_sell_reduces_stock(inventory):
    inventory.sell("MUG-1", 4)
    assert inventory._get("MUG-1").on_hand == 6


def test_sell_order_is_all_or_nothing(inventory):
    with pytest.raises(OutOfStock):
        inventory.sell_order({"MUG-1": 1, "TEE-M": 3})
    assert inventory._get("MUG-1").on_hand == 10


def test_unknown_sku(inventory):
    with pytest.raises(UnknownSku):
        inventory.sell("NOPE", 1)


def test_low_stock(inventory):
    assert [item.sku for item in inventory.low_stock()] == ["TEE-M"]


def test_restock_records_movement(inventory):
    (movement,) = inventory.restock({"TEE-M": 20}, "PO-1042")
    assert inventory._get("TEE-M").on_hand == 22
    assert movement.kind.value == "restock"
    assert movement.note == "PO PO-1042"
    assert inventory.low_stock() == []


def test_restock_rejects_unknown_sku_without_partial_booking(inventory):
    with pytest.raises(UnknownSku):
        inventory.restock({"MUG-1": 5, "NOPE": 1}, "PO-1043")
    assert inventory._get("MUG-1").on_hand == 10


@pytest.mark.parametrize("quantity, po", [(0, "PO-1"), (-3, "PO-1"), (5, "  ")])
def test_restock_validates_input(inventory, quantity, po):
    with pytest.raises(ValueError):
        inventory.restock({"MUG-1": quantity}, po)
