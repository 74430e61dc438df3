use stockfile::{import, StockRecord};

const HEADER: &str = "sku,location,quantity,note\n";

#[test]
fn wrong_field_count_is_reported_with_its_line() {
    let report = import(&format!("{HEADER}AB-1,A1\n"));
    assert!(!report.errors.is_empty());
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
fn normalises_messy_rows() {
    let report = import(&format!("{HEADER}ab 12,A1,1\nAB-2,A1,2.5\n"));
    assert_eq!(report.records.len(), 2);
    assert_eq!(report.records[0].sku, "AB-12");
}

#[test]
fn comment_lines_are_skipped() {
    let report = import(&format!("{HEADER}# counted by night shift\nAB-1,A1,4\n"));
    assert!(report.errors.is_empty());
    assert_eq!(report.records.len(), 1);
}
