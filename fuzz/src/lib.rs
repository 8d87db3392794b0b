//! tally's modules, compiled as a library for the fuzz targets: each is the
//! file under `src/` itself (`#[path]`), so the targets fuzz the code the
//! binary runs. `cfg(fuzzing)` adds `properties`, the checks they share
//! with the proptest properties.

#![allow(dead_code, unused_imports)]

#[path = "../../src/atomic.rs"]
pub mod atomic;
#[path = "../../src/cli.rs"]
pub mod cli;
#[path = "../../src/commands/mod.rs"]
pub mod commands;
#[path = "../../src/config.rs"]
pub mod config;
#[path = "../../src/console.rs"]
pub mod console;
#[path = "../../src/contract.rs"]
pub mod contract;
#[path = "../../src/diff.rs"]
pub mod diff;
#[path = "../../src/edited_csv.rs"]
pub mod edited_csv;
#[path = "../../src/extract/mod.rs"]
pub mod extract;
#[path = "../../src/merge.rs"]
pub mod merge;
#[path = "../../src/normalize/mod.rs"]
pub mod normalize;
#[path = "../../src/number.rs"]
pub mod number;
#[path = "../../src/parallel.rs"]
pub mod parallel;
#[path = "../../src/properties.rs"]
pub mod properties;
#[path = "../../src/provenance.rs"]
pub mod provenance;
#[path = "../../src/publish/mod.rs"]
pub mod publish;
#[path = "../../src/report/mod.rs"]
pub mod report;
#[path = "../../src/review/mod.rs"]
pub mod review;
#[path = "../../src/rules/mod.rs"]
pub mod rules;
#[path = "../../src/schema.rs"]
pub mod schema;
#[path = "../../src/text.rs"]
pub mod text;

/// The line a `FILE:LINE: problem` message names; panics on any other shape
/// of message, which is itself a finding.
pub fn problem_line(problem: &str, file: &str) -> usize {
    problem
        .strip_prefix(file)
        .and_then(|rest| rest.strip_prefix(':'))
        .and_then(|rest| rest.split_once(": "))
        .and_then(|(line, _)| line.parse::<usize>().ok())
        .unwrap_or_else(|| panic!("not {file}:line: problem: {problem:?}"))
}
