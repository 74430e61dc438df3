def column_widths(rows: list[list[str]]) -> list[int]:
    widths: list[int] = []
    for row in rows:
        for i, cell in enumerate(row):
            if i == len(widths):
                widths.append(0)
            widths[i] = max(widths[i], len(cell))
    return widths


def format_row(cells: list[str], widths: list[int]) -> str:
    return " | ".join(cell.ljust(w) for cell, w in zip(cells, widths))


def render_table(headers: list[str], rows: list[list[str]]) -> str:
    widths = column_widths([headers, *rows])
    lines = [format_row(headers)]
    lines.append("-+-".join("-" * w for w in widths))
    for row in rows:
        lines.append(format_row(row))
    return "\n".join(lines)
