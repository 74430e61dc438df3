from stock import StockItem, available_qty


def needs_reorder(item: StockItem) -> bool:
    return available_qty(item) <= item.reorder_point


def reorder_quantity(item: StockItem, daily_sales: float, target_days: int = 14) -> int:
    target = round(target_days * daily_sales) + item.reorder_point
    return max(target - available_qty(item), 0)


def reorder_list(items: list[StockItem], daily_sales: dict[str, float]) -> list[tuple[str, int]]:
    result = []
    for item in items:
        if needs_reorder(item):
            qty = reorder_quantity(item, daily_sales.get(item.sku, 0.0))
            if qty > 0:
                result.append((item.sku, qty))
    return sorted(result)
