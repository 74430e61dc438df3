from table import column_widths, format_row, render_table


def render_totals(totals: dict[str, float]) -> str:
    cells = [[name, f"{value:,.2f}"] for name, value in sorted(totals.items())]
    widths = column_widths(cells)
    rule = "-+-".join("-" * w for w in widths)
    body = [format_row(row) for row in cells]
    return "\n".join([rule, *body, rule])


def render_inventory(items: list[dict]) -> str:
    rows = [[item["sku"], item["name"], str(item["qty"])] for item in items]
    return render_table(["SKU", "Name", "Qty"], rows)
