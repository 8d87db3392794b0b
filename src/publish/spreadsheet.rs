//! Copies of the CSV tables that a spreadsheet opens safely
//! (`--spreadsheet`, `make spreadsheet`): `spreadsheet/NAME.csv`, the same
//! rows with a UTF-8 byte-order mark (so Excel reads UTF-8), and every text
//! cell that a spreadsheet would evaluate — one that begins with `=`, `+`,
//! `-`, `@`, a tab or a carriage return — made inert by a leading `'`, as
//! OWASP advises against CSV injection. Number columns are copied as they
//! are, so numbers stay numbers. The CSVs beside them stay exact for R and
//! Python.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::schema::{ColumnType, TableDef};

/// The directory of the copies, inside the publication.
pub const DIR: &str = "spreadsheet";

/// What begins a cell that a spreadsheet takes for a formula.
fn is_active(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Writes the spreadsheet copy of `table`, read from its published CSV.
pub fn copy(table: &TableDef, csv_path: &Path, out_dir: &Path) -> Result<()> {
    let dir = out_dir.join(DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("{}: cannot create directory", dir.display()))?;
    let target = dir.join(format!("{}.csv", table.name));
    let mut reader = csv::Reader::from_path(csv_path).with_context(|| format!("{}: cannot read", csv_path.display()))?;
    let headers = reader.headers()?.clone();
    let text: Vec<bool> = headers
        .iter()
        .map(|name| table.columns.iter().find(|c| c.name == name).is_none_or(|c| c.ty == ColumnType::String))
        .collect();
    let mut file = std::io::BufWriter::new(std::fs::File::create(&target).with_context(|| format!("{}: cannot create", target.display()))?);
    file.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::WriterBuilder::new().quote_style(csv::QuoteStyle::Necessary).from_writer(file);
    writer.write_record(&headers)?;
    let mut row = csv::StringRecord::new();
    let mut cells: Vec<String> = Vec::with_capacity(headers.len());
    while reader.read_record(&mut row).with_context(|| format!("{}: cannot read", csv_path.display()))? {
        cells.clear();
        cells.extend(row.iter().zip(&text).map(|(cell, &is_text)| {
            if is_text && is_active(cell) {
                format!("'{cell}")
            } else {
                cell.to_string()
            }
        }));
        writer.write_record(&cells)?;
    }
    writer.into_inner().map_err(|e| e.into_error())?.flush().with_context(|| format!("{}: cannot write", target.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_spreadsheet_would_evaluate() {
        for active in ["=1+1", "+7 727", "-5", "@SUM(1)", "\tx", "\rx"] {
            assert!(is_active(active), "{active:?}");
        }
        for inert in ["1", "a=b", " =1", "'=1", ""] {
            assert!(!is_active(inert), "{inert:?}");
        }
    }
}
