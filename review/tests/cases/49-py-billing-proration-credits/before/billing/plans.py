"""Catalogue of subscription plans."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Plan:
    code: str
    name: str
    monthly_price: Decimal
    currency: str = "USD"

    def __str__(self) -> str:
        return f"{self.name} ({self.monthly_price} {self.currency}/month)"


CATALOGUE = {
    plan.code: plan
    for plan in (
        Plan("starter", "Starter", Decimal("9.00")),
        Plan("team", "Team", Decimal("29.00")),
        Plan("business", "Business", Decimal("99.00")),
        Plan("starter-eur", "Starter", Decimal("9.00"), currency="EUR"),
        Plan("team-eur", "Team", Decimal("27.00"), currency="EUR"),
    )
}


def get_plan(code: str) -> Plan:
    """Looks a plan up by code; raises KeyError with a readable message."""
    try:
        return CATALOGUE[code]
    except KeyError:
        raise KeyError(f"unknown plan {code!r}") from None


def plans_in(currency: str) -> list[Plan]:
    """Plans sold in ``currency``, cheapest first."""
    return sorted(
        (p for p in CATALOGUE.values() if p.currency == currency),
        key=lambda p: p.monthly_price,
    )
