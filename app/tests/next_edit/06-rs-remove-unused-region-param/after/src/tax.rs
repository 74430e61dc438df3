/// VAT rate in percent for a region code.
pub fn rate_for(region: &str) -> u64 {
    match region {
        "DE" => 19,
        "FR" | "AT" => 20,
        "NL" => 21,
        _ => 0,
    }
}

/// Gross price in cents, rounded half up.
pub fn price_with_tax(net_cents: u64, rate_percent: u64) -> u64 {
    net_cents + (net_cents * rate_percent + 50) / 100
}

pub fn tax_amount(net_cents: u64, rate_percent: u64) -> u64 {
    price_with_tax(net_cents, rate_percent) - net_cents
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_up() {
        assert_eq!(price_with_tax(1000, 19), 1190);
        assert_eq!(price_with_tax(5, 10), 6);
    }

    #[test]
    fn unknown_region_is_untaxed() {
        assert_eq!(rate_for("US"), 0);
        assert_eq!(tax_amount(1000, rate_for("US")), 0);
    }
}
