//! Reading the review file: every row checked, every problem reported at
//! once as `file:line: problem`.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{anyhow, bail, Result};

use super::decision::{columns, Decision, REQUIRED_COLUMNS};
use crate::contract::{csv_problem, ReviewRow};
use crate::edited_csv::EditedCsv;

/// The decisions of a review file, checked. Every bad row is reported at once
/// as `file:line: problem`; a file with any bad row is an error.
pub fn read(path: &Path) -> Result<Vec<Decision>> {
    let bytes = std::fs::read(path).map_err(|e| anyhow!("{}: cannot read: {e}", path.display()))?;
    parse(&path.display().to_string(), bytes)
}

/// The decisions of a review file's `bytes`; `shown` names it in messages.
pub fn parse(shown: &str, bytes: Vec<u8>) -> Result<Vec<Decision>> {
    let shown = shown.to_string();
    let csv = EditedCsv::new(bytes);
    let headers = csv.headers().map_err(|e| anyhow!("{shown}:1: {}", csv_problem(&e)))?;
    let mut problems = Vec::new();
    for header in &headers {
        if !columns().contains(&header) {
            problems.push(format!("{shown}:1: unknown column {header:?} (columns: {})", columns().join(", ")));
        }
    }
    for required in REQUIRED_COLUMNS {
        if !headers.iter().any(|h| h == *required) {
            problems.push(format!("{shown}:1: missing column {required:?}"));
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    let mut decisions = Vec::new();
    let mut first_line_of_id: BTreeMap<String, u64> = BTreeMap::new();
    for csv_row in csv.rows() {
        let record_line = csv_row.line as u64;
        let record = match csv_row.record {
            Ok(record) => record,
            Err(problem) => {
                problems.push(format!("{shown}:{record_line}: {problem}"));
                continue;
            }
        };
        let mut row: ReviewRow = match record.deserialize(Some(&headers)) {
            Ok(row) => row,
            Err(e) => {
                problems.push(format!("{shown}:{record_line}: {}", csv_problem(&e)));
                continue;
            }
        };
        row.review_file = shown.clone();
        row.line = record_line;
        row.figure_id = row.figure_id.trim().to_string();
        row.doc_id = row.doc_id.trim().to_string();
        if !row.figure_id.is_empty() {
            if let Some(first) = first_line_of_id.insert(row.figure_id.clone(), row.line) {
                problems.push(format!("{shown}:{}: a second decision for {} (the first is on line {first})", row.line, row.figure_id));
                continue;
            }
        }
        match Decision::parse(row) {
            Ok(decision) => decisions.push(decision),
            Err(problem) => problems.push(format!("{shown}:{record_line}: {problem}")),
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(decisions)
}
