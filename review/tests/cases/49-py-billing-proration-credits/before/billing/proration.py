"""Prorated charges for plan changes in the middle of a billing period."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from billing.plans import Plan

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    """A billing period; ``start`` is inclusive and ``end`` is exclusive."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"empty billing period {self.start}..{self.end}")

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    def days_remaining(self, day: date) -> int:
        """Days from ``day`` (inclusive) to the end of the period."""
        return (self.end - day).days


@dataclass(frozen=True)
class Adjustment:
    description: str
    amount: Decimal

    @property
    def is_credit(self) -> bool:
        return self.amount < 0


def _daily_rate(plan: Plan, period: Period) -> Decimal:
    return plan.monthly_price / Decimal(period.days)


def prorate_change(old: Plan, new: Plan, period: Period, change_date: date) -> Adjustment:
    """Adjustment for switching from ``old`` to ``new`` on ``change_date``.

    The customer already paid ``old`` for the whole period, so the adjustment is the
    price difference for the days that remain, including ``change_date`` itself.
    """
    if not period.contains(change_date):
        raise ValueError(f"{change_date} is outside the period {period.start}..{period.end}")
    if new.currency != old.currency:
        raise ValueError("cannot prorate between currencies")

    remaining = period.days_remaining(change_date)
    delta = _daily_rate(new, period) - _daily_rate(old, period)
    amount = (delta * remaining).quantize(CENT, rounding=ROUND_HALF_EVEN)
    if amount < 0:
        raise ValueError("downgrades are credited at renewal, not prorated")
    return Adjustment(
        description=f"{old.name} → {new.name} for {remaining} days",
        amount=amount,
    )
