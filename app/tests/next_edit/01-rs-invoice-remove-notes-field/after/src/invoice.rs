use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    pub name: String,
    pub email: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Invoice {
    id: u32,
    customer: String,
    total_cents: i64,
}

impl Invoice {
    pub fn new(id: u32, customer: &str, total_cents: i64) -> Self {
        Invoice {
            id,
            customer: customer.to_string(),
            total_cents,
        }
    }

    pub fn id(&self) -> u32 {
        self.id
    }

    pub fn customer(&self) -> &str {
        &self.customer
    }

    pub fn total_cents(&self) -> i64 {
        self.total_cents
    }

    pub fn add_line(&mut self, amount_cents: i64) {
        self.total_cents += amount_cents;
    }
}

impl fmt::Display for Invoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Invoice #{}", self.id)?;
        writeln!(f, "Customer: {}", self.customer)?;
        write!(f, "Total: {}.{:02}", self.total_cents / 100, self.total_cents % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_includes_total() {
        let mut inv = Invoice::new(7, "ACME", 1250);
        inv.add_line(99);
        let text = inv.to_string();
        assert!(text.contains("Invoice #7"));
        assert!(text.contains("Total: 13.49"));
    }

    #[test]
    fn customer_keeps_its_notes() {
        let c = Customer {
            name: "ACME".into(),
            email: "ap@acme.test".into(),
            notes: "VIP".into(),
        };
        assert_eq!(c.notes, "VIP");
    }
}
