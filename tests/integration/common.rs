//! Helpers shared by the integration tests: temp directories, running the
//! built binary, reading what it wrote, and the contract's column lists.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

use anyhow::{Context, Result};
use regex::Regex;
use sha2::{Digest, Sha256};
use tempfile::TempDir;

/// The `figures` columns of DATASET.md, in order.
pub const FIGURES_COLUMNS: &[&str] = &[
    "figure_id",
    "doc_id",
    "quote",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "measure",
    "subject",
    "place",
    "period_start",
    "period_end",
    "attributed_to",
    "sentence",
    "char_start",
    "char_end",
    "byte_start",
    "byte_end",
    "line",
    "rule",
    "review",
    "review_note",
    "source_sha256",
    "claim_id",
    "repeats",
];

/// The `claims` columns, in order.
pub const CLAIMS_COLUMNS: &[&str] = &[
    "claim_id",
    "label",
    "measure",
    "place",
    "period_start",
    "period_end",
    "unit",
    "source_count",
    "figure_count",
    "low",
    "high",
    "spread",
    "figure_ids",
    "review_note",
];

/// The `documents` columns of DATASET.md, in order.
pub const DOCUMENTS_COLUMNS: &[&str] = &[
    "doc_id",
    "file",
    "title",
    "publisher",
    "author",
    "published",
    "language",
    "sha256",
    "bytes",
    "chars",
    "figure_count",
    "mention_count",
];

/// The `entities` columns of DATASET.md, in order.
pub const ENTITIES_COLUMNS: &[&str] = &["entity_id", "name", "type", "aliases", "mention_count", "document_count"];

/// The `mentions` columns: DATASET.md's, after the added key `mention_id`.
pub const MENTIONS_COLUMNS: &[&str] = &[
    "mention_id",
    "entity_id",
    "doc_id",
    "quote",
    "char_start",
    "char_end",
    "byte_start",
    "byte_end",
    "line",
    "rule",
    "source_sha256",
];

/// The files `tally publish` writes into `--out`.
pub const OUTPUT_FILES: &[&str] = &[
    "figures.csv",
    "figures.parquet",
    "claims.csv",
    "claims.parquet",
    "rejected_figures.csv",
    "rejected_figures.parquet",
    "documents.csv",
    "documents.parquet",
    "entities.csv",
    "entities.parquet",
    "mentions.csv",
    "mentions.parquet",
    "datapackage.json",
    "CODEBOOK.md",
];

/// The repository's own corpus, the one `make dataset` reads.
pub fn repo_raw() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("raw")
}

/// The repository's shipped rules directory.
pub fn repo_rules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

/// A fresh temporary directory, removed when the value is dropped.
pub fn temp_dir() -> TempDir {
    tempfile::Builder::new()
        .prefix("tally-test-")
        .tempdir()
        .expect("create a temporary directory")
}

/// A command for the binary under test, with no arguments yet.
pub fn tally() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tally"))
}

/// What one run of the binary did.
pub struct Run {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics with the run's output unless it exited successfully.
    pub fn assert_success(self) -> Self {
        assert!(
            self.status.success(),
            "tally failed with {}\n--- stdout\n{}\n--- stderr\n{}",
            self.status,
            self.stdout,
            self.stderr
        );
        self
    }
}

