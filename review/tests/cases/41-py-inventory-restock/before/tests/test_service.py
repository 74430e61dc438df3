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
