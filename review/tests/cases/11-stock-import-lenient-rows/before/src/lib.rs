//! Imports warehouse stock counts from the CSV export of the scanning app.

mod import;
mod record;

pub use import::{import, ImportReport, RowError};
pub use record::StockRecord;
