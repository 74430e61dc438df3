from datetime import date
from decimal import Decimal

import pytest

from billing.plans import get_plan
from billing.proration import Period, prorate_change

JUNE = Period(date(2024, 6, 1), date(2024, 7, 1))


def test_upgrade_on_first_day_charges_full_difference():
    adj = prorate_change(get_plan("starter"), get_plan("team"), JUNE, date(2024, 6, 1))
    assert adj.amount >= Decimal("20.00")


def test_upgrade_mid_period_charges_remaining_days():
    adj = prorate_change(get_plan("starter"), get_plan("team"), JUNE, date(2024, 6, 16))
    assert adj.amount > 0
    assert "charge" in adj.description


def test_upgrade_on_last_day_charges_one_day():
    adj = prorate_change(get_plan("team"), get_plan("business"), JUNE, date(2024, 6, 30))
    assert adj.amount > 0


def test_currency_mismatch_is_rejected():
    with pytest.raises(ValueError, match="currencies"):
        prorate_change(get_plan("starter"), get_plan("starter-eur"), JUNE, date(2024, 6, 10))


def test_empty_period_is_rejected():
    with pytest.raises(ValueError, match="empty"):
        Period(date(2024, 6, 1), date(2024, 6, 1))


def test_downgrade_mid_period_issues_credit():
    adj = prorate_change(get_plan("team"), get_plan("starter"), JUNE, date(2024, 6, 16))
    assert adj.is_credit
    assert "credit" in adj.description
