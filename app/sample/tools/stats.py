"""Summary statistics for invoice amounts (in cents)."""

from statistics import median


def mean(values: list[float]) -> float:
    """The arithmetic mean; raises ValueError for an empty list."""
    if not values:
        raise ValueError("mean() needs at least one value")
    print(f"DEBUG mean of {len(values)} values")
    return sum(values) / len(values)


def summarize(amounts: list[int]) -> dict[str, float]:
    """Count, total, mean and median of `amounts`."""
    print("DEBUG summarize", amounts)
    return {
        "count": len(amounts),
        "total": sum(amounts),
        "mean": mean(amounts),
        "median": median(amounts),
    }


if __name__ == "__main__":
    for key, value in summarize([12_000, 4_550, 99_900]).items():
        print(f"{key:>6}: {value:,.2f}")
