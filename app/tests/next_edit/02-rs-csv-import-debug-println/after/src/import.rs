use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub sku: String,
    pub quantity: u32,
    pub price_cents: u64,
}

pub fn parse_csv(input: &str) -> Result<Vec<Record>, String> {
    let mut records = Vec::new();
    for (idx, line) in input.lines().enumerate().skip(1) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split(',').map(str::trim).collect();
        if cols.len() != 3 {
            return Err(format!("line {}: expected 3 columns, got {}", idx + 1, cols.len()));
        }
        let quantity = cols[1]
            .parse::<u32>()
            .map_err(|e| format!("line {}: bad quantity: {}", idx + 1, e))?;
        let price_cents = cols[2]
            .parse::<u64>()
            .map_err(|e| format!("line {}: bad price: {}", idx + 1, e))?;
        records.push(Record {
            sku: cols[0].to_string(),
            quantity,
            price_cents,
        });
    }
    Ok(records)
}

pub fn merge_by_sku(records: &[Record]) -> HashMap<String, Record> {
    let mut merged: HashMap<String, Record> = HashMap::new();
    for r in records {
        merged
            .entry(r.sku.clone())
            .and_modify(|m| m.quantity += r.quantity)
            .or_insert_with(|| r.clone());
    }
    merged
}

pub fn print_summary(merged: &HashMap<String, Record>) {
    let mut skus: Vec<&String> = merged.keys().collect();
    skus.sort();
    for sku in skus {
        let r = &merged[sku];
        println!("{:<12} {:>6} {:>10}", r.sku, r.quantity, r.price_cents * u64::from(r.quantity));
    }
    println!("{} distinct SKUs", merged.len());
}
