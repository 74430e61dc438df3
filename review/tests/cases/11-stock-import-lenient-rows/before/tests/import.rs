use stockfile::{import, RowError, StockRecord};

const HEADER: &str = "sku,location,quantity,note\n";

#[test]
fn wrong_field_count_is_reported_with_its_line() {
    let report = import(&format!("{HEADER}AB-1,A1\n"));
    assert_eq!(report.errors, vec![RowError::WrongFieldCount { line: 2, found: 2 }]);
}

#[test]
fn imports_good_rows() {
    let report = import(&format!("{HEADER}ab-1204,A3,12,\nZX-9,B1,0,recount\n"));
    assert!(report.errors.is_empty());
    assert_eq!(
        report.records,
        vec![
            StockRecord { sku: "AB-1204".into(), location: "A3".into(), quantity: 12, note: None },
            StockRecord {
                sku: "ZX-9".into(),
                location: "B1".into(),
                quantity: 0,
                note: Some("recount".into()),
            },
        ]
    );
}

#[test]
fn rejects_negative_and_fractional_quantities() {
    let report = import(&format!("{HEADER}AB-1,A1,-3\nAB-2,A1,2.5\nAB-3,A1,7\n"));
    assert_eq!(report.records.len(), 1);
    assert_eq!(
        report.errors,
        vec![
            RowError::BadQuantity { line: 2, text: "-3".into() },
            RowError::BadQuantity { line: 3, text: "2.5".into() },
        ]
    );
}

#[test]
fn rejects_malformed_skus() {
    let report = import(&format!("{HEADER}AB 12,A1,1\n,A1,1\n"));
    assert!(report.records.is_empty());
    assert_eq!(report.errors.len(), 2);
}
