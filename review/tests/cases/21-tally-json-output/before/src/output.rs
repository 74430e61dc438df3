use std::fmt::Write as _;

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
}
