/// One line of a stock count: `sku,location,quantity[,note]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockRecord {
    pub sku: String,
    pub location: String,
    pub quantity: u32,
    pub note: Option<String>,
}

impl StockRecord {
    /// SKUs are upper-case letters, digits and dashes, e.g. `AB-1204`.
    pub fn is_valid_sku(sku: &str) -> bool {
        !sku.is_empty()
            && sku.len() <= 32
            && sku.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
    }
}
