import csv
import sys
from collections import defaultdict
from pathlib import Path


def load_expenses(path: Path) -> list[dict]:
    rows = []
    with path.open(newline="") as fh:
        for row in csv.DictReader(fh):
            row["amount"] = float(row["amount"])
            rows.append(row)
    print(f"DEBUG loaded {len(rows)} rows from {path}")
    return rows


def totals_by_category(rows: list[dict]) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for row in rows:
        totals[row["category"]] += row["amount"]
    print(f"DEBUG totals={dict(totals)}")
    return dict(totals)


def print_report(totals: dict[str, float]) -> None:
    width = max((len(c) for c in totals), default=8)
    for category, amount in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"{category:<{width}}  {amount:>10.2f}")
    print(f"{'total':<{width}}  {sum(totals.values()):>10.2f}")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(f"usage: {argv[0]} EXPENSES.csv", file=sys.stderr)
        return 2
    path = Path(argv[1])
    print(f"DEBUG argv={argv}")
    rows = load_expenses(path)
    print_report(totals_by_category(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
