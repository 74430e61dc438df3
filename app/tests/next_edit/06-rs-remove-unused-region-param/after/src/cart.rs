use crate::tax::{price_with_tax, rate_for};

pub struct Item {
    pub name: String,
    pub net_cents: u64,
    pub qty: u64,
}

pub struct Order {
    pub region: String,
    pub items: Vec<Item>,
}

impl Order {
    pub fn gross_total(&self) -> u64 {
        let rate = rate_for(&self.region);
        self.items
            .iter()
            .map(|i| price_with_tax(i.net_cents, rate) * i.qty)
            .sum()
    }

    pub fn receipt_lines(&self) -> Vec<String> {
        let rate = rate_for(&self.region);
        self.items
            .iter()
            .map(|i| {
                let gross = price_with_tax(i.net_cents, rate);
                format!("{} x{} @ {}.{:02}", i.name, i.qty, gross / 100, gross % 100)
            })
            .collect()
    }
}
