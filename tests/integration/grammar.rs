//! Pins the number grammar on a corpus written for it
//! (`tests/fixtures/grammar/`): one English and one Russian text with each
//! construction the rules know, and sentences that must give no figure at
//! all (dates, year ranges, ordinals, multipliers, footnotes, names, URLs,
//! page furniture). The published figures must be exactly the rows of
//! `expected.csv`, in document order.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::common::{field, read_csv, run_pipeline, temp_dir, Row};

/// The columns `expected.csv` states for each figure.
const CHECKED: &[&str] = &["doc_id", "quote", "value", "value_low", "value_high", "qualifier", "unit", "measure"];

const NUMBERS: &[&str] = &["value", "value_low", "value_high"];

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/grammar")
}

/// A figure as the comparison sees it: the checked columns, numbers parsed
/// so that "1500000" and "1500000.0" agree.
fn key(row: &Row) -> Vec<String> {
    CHECKED
        .iter()
        .map(|&column| {
            let text = field(row, column);
            match text.parse::<f64>() {
                Ok(number) if NUMBERS.contains(&column) => number.to_string(),
                _ => text.to_string(),
            }
        })
        .collect()
}

fn show(key: &[String]) -> String {
    CHECKED.iter().zip(key).map(|(c, v)| format!("{c}={v:?}")).collect::<Vec<_>>().join(" ")
}

#[test]
fn grammar_fixtures_give_exactly_the_expected_figures() -> Result<()> {
    let dir = temp_dir();
    let out = run_pipeline(&fixture_dir(), dir.path());

    let mut published = read_csv(&out.join("figures.csv"))?.rows;
    published.sort_by_key(|row| (field(row, "doc_id").to_string(), field(row, "char_start").parse::<i64>().unwrap_or(-1)));
    let found: Vec<Vec<String>> = published.iter().map(key).collect();
    let expected: Vec<Vec<String>> = read_csv(&fixture_dir().join("expected.csv"))?.rows.iter().map(key).collect();

    let mut problems = Vec::new();
    for want in &expected {
        if !found.contains(want) {
            problems.push(format!("missing:    {}", show(want)));
        }
    }
    for got in &found {
        if !expected.contains(got) {
            problems.push(format!("unexpected: {}", show(got)));
        }
    }
    if problems.is_empty() && found != expected {
        problems.push("the figures are right but not in the expected order (or counts differ)".into());
    }
    assert!(
        problems.is_empty(),
        "{} of {} expected figures differ from what tally published:\n{}",
        problems.len(),
        expected.len(),
        problems.join("\n")
    );
    Ok(())
}
