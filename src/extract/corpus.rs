//! The raw corpus: a directory of `.txt` files and an optional manifest,
//! `sources.csv`, with one bibliographic row per file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use crate::console::warn;
use crate::contract::csv_problem;
use crate::edited_csv::EditedCsv;

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

/// The `.txt` files of `dir`, sorted by doc_id so that output order never
/// depends on the file system. Only regular files whose names end in `.txt`
/// (lower case) directly in `dir` are texts; what looks like a text but is
/// not read — `NAME.TXT`, a `.txt` in a subdirectory, a dangling or looping
/// symbolic link, a `.txt` that is a directory or a device — is named in a
/// warning, so no text is left out without a word.
pub fn text_files(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        bail!("{}: no such directory", dir.display());
    }
    let entries = std::fs::read_dir(dir).with_context(|| format!("{}: cannot read directory", dir.display()))?;
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for entry in entries {
        let path = entry.with_context(|| format!("{}: cannot read directory", dir.display()))?.path();
        let name = file_name(&path);
        let is_txt = name.ends_with(".txt");
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() && is_txt => files.push(path),
            Ok(meta) if meta.is_file() && name.to_lowercase().ends_with(".txt") => {
                skipped.push(format!("{}: not read: only names ending in .txt (lower case) are texts", path.display()))
            }
            Ok(meta) if meta.is_dir() && holds_texts(&path) => skipped.push(format!(
                "{}: not read: a subdirectory (texts are the .txt files directly in {})",
                path.display(),
                dir.display()
            )),
            Ok(meta) if is_txt && !meta.is_file() => {
                skipped.push(format!("{}: not read: not a regular file", path.display()))
            }
            Err(e) if is_txt => skipped.push(format!("{}: not read: {}", path.display(), link_problem(&e))),
            _ => {}
        }
    }
    skipped.sort();
    for warning in &skipped {
        warn(warning);
    }
    // In doc_id order, the order the tables are published in: "a-b.txt"
    // sorts before "a.txt" by file name but after "a" by doc_id.
    files.sort_by_key(|path| doc_id(path));
    if files.is_empty() {
        bail!("{}: no .txt files", dir.display());
    }
    Ok(files)
}

/// Why a directory entry cannot be opened: a symbolic link to nowhere or
/// in a loop, or what the system says.
fn link_problem(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(libc::ELOOP) => "a symbolic link in a loop".into(),
        _ if e.kind() == std::io::ErrorKind::NotFound => "a symbolic link to nothing".into(),
        _ => e.to_string(),
    }
}

/// Whether a subdirectory holds `.txt` files (checked one level deep): one
/// that does was probably meant to be read.
fn holds_texts(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| e.file_name().to_string_lossy().to_lowercase().ends_with(".txt"))
    })
}

/// The columns of `sources.csv`, all required (a cell may be empty).
pub const MANIFEST_COLUMNS: &[&str] = &["doc_id", "file", "title", "publisher", "author", "published", "language", "license_note"];

