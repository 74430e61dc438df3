use std::fmt::Write as _;

use serde::Serialize;

use crate::count::Counts;

/// Renders the aligned table; a total row is added for more than one file.
pub fn render_table(rows: &[(String, Counts)]) -> String {
    let mut out = String::from("    lines   words   bytes  file\n");
    for (name, c) in rows {
        let _ = writeln!(out, "{:>9} {:>7} {:>7}  {name}", c.lines, c.words, c.bytes);
    }
    if rows.len() > 1 {
        let total = total(rows);
        let _ = writeln!(out, "{:>9} {:>7} {:>7}  total", total.lines, total.words, total.bytes);
    }
    out
}

#[derive(Serialize)]
struct FileCounts<'a> {
    file: &'a str,
    #[serde(flatten)]
    counts: Counts,
}

#[derive(Serialize)]
struct Report<'a> {
    files: Vec<FileCounts<'a>>,
    total: Counts,
}

/// Renders `{"files": [...], "total": {...}}` on one line.
pub fn render_json(rows: &[(String, Counts)]) -> serde_json::Result<String> {
    let report = Report {
        files: rows
            .iter()
            .map(|(name, counts)| FileCounts { file: name, counts: *counts })
            .collect(),
        total: total(rows),
    };
    serde_json::to_string(&report)
}

pub fn total(rows: &[(String, Counts)]) -> Counts {
    rows.iter().fold(Counts::default(), |acc, (_, c)| acc + *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_file_has_no_total_row() {
        let rows = vec![("a.txt".to_string(), Counts { lines: 1, words: 2, bytes: 3 })];
        assert_eq!(render_table(&rows).lines().count(), 2);
    }

    #[test]
    fn json_lists_files_and_total() {
        let rows = vec![("a.txt".to_string(), Counts { lines: 1, words: 2, bytes: 3 })];
        assert_eq!(
            render_json(&rows).unwrap(),
            r#"{"files":[{"file":"a.txt","lines":1,"words":2,"bytes":3}],"total":{"lines":1,"words":2,"bytes":3}}"#
        );
    }
}