/// Runs `cmd` to completion and captures its output.
pub fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().expect("start the tally binary");
    Run {
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs the whole pipeline without a review file, keeping the intermediate
/// files in `dir/ext`; returns the output directory `dir/out`.
pub fn run_pipeline(raw: &Path, dir: &Path) -> PathBuf {
    let out = dir.join("out");
    run(tally()
        .arg("run")
        .arg("--raw")
        .arg(raw)
        .arg("--out")
        .arg(&out)
        .arg("--extracted")
        .arg(dir.join("ext"))
        .arg("--no-review"))
    .assert_success();
    out
}

/// Publishes a corpus written for a test: each (file name, contents) pair
/// goes into `raw/` (a `sources.csv` among them is the manifest). Returns the
/// directory, which keeps the files alive, and the output directory.
pub fn publish_written(files: &[(&str, &str)]) -> Result<(TempDir, PathBuf)> {
    let dir = temp_dir();
    let raw = dir.path().join("raw");
    fs::create_dir(&raw)?;
    for (name, contents) in files {
        fs::write(raw.join(name), contents)?;
    }
    let out = run_pipeline(&raw, dir.path());
    Ok((dir, out))
}

/// One CSV row, keyed by column name.
pub type Row = HashMap<String, String>;

/// A CSV file read as text: its header and its rows.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// The value of `column` in `row`; panics naming the column if it is absent.
/// The one row of `table` whose quote is `quote`; fails the test if there is
/// not exactly one.
pub fn figure<'a>(table: &'a Table, quote: &str) -> &'a Row {
    let matches: Vec<&Row> = table.rows.iter().filter(|r| field(r, "quote") == quote).collect();
    assert_eq!(matches.len(), 1, "expected one figure {quote:?}, found {}", matches.len());
    matches[0]
}

pub fn field<'a>(row: &'a Row, column: &str) -> &'a str {
    row.get(column)
        .unwrap_or_else(|| panic!("row has no column {column:?}"))
}

pub fn read_csv(path: &Path) -> Result<Table> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("open {}", path.display()))?;
    let header: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("read {}", path.display()))?;
        rows.push(
            header
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_owned))
                .collect(),
        );
    }
    Ok(Table { header, rows })
}

/// Lowercase hex SHA-256, as `sha256` and `source_sha256` are written.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The names of the files directly in `dir`, sorted.
pub fn file_names(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("list {}", dir.display()))? {
        names.push(entry?.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names)
}

/// Every file under `dir`, as paths relative to it with `/`, sorted: the
/// whole of a publication, its partition directories included.
pub fn tree_files(dir: &Path) -> Result<Vec<String>> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) -> Result<()> {
        for entry in fs::read_dir(dir).with_context(|| format!("list {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                walk(&path, root, out)?;
            } else {
                out.push(path.strip_prefix(root)?.to_string_lossy().replace('\\', "/"));
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files)?;
    files.sort();
    Ok(files)
}

/// The files under `a` and `b` whose bytes differ, or that only one has.
pub fn differing_files(a: &Path, b: &Path) -> Result<Vec<String>> {
    let (left, right) = (tree_files(a)?, tree_files(b)?);
    let mut names: Vec<&String> = left.iter().chain(&right).collect();
    names.sort();
    names.dedup();
    Ok(names
        .into_iter()
        .filter(|name| fs::read(a.join(name)).ok() != fs::read(b.join(name)).ok())
        .cloned()
        .collect())
}

/// Copies the directory tree `from` to `to`, which must not exist yet.
pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir(to).with_context(|| format!("create {}", to.display()))?;
    for entry in fs::read_dir(from).with_context(|| format!("list {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)
                .with_context(|| format!("copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Panics listing `problems` (the first few) unless there are none.
pub fn assert_no_problems(problems: &[String], what: &str) {
    const SHOWN: usize = 20;
    assert!(
        problems.is_empty(),
        "{} {what}:\n{}{}",
        problems.len(),
        problems[..problems.len().min(SHOWN)].join("\n"),
        if problems.len() > SHOWN { "\n…" } else { "" }
    );
}

/// A copy of the shipped rules plus `broken.toml`, one rule whose regex does
/// not compile; returns the copy's path.
pub fn rules_with_broken_regex(dir: &Path) -> Result<PathBuf> {
    let rules = dir.join("rules");
    copy_dir(&repo_rules(), &rules)?;
    fs::write(
        rules.join("broken.toml"),
        r#"[[rule]]
id = "broken.example"
kind = "figure"
description = "a rule with a broken regex"
pattern = '''(unclosed'''
examples = []
counter_examples = []
"#,
    )?;
    Ok(rules)
}

/// Whether `stderr` names broken.toml with a line number, as `broken.toml:LINE`.
pub fn names_broken_toml_line(stderr: &str) -> bool {
    Regex::new(r"broken\.toml:\d+")
        .expect("a valid regex")
        .is_match(stderr)
}