/// The manifest rows by file name. A missing manifest, a row for a file
/// that is not there and a text without a row are warnings; a missing or
/// unknown column, a row for a file or a doc_id already listed, an empty
/// `doc_id` or `file` and a date that is not a real ISO 8601 date are
/// errors, every one at once, each naming its line.
pub fn read_manifest(dir: &Path, files: &[PathBuf]) -> Result<BTreeMap<String, SourceRow>> {
    let path = dir.join(MANIFEST_FILE);
    if !path.exists() {
        warn(&format!("{}: no manifest; documents get empty title, publisher, author and date", path.display()));
        return Ok(BTreeMap::new());
    }
    let shown = path.display();
    let csv = EditedCsv::read(&path)?;
    let headers = csv.headers().map_err(|e| anyhow::anyhow!("{shown}:1: {}", csv_problem(&e)))?;
    let mut problems = Vec::new();
    for header in headers.iter().filter(|h| !MANIFEST_COLUMNS.contains(h)) {
        problems.push(format!("{shown}:1: unknown column {header:?} (columns: {})", MANIFEST_COLUMNS.join(", ")));
    }
    for column in MANIFEST_COLUMNS.iter().filter(|c| !headers.iter().any(|h| h == **c)) {
        problems.push(format!("{shown}:1: missing column {column:?} (leave its cells empty where it is not known)"));
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    let mut rows: BTreeMap<String, SourceRow> = BTreeMap::new();
    let mut lines_of_files: BTreeMap<String, usize> = BTreeMap::new();
    let mut lines_of_ids: BTreeMap<String, usize> = BTreeMap::new();
    for csv_row in csv.rows() {
        let line = csv_row.line;
        let row: SourceRow = match csv_row.record.and_then(|r| r.deserialize(Some(&headers)).map_err(|e| csv_problem(&e))) {
            Ok(row) => row,
            Err(problem) => {
                problems.push(format!("{shown}:{line}: {problem}"));
                continue;
            }
        };
        let row = SourceRow {
            doc_id: row.doc_id.trim().to_string(),
            file: row.file.trim().to_string(),
            title: non_empty(row.title),
            publisher: non_empty(row.publisher),
            author: non_empty(row.author),
            published: non_empty(row.published),
            language: non_empty(row.language),
            license_note: non_empty(row.license_note),
        };
        if let Some(published) = &row.published {
            if let Err(why) = check_iso_date(published) {
                problems.push(format!("{shown}:{line}: published {published:?} is not an ISO 8601 date (2022, 2022-01 or 2022-01-05): {why}"));
            }
        }
        for (column, value, seen) in [("file", &row.file, &mut lines_of_files), ("doc_id", &row.doc_id, &mut lines_of_ids)] {
            if value.is_empty() {
                problems.push(format!("{shown}:{line}: {column} is empty"));
            } else if let Some(first) = seen.insert(value.clone(), line) {
                problems.push(format!("{shown}:{line}: {column} {value} is already listed on line {first}"));
            }
        }
        rows.insert(row.file.clone(), row);
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
    for (name, row) in &rows {
        if !files.iter().any(|f| file_name(f) == *name) {
            warn(&format!("{shown}:{}: row for {name}, which is not in {}", lines_of_files[&row.file], dir.display()));
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

/// Whether `s` is a date as precise as known: a year, a year and month, or
/// a day that exists (2022-02-29 does not); the reason when it is not.
fn check_iso_date(s: &str) -> Result<(), String> {
    let number = |p: &str, n: usize| (p.len() == n && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().unwrap_or(0));
    let parts: Vec<&str> = s.split('-').collect();
    let shape = "not YYYY, YYYY-MM or YYYY-MM-DD".to_string();
    let year = number(parts[0], 4).ok_or_else(|| shape.clone())?;
    let month = match parts.get(1) {
        None => return Ok(()),
        Some(m) => number(m, 2).ok_or_else(|| shape.clone())?,
    };
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month}"));
    }
    let day = match parts.get(2) {
        None => return Ok(()),
        Some(d) => number(d, 2).ok_or_else(|| shape.clone())?,
    };
    if parts.len() > 3 {
        return Err(shape);
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days {
        return Err(format!("month {month} of {year} has no day {day}"));
    }
    Ok(())
}

/// How texts that are not clean UTF-8 are read (`--lossy`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Decoding {
    /// A byte that is not UTF-8, or a NUL byte, is an error.
    #[default]
    Strict,
    /// Bytes that are not UTF-8 become U+FFFD (offsets count the decoded
    /// text), and a binary file is skipped; each with a warning.
    Lossy,
}

/// A text as read from its file.
pub struct RawText {
    pub text: String,
    /// SHA-256 of the file's bytes (which differ from `text`'s where
    /// `--lossy` replaced bytes).
    pub sha256: String,
}

/// How many bad byte offsets a `--lossy` warning lists before "and N more".
const LISTED_OFFSETS: usize = 5;

/// Reads a text file. Without `--lossy`, a byte that is not UTF-8, a NUL
/// byte (a binary file named `.txt`) or a UTF-16 byte-order mark is an error
/// naming the file, line and byte; with it, bad bytes become U+FFFD and a
/// binary or UTF-16 file is skipped
/// (`Ok(None)`), each with a warning. An empty or blank text is read, with a
/// warning: it is a document without figures.
pub fn read_text(path: &Path, decoding: Decoding) -> Result<Option<RawText>> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let sha256 = crate::provenance::sha256_hex(&bytes);
    let utf16 = bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff");
    if let Some(nul) = memchr::memchr(0, &bytes).filter(|_| !utf16).or(utf16.then_some(0)) {
        let problem = if utf16 {
            format!("{}:1: a UTF-16 text (byte-order mark at byte 0), not UTF-8: convert it (iconv -f UTF-16 -t UTF-8)", path.display())
        } else {
            format!("{}:{}: a NUL byte (byte {nul}): a binary file, not a text", path.display(), crate::text::line_of_bytes(&bytes, nul))
        };
        match decoding {
            Decoding::Strict => bail!("{problem} (--lossy skips it)"),
            Decoding::Lossy => {
                warn(&format!("{problem}; skipped"));
                return Ok(None);
            }
        }
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let bytes = e.into_bytes();
            let bad = invalid_utf8_offsets(&bytes);
            let first = bad[0];
            let line = crate::text::line_of_bytes(&bytes, first);
            match decoding {
                Decoding::Strict => {
                    bail!("{}:{line}: not valid UTF-8 (byte {first}); --lossy replaces such bytes with U+FFFD", path.display())
                }
                Decoding::Lossy => {
                    let listed: Vec<String> = bad.iter().take(LISTED_OFFSETS).map(usize::to_string).collect();
                    let more = bad.len().saturating_sub(LISTED_OFFSETS);
                    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
                    warn(&format!(
                        "{}:{line}: {} invalid UTF-8 sequences replaced by U+FFFD, at bytes {}{more}; offsets count the decoded text",
                        path.display(),
                        bad.len(),
                        listed.join(", ")
                    ));
                    String::from_utf8_lossy(&bytes).into_owned()
                }
            }
        }
    };
    if text.trim_matches(|c: char| c.is_whitespace() || crate::text::is_invisible(c)).is_empty() {
        let what = if text.is_empty() { "empty" } else { "blank (only white space)" };
        warn(&format!("{}: {what}: a document without figures", path.display()));
    }
    Ok(Some(RawText { text, sha256 }))
}

/// The byte offset of every invalid UTF-8 sequence in `bytes`, each where
/// `from_utf8_lossy` puts one U+FFFD.
fn invalid_utf8_offsets(bytes: &[u8]) -> Vec<usize> {
    let mut offsets = Vec::new();
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            offsets.push(at);
            at += chunk.invalid().len();
        }
    }
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_that_exist() {
        for good in ["2022", "2022-01", "2022-01-05", "2024-02-29", "2000-02-29"] {
            assert_eq!(check_iso_date(good), Ok(()), "{good}");
        }
        for bad in ["2022-13-45", "2022-13", "2023-02-29", "1900-02-29", "2022-04-31", "22", "2022-1-5", "2022-01-05-01", "2022-00", "2022/01"] {
            assert!(check_iso_date(bad).is_err(), "{bad}");
        }
    }
}
