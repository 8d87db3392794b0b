//! The raw corpus: a directory of `.txt` files and an optional manifest,
//! `sources.csv`, with one bibliographic row per file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::console::warn;
use crate::contract::csv_problem;

pub const MANIFEST_FILE: &str = "sources.csv";

/// A manifest row, as a curator wrote it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRow {
    pub doc_id: String,
    pub file: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub language: Option<String>,
    pub license_note: Option<String>,
}

/// The `.txt` files of `dir`, sorted by name so that output order never
/// depends on the file system.
pub fn text_files(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        bail!("{}: no such directory", dir.display());
    }
    let entries = std::fs::read_dir(dir).with_context(|| format!("{}: cannot read directory", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.with_context(|| format!("{}: cannot read directory", dir.display()))?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "txt") {
            files.push(path);
        }
    }
    // In doc_id order, the order the tables are published in: "a-b.txt"
    // sorts before "a.txt" by file name but after "a" by doc_id.
    files.sort_by_key(|path| doc_id(path));
    if files.is_empty() {
        bail!("{}: no .txt files", dir.display());
    }
    Ok(files)
}

/// The manifest rows by file name. A missing manifest is a warning; a
/// malformed one is an error naming its line.
pub fn read_manifest(dir: &Path, files: &[PathBuf]) -> Result<BTreeMap<String, SourceRow>> {
    let path = dir.join(MANIFEST_FILE);
    if !path.exists() {
        warn(&format!("{}: no manifest; documents get empty title, publisher, author and date", path.display()));
        return Ok(BTreeMap::new());
    }
    let mut reader = csv::Reader::from_path(&path).with_context(|| format!("{}: cannot read", path.display()))?;
    let mut rows = BTreeMap::new();
    let mut problems = Vec::new();
    for (i, row) in reader.deserialize::<SourceRow>().enumerate() {
        let line = i + 2;
        match row {
            Ok(row) => {
                let row = SourceRow {
                    title: non_empty(row.title),
                    publisher: non_empty(row.publisher),
                    author: non_empty(row.author),
                    published: non_empty(row.published),
                    language: non_empty(row.language),
                    license_note: non_empty(row.license_note),
                    ..row
                };
                if let Some(published) = &row.published {
                    if !is_iso_date(published) {
                        problems.push(format!(
                            "{}:{line}: published {published:?} is not an ISO 8601 date (2022, 2022-01 or 2022-01-05)",
                            path.display()
                        ));
                    }
                }
                if rows.contains_key(&row.file) {
                    problems.push(format!("{}:{line}: file {} is listed twice", path.display(), row.file));
                }
                rows.insert(row.file.clone(), row);
            }
            Err(e) => problems.push(format!("{}:{line}: {}", path.display(), csv_problem(&e))),
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    for file in files {
        let name = file_name(file);
        if !rows.contains_key(&name) {
            warn(&format!("{}: no row for {name}; its bibliographic fields stay empty", path.display()));
        }
    }
    for name in rows.keys() {
        if !files.iter().any(|f| file_name(f) == *name) {
            warn(&format!("{}: row for {name}, which is not in {}", path.display(), dir.display()));
        }
    }
    Ok(rows)
}

pub fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A document's id: its file name without `.txt`.
pub fn doc_id(path: &Path) -> String {
    let file = file_name(path);
    file.strip_suffix(".txt").unwrap_or(&file).to_string()
}

fn non_empty(field: Option<String>) -> Option<String> {
    field.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    }
}

/// Reads a text file as UTF-8; an invalid byte is an error naming its line.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            bail!("{}:{line}: not valid UTF-8 (byte {valid})", path.display())
        }
    }
}
