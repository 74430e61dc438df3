//! An invoice: who pays, how much, and whether it has been paid.

use std::fmt;

/// One invoice. Amounts are whole cents so that sums stay exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    number: u32,
    customer: String,
    amount_cents: u64,
    discount_percent: u8,
    paid: bool,
}

impl Invoice {
    /// A new, unpaid invoice.
    pub fn new(
        number: u32,
        customer: impl Into<String>,
        amount_cents: u64,
        discount_percent: u8,
    ) -> Self {
        Self {
            number,
            customer: customer.into(),
            amount_cents,
            discount_percent: discount_percent.min(100),
            paid: false,
        }
    }

    pub fn number(&self) -> u32 {
        self.number
    }

    pub fn customer(&self) -> &str {
        &self.customer
    }

    pub fn amount_cents(&self) -> u64 {
        self.amount_cents
    }

    pub fn discount_percent(&self) -> u8 {
        self.discount_percent
    }

    pub fn is_paid(&self) -> bool {
        self.paid
    }

    /// Changes the discount; above 100% is capped at 100%.
    pub fn set_discount_percent(&mut self, percent: u8) {
        self.discount_percent = percent.min(100);
    }

    pub fn mark_paid(&mut self) {
        self.paid = true;
    }

    /// What the customer owes: the amount less the discount, rounded down to the cent.
    pub fn total_cents(&self) -> u64 {
        self.amount_cents - self.amount_cents * u64::from(self.discount_percent) / 100
    }
}

impl fmt::Display for Invoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.total_cents();
        write!(
            f,
            "#{:04} {:<12} {:>6}.{:02} ({}% off){}",
            self.number,
            self.customer,
            total / 100,
            total % 100,
            self.discount_percent,
            if self.paid { ", paid" } else { "" }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discount_is_applied_and_capped() {
        let mut invoice = Invoice::new(1, "Ada", 10_000, 15);
        assert_eq!(invoice.total_cents(), 8_500);
        invoice.set_discount_percent(250);
        assert_eq!(invoice.discount_percent(), 100);
        assert_eq!(invoice.total_cents(), 0);
    }

    #[test]
    fn display_shows_total_and_status() {
        let mut invoice = Invoice::new(7, "Grace", 1_999, 0);
        invoice.mark_paid();
        assert_eq!(
            invoice.to_string(),
            "#0007 Grace            19.99 (0% off), paid"
        );
    }
}
