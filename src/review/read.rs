//! Reading the review files: every row checked, every problem reported at
//! once as `file:line: problem`, the line being the one an editor or a
//! spreadsheet shows (files saved by spreadsheets are read as they come:
//! a BOM, CRLF or lone CR, `;` separators, trailing empty rows).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{anyhow, bail, Result};
use serde::de::DeserializeOwned;

use super::claims::ClaimDecision;
use super::decision::{columns, Decision, REQUIRED_COLUMNS};
use crate::contract::{csv_problem, ClaimReviewRow, ReviewRow};
use crate::edited_csv::EditedCsv;

/// The decisions of a figures review file, checked. Every bad row is
/// reported at once as `file:line: problem`; a file with any bad row is an
/// error.
pub fn read(path: &Path) -> Result<Vec<Decision>> {
    let bytes = std::fs::read(path).map_err(|e| anyhow!("{}: cannot read: {e}", path.display()))?;
    parse(&path.display().to_string(), bytes)
}

/// The decisions of a figures review file's `bytes`; `shown` names it in
/// messages.
pub fn parse(shown: &str, bytes: Vec<u8>) -> Result<Vec<Decision>> {
    let mut problems = Vec::new();
    let mut decisions = Vec::new();
    let mut first_line_of_id: BTreeMap<String, u64> = BTreeMap::new();
    for (line, row) in rows::<ReviewRow>(shown, bytes, &columns(), REQUIRED_COLUMNS)? {
        let mut row = match row {
            Ok(row) => row,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        row.review_file = shown.to_string();
        row.line = line;
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
            Err(problem) => problems.push(format!("{shown}:{line}: {problem}")),
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(decisions)
}

/// The rows of a claims review file (review/claims.csv), each checked, with
/// its file and line; every bad row is reported at once.
pub fn read_claims(path: &Path) -> Result<Vec<ClaimReviewRow>> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| anyhow!("{shown}: cannot read: {e}"))?;
    let mut problems = Vec::new();
    let mut checked = Vec::new();
    for (line, row) in rows::<ClaimReviewRow>(&shown, bytes, super::claims::COLUMNS, super::claims::REQUIRED_COLUMNS)? {
        let mut row = match row {
            Ok(row) => row,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        row.review_file = shown.clone();
        row.line = line;
        match ClaimDecision::parse(row) {
            Ok(decision) => checked.push(decision.row),
            Err(problem) => problems.push(format!("{shown}:{line}: {problem}")),
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(checked)
}

/// The rows of a review file's `bytes` with their physical lines, after
/// checking its header against the columns it may and must have; a row that
/// does not read is its problem, in its place among the others.
type Rows<T> = Vec<(u64, std::result::Result<T, String>)>;

fn rows<T: DeserializeOwned>(shown: &str, bytes: Vec<u8>, allowed: &[&str], required: &[&str]) -> Result<Rows<T>> {
    let csv = EditedCsv::new(bytes);
    let headers = csv.headers().map_err(|e| anyhow!("{shown}:1: {}", csv_problem(&e)))?;
    let mut header_problems = Vec::new();
    for header in &headers {
        if !allowed.contains(&header) {
            header_problems.push(format!("{shown}:1: unknown column {header:?} (columns: {})", allowed.join(", ")));
        }
    }
    for required in required {
        if !headers.iter().any(|h| h == *required) {
            header_problems.push(format!("{shown}:1: missing column {required:?}"));
        }
    }
    if !header_problems.is_empty() {
        bail!("{}", header_problems.join("\n"));
    }
    let rows = csv
        .rows()
        .into_iter()
        .map(|csv_row| {
            let line = csv_row.line as u64;
            let row = match csv_row.record {
                Ok(record) => record.deserialize(Some(&headers)).map_err(|e| format!("{shown}:{line}: {}", csv_problem(&e))),
                Err(problem) => Err(format!("{shown}:{line}: {problem}")),
            };
            (line, row)
        })
        .collect();
    Ok(rows)
}
