#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn split_cells(line: &str) -> Vec<String> {
    line.trim_matches('|').split('|').map(|c| c.trim().to_string()).collect()
}

pub fn parse_table(text: &str) -> Result<Table, String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header = match lines.next() {
        Some(line) => split_cells(line),
        None => return Err("empty table".to_string()),
    };
    let column_count = header.len();
    let mut rows = Vec::new();
    for (i, line) in lines.enumerate() {
        let cells = split_cells(line);
        if cells.len() != n {
            return Err(format!("row {}: expected {} cells, found {}", i + 1, n, cells.len()));
        }
        rows.push(cells);
    }
    Ok(Table { header, rows })
}

pub fn column_widths(table: &Table) -> Vec<usize> {
    let n = table.header.len();
    let mut widths = vec![0; n];
    for row in std::iter::once(&table.header).chain(table.rows.iter()) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_ragged_rows() {
        let err = parse_table("| a | b |\n| 1 |\n").unwrap_err();
        assert_eq!(err, "row 1: expected 2 cells, found 1");
    }
}
