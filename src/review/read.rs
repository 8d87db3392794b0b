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
    let mut decisions = Vec::new();
    let mut first_line_of_id: BTreeMap<String, u64> = BTreeMap::new();
    each_row::<ReviewRow>(shown, bytes, &columns(), REQUIRED_COLUMNS, |line, mut row| {
        row.review_file = shown.to_string();
        row.line = line;
        row.figure_id = row.figure_id.trim().to_string();
        row.doc_id = row.doc_id.trim().to_string();
        if !row.figure_id.is_empty() {
            if let Some(first) = first_line_of_id.insert(row.figure_id.clone(), line) {
                return Err(format!("a second decision for {} (the first is on line {first})", row.figure_id));
            }
        }
        decisions.push(Decision::parse(row)?);
        Ok(())
    })?;
    Ok(decisions)
}

/// The rows of a claims review file (review/claims.csv), each checked, with
/// its file and line; every bad row is reported at once.
pub fn read_claims(path: &Path) -> Result<Vec<ClaimReviewRow>> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| anyhow!("{shown}: cannot read: {e}"))?;
    let mut checked = Vec::new();
    each_row::<ClaimReviewRow>(&shown, bytes, super::claims::COLUMNS, super::claims::REQUIRED_COLUMNS, |line, mut row| {
        row.review_file = shown.clone();
        row.line = line;
        checked.push(ClaimDecision::parse(row)?.row);
        Ok(())
    })?;
    Ok(checked)
}

/// Reads each row of a review file's `bytes` with its physical line, after
/// checking its header against the columns it may and must have, and hands
/// it to `take`. A row that does not read, or that `take` refuses, is a
/// problem named by its line; every problem is reported at once, in line
/// order.
fn each_row<T: DeserializeOwned>(
    shown: &str,
    bytes: Vec<u8>,
    allowed: &[&str],
    required: &[&str],
    mut take: impl FnMut(u64, T) -> std::result::Result<(), String>,
) -> Result<()> {
    let csv = EditedCsv::new(bytes);
    let headers = csv.headers().map_err(|e| anyhow!("{shown}:1: {}", csv_problem(&e)))?;
    let mut problems = Vec::new();
    for header in &headers {
        if !allowed.contains(&header) {
            problems.push(format!("{shown}:1: unknown column {header:?} (columns: {})", allowed.join(", ")));
        }
    }
    for required in required {
        if !headers.iter().any(|h| h == *required) {
            problems.push(format!("{shown}:1: missing column {required:?}"));
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    for csv_row in csv.rows() {
        let line = csv_row.line as u64;
        let read = match csv_row.record {
            Ok(record) => record.deserialize(Some(&headers)).map_err(|e| csv_problem(&e)),
            Err(problem) => Err(problem.to_string()),
        };
        if let Err(problem) = read.and_then(|row| take(line, row)) {
            problems.push(format!("{shown}:{line}: {problem}"));
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}
