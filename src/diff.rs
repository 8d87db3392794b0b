//! `tally diff OLD NEW`: what differs between two published datasets, table
//! by table and row by row (matched on each table's primary key), so that a
//! stale `output/` names the rows that changed, and a changelog can say which
//! figures a new version adds, drops or corrects.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::schema::TABLES;

/// How many rows of each kind are listed per table; the counts are always
/// complete.
const SHOWN: usize = 20;

/// Other files of a publication, compared byte for byte.
const OTHER_FILES: &[&str] = &["datapackage.json", "CODEBOOK.md"];

/// Prints the differences and fails when there are any.
pub fn run(old: &Path, new: &Path) -> Result<()> {
    let mut differs = false;
    for table in TABLES {
        let file = format!("{}.csv", table.name);
        if !present_in_both(old, new, &file) {
            differs = true;
            continue;
        }
        let old_rows = read_rows(&old.join(&file), table.primary_key)?;
        let new_rows = read_rows(&new.join(&file), table.primary_key)?;
        let report = compare(&old_rows, &new_rows);
        if !report.is_empty() {
            differs = true;
            println!(
                "{file}: {} rows only in {}, {} only in {}, {} changed",
                report.removed.len(),
                old.display(),
                report.added.len(),
                new.display(),
                report.changed.len()
            );
            report.removed.iter().take(SHOWN).for_each(|r| println!("  - {r}"));
            report.added.iter().take(SHOWN).for_each(|r| println!("  + {r}"));
            report.changed.iter().take(SHOWN).for_each(|r| println!("  ~ {r}"));
        }
        let parquet = format!("{}.parquet", table.name);
        if !present_in_both(old, new, &parquet) {
            differs = true;
        } else if report.is_empty() && read(&old.join(&parquet))? != read(&new.join(&parquet))? {
            differs = true;
            println!("{parquet}: the bytes differ although {file} holds the same rows");
        }
    }
    let mut others: Vec<String> = OTHER_FILES.iter().map(|f| f.to_string()).collect();
    others.extend(partition_files(old)?.into_iter().chain(partition_files(new)?));
    others.sort();
    others.dedup();
    for file in &others {
        if !present_in_both(old, new, file) {
            differs = true;
        } else if read(&old.join(file))? != read(&new.join(file))? {
            differs = true;
            println!("{file} differs");
        }
    }
    if differs {
        bail!("{} and {} differ", old.display(), new.display());
    }
    Ok(())
}

/// The files of a publication's partitioned layout (`figures/shard=0/…`),
/// relative to it.
fn partition_files(dir: &Path) -> Result<Vec<String>> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) -> Result<()> {
        for entry in std::fs::read_dir(dir).with_context(|| format!("{}: cannot read", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                walk(&path, root, out)?;
            } else if path.parent() != Some(root) && !path.starts_with(root.join(crate::report::DIR)) {
                out.push(path.strip_prefix(root)?.to_string_lossy().into_owned());
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    if dir.is_dir() {
        walk(dir, dir, &mut files)?;
    }
    Ok(files)
}

/// Whether `file` is in both publications; says which lacks it otherwise.
fn present_in_both(old: &Path, new: &Path, file: &str) -> bool {
    let missing: Vec<String> =
        [old, new].iter().filter(|dir| !dir.join(file).is_file()).map(|dir| dir.display().to_string()).collect();
    if !missing.is_empty() {
        println!("{file}: not in {}", missing.join(" nor "));
    }
    missing.is_empty()
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))
}

/// A table's rows, by primary key: each row as (column, value) pairs.
type Rows = BTreeMap<String, Vec<(String, String)>>;

fn read_rows(path: &Path, key: &[&str]) -> Result<Rows> {
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let header: Vec<String> = reader.headers()?.iter().map(str::to_string).collect();
    let key_columns: Vec<usize> = key
        .iter()
        .map(|k| header.iter().position(|h| h == k).with_context(|| format!("{}: no key column {k}", path.display())))
        .collect::<Result<_>>()?;
    let mut rows = Rows::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}:{}: unreadable row", path.display(), i + 2))?;
        let id = key_columns.iter().map(|&c| &record[c]).collect::<Vec<_>>().join("/");
        rows.insert(id, header.iter().cloned().zip(record.iter().map(str::to_string)).collect());
    }
    Ok(rows)
}

#[derive(Debug, Default, PartialEq)]
struct Report {
    removed: Vec<String>,
    added: Vec<String>,
    changed: Vec<String>,
}

impl Report {
    fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.added.is_empty() && self.changed.is_empty()
    }
}

fn compare(old: &Rows, new: &Rows) -> Report {
    let mut report = Report::default();
    for (id, row) in old {
        match new.get(id) {
            None => report.removed.push(describe(id, row)),
            Some(other) if other != row => {
                let changes: Vec<String> = row
                    .iter()
                    .zip(other)
                    .filter(|((_, a), (_, b))| a != b)
                    .map(|((column, a), (_, b))| format!("{column} {a:?} → {b:?}"))
                    .collect();
                let changes = if changes.is_empty() { "columns differ".to_string() } else { changes.join("; ") };
                report.changed.push(format!("{id}: {changes}"));
            }
            Some(_) => {}
        }
    }
    for (id, row) in new {
        if !old.contains_key(id) {
            report.added.push(describe(id, row));
        }
    }
    report
}

/// A row named for a reader: its key and, where it has them, its document
/// and quote.
fn describe(id: &str, row: &[(String, String)]) -> String {
    let value = |name: &str| row.iter().find(|(c, _)| c == name).map(|(_, v)| v.as_str());
    match (value("doc_id"), value("quote")) {
        (Some(doc), Some(quote)) => format!("{id} ({doc} {quote:?})"),
        _ => id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(data: &[(&str, &[(&str, &str)])]) -> Rows {
        data.iter()
            .map(|(id, cols)| (id.to_string(), cols.iter().map(|(c, v)| (c.to_string(), v.to_string())).collect()))
            .collect()
    }

    #[test]
    fn rows_are_matched_on_their_key() {
        let old = rows(&[("a", &[("quote", "5"), ("place", "Almaty")]), ("b", &[("quote", "6"), ("place", "")])]);
        let new = rows(&[("a", &[("quote", "5"), ("place", "Kazakhstan")]), ("c", &[("quote", "7"), ("place", "")])]);
        let report = compare(&old, &new);
        assert_eq!(report.removed, ["b"]);
        assert_eq!(report.added, ["c"]);
        assert_eq!(report.changed, ["a: place \"Almaty\" → \"Kazakhstan\""]);
        assert!(compare(&old, &old).is_empty());
    }
}
