//! Reading the review files: every row checked, every problem reported at
//! once as `file:line: problem`.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{anyhow, bail, Result};
use serde::de::DeserializeOwned;

use super::claims::ClaimDecision;
use super::decision::{columns, Decision, REQUIRED_COLUMNS};
use crate::contract::{csv_problem, ClaimReviewRow, ReviewRow};

/// The decisions of a figures review file, checked. Every bad row is
/// reported at once as `file:line: problem`; a file with any bad row is an
/// error.
pub fn read(path: &Path) -> Result<Vec<Decision>> {
    let shown = path.display().to_string();
    let mut problems = Vec::new();
    let mut decisions = Vec::new();
    let mut first_line_of_id: BTreeMap<String, u64> = BTreeMap::new();
    for (line, mut row) in rows::<ReviewRow>(path, &columns(), REQUIRED_COLUMNS, &mut problems)? {
        row.review_file = shown.clone();
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
    let mut problems = Vec::new();
    let mut checked = Vec::new();
    for (line, mut row) in rows::<ClaimReviewRow>(path, super::claims::COLUMNS, super::claims::REQUIRED_COLUMNS, &mut problems)? {
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

/// The rows of a review file with their lines, after checking its header
/// against the columns it may and must have; a row that does not read is
/// added to `problems`.
fn rows<T: DeserializeOwned>(path: &Path, allowed: &[&str], required: &[&str], problems: &mut Vec<String>) -> Result<Vec<(u64, T)>> {
    let shown = path.display().to_string();
    let mut reader = csv::Reader::from_path(path).map_err(|e| anyhow!("{shown}: cannot read: {e}"))?;
    let headers = reader.headers().map_err(|e| anyhow!("{shown}:1: {e}"))?.clone();
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
    let mut rows = Vec::new();
    for result in reader.records() {
        let record = match result {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(format!("{shown}:{line}: {}", csv_problem(&e)));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        match record.deserialize(Some(&headers)) {
            Ok(row) => rows.push((line, row)),
            Err(e) => problems.push(format!("{shown}:{line}: {}", csv_problem(&e))),
        }
    }
    Ok(rows)
}
