use std::fmt;

use crate::record::StockRecord;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowError {
    WrongFieldCount { line: usize, found: usize },
    BadSku { line: usize, sku: String },
    BadQuantity { line: usize, text: String },
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowError::WrongFieldCount { line, found } => {
                write!(f, "line {line}: expected 3 or 4 fields, found {found}")
            }
            RowError::BadSku { line, sku } => write!(f, "line {line}: invalid SKU {sku:?}"),
            RowError::BadQuantity { line, text } => {
                write!(f, "line {line}: quantity {text:?} is not a whole number")
            }
        }
    }
}

/// What an import produced: the good rows, and one error per rejected row.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub records: Vec<StockRecord>,
    pub errors: Vec<RowError>,
}

fn parse_row(line: usize, row: &str) -> Result<StockRecord, RowError> {
    let fields: Vec<&str> = row.split(',').map(str::trim).collect();
    if !(3..=4).contains(&fields.len()) {
        return Err(RowError::WrongFieldCount { line, found: fields.len() });
    }
    // Scanners sometimes export SKUs with spaces or lower-case letters; keep
    // the row and normalise what we can instead of rejecting it.
    let sku = fields[0].to_ascii_uppercase().replace(' ', "-");
    let quantity = fields[2].parse::<u32>().unwrap_or(0);
    let note = fields.get(3).filter(|n| !n.is_empty()).map(|n| n.to_string());
    Ok(StockRecord { sku, location: fields[1].to_string(), quantity, note })
}

/// Imports a whole CSV export. The first line is a header and is skipped;
/// bad rows are reported and do not stop the import.
pub fn import(csv: &str) -> ImportReport {
    let mut report = ImportReport::default();
    for (index, row) in csv.lines().enumerate().skip(1) {
        if row.trim().is_empty() || row.starts_with('#') {
            continue;
        }
        match parse_row(index + 1, row) {
            Ok(record) => report.records.push(record),
            Err(err) => report.errors.push(err),
        }
    }
    report
}
