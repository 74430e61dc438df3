//! The browser test's next-edit scenario, natively: in the sample project (`app/sample/`), delete
//! the `discount_percent` field of `Invoice`, walk every proposal the way the editor's chain does
//! (Tab, Tab, ...), and the files end as a careful human would write them. The same expectation
//! as `e2e/app.test.mjs`, minutes faster.

use marble_app::assist::next_edit::history::History;
use marble_app::assist::next_edit::{propose, File};
use marble_app::ide::next_edit::chain::Chain;

const INVOICE: &str = include_str!("../sample/src/invoice.rs");
const MAIN: &str = include_str!("../sample/src/main.rs");
const FIELD: &str = "    discount_percent: u8,\n";

/// `text` with each replacement made; each must occur exactly once.
fn edited(text: &str, replacements: &[(&str, &str)]) -> String {
    replacements.iter().fold(text.to_string(), |t, (from, to)| {
        assert_eq!(t.matches(from).count(), 1, "once in the sample: {from:?}");
        t.replacen(from, to, 1)
    })
}

#[test]
fn deleting_a_field_and_tabbing_through_every_place() {
    let mut history = History::default();
    history.open("src/invoice.rs", INVOICE);
    let at = INVOICE.find(FIELD).expect("the sample has the field");
    let after_edit = INVOICE.replacen(FIELD, "", 1);
    let edits = history.edits("src/invoice.rs", &after_edit, at);
    let mut files = vec![
        File { path: "src/invoice.rs".into(), text: after_edit },
        File { path: "src/main.rs".into(), text: MAIN.into() },
    ];
    let origin = ("src/invoice.rs".to_string(), edits.last().expect("one edit").hunk.after.clone());
    let proposals = propose(&files, "src/invoice.rs", &edits);
    let mut chain = Chain::new(proposals, &files, origin).expect("places to visit");
    let mut visited = Vec::new();
    while let Some(p) = chain.current() {
        let (path, line) = (p.path.clone(), p.line + 1);
        let file = files.iter_mut().find(|f| f.path == path).expect("a workspace file");
        let r =
            chain.apply(&file.text).unwrap_or_else(|| panic!("{path}:{line} still holds what was proposed"));
        file.text.replace_range(r.start..r.end, &r.text);
        visited.push(format!("{path}:{line}"));
    }
    eprintln!("visited {}", visited.join(" → "));

    let expected_invoice = edited(
        INVOICE,
        &[
            ("    amount_cents: u64,\n    discount_percent: u8,\n", "    amount_cents: u64,\n"),
            ("        amount_cents: u64,\n        discount_percent: u8,\n", "        amount_cents: u64,\n"),
            ("            discount_percent: discount_percent.min(100),\n", ""),
            ("    pub fn discount_percent(&self) -> u8 {\n        self.discount_percent\n    }\n\n", ""),
            (
                "    /// Changes the discount; above 100% is capped at 100%.\n    pub fn set_discount_percent(&mut self, percent: u8) {\n        self.discount_percent = percent.min(100);\n    }\n\n",
                "",
            ),
            ("\"#{:04} {:<12} {:>6}.{:02} ({}% off){}\"", "\"#{:04} {:<12} {:>6}.{:02}{}\""),
            ("            self.discount_percent,\n", ""),
            ("Invoice::new(1, \"Ada\", 10_000, 15)", "Invoice::new(1, \"Ada\", 10_000)"),
            ("Invoice::new(7, \"Grace\", 1_999, 0)", "Invoice::new(7, \"Grace\", 1_999)"),
        ],
    );
    let expected_main = edited(
        MAIN,
        &[
            ("Invoice::new(1, \"Ada\", 12_000, 10)", "Invoice::new(1, \"Ada\", 12_000)"),
            ("Invoice::new(2, \"Grace\", 4_550, 0)", "Invoice::new(2, \"Grace\", 4_550)"),
            ("Invoice::new(3, \"Linus\", 99_900, 5)", "Invoice::new(3, \"Linus\", 99_900)"),
        ],
    );
    assert_eq!(files[0].text, expected_invoice, "src/invoice.rs");
    assert_eq!(files[1].text, expected_main, "src/main.rs");
}
