//! `--spreadsheet` copies, opened by LibreOffice as a user would (headless,
//! with formula evaluation on, as Excel does): no cell becomes a formula,
//! numbers stay numbers, and the plain CSVs stay exactly as they were.
//! `make test` installs LibreOffice (`libreoffice-calc-nogui`) when it is
//! missing.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};
use regex::Regex;

use crate::common::{differing_files, run, tally, temp_dir};

/// Text cells a spreadsheet would evaluate: sentences that begin with `=`,
/// with a phone number's `+`, with a `-`, and hold an `@` (a pasted
/// formula, `@SUM(1)`, is itself no figure).
const TEXT: &str = "=About 300 people died.\n+7 727 said 1,500 fled.\n-Some 12 were hurt; @home 20 died, 30 fled and @SUM(1) was typed.\n";

/// Converts `csvs` to flat OpenDocument spreadsheets (`.fods`) in `dir` with
/// LibreOffice's CSV import: comma, double quote, UTF-8, formulas evaluated.
fn convert(csvs: &[&Path], dir: &Path) -> Result<()> {
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let status = Command::new("soffice")
        .arg(profile)
        .arg("--headless")
        .arg("--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1,true")
        .arg("--convert-to")
        .arg("fods")
        .arg("--outdir")
        .arg(dir)
        .args(csvs)
        .output()
        .context("soffice is not installed: `make test` installs libreoffice-calc-nogui (or apt-get install -y libreoffice-calc-nogui)")?;
    anyhow::ensure!(status.status.success(), "soffice failed: {}", String::from_utf8_lossy(&status.stderr));
    Ok(())
}

/// A cell of a converted sheet: its type, its numeric value and whether it
/// holds a formula.
#[derive(Debug, Clone, Default)]
struct Cell {
    value_type: String,
    value: Option<f64>,
    formula: bool,
}

/// The rows of the first sheet of a `.fods` file, cell by cell.
fn sheet(path: &Path) -> Result<Vec<Vec<Cell>>> {
    let xml = fs::read_to_string(path)?;
    let cell = Regex::new(r#"<table:table-cell([^>]*?)(/>|>)"#)?;
    let attribute = |attrs: &str, name: &str| {
        Regex::new(&format!(r#"{name}="([^"]*)""#)).ok()?.captures(attrs).map(|c| c[1].to_string())
    };
    let mut rows = Vec::new();
    for row in xml.split("<table:table-row").skip(1) {
        let row = row.split("</table:table-row>").next().unwrap_or("");
        let mut cells = Vec::new();
        for found in cell.captures_iter(row) {
            let attrs = &found[1];
            let read = Cell {
                value_type: attribute(attrs, "office:value-type").unwrap_or_default(),
                value: attribute(attrs, "office:value").and_then(|v| v.parse().ok()),
                formula: attrs.contains("table:formula="),
            };
            let repeated = attribute(attrs, "table:number-columns-repeated").and_then(|n| n.parse().ok()).unwrap_or(1usize);
            cells.extend(std::iter::repeat_n(read, repeated.min(64)));
        }
        rows.push(cells);
    }
    Ok(rows)
}

#[test]
fn spreadsheet_copies_open_without_formulas_and_keep_numbers() -> Result<()> {
    let dir = temp_dir();
    let raw = dir.path().join("raw");
    fs::create_dir(&raw)?;
    fs::write(raw.join("formulas.txt"), TEXT)?;
    let (plain, with_copies) = (dir.path().join("plain"), dir.path().join("out"));
    for (out, extra) in [(&plain, None), (&with_copies, Some("--spreadsheet"))] {
        run(tally().arg("run").arg("--raw").arg(&raw).arg("--out").arg(out).arg("--no-review").args(extra)).assert_success();
    }
    // The published tables are the same bytes with or without the copies.
    let differing = differing_files(&plain, &with_copies)?;
    assert!(differing.iter().all(|f| f.starts_with("spreadsheet/")), "{differing:?}");
    let copies = with_copies.join("spreadsheet");
    let names: Vec<String> = fs::read_dir(&copies)?.map(|e| Ok(e?.file_name().to_string_lossy().into_owned())).collect::<Result<_>>()?;
    let tables = fs::read_dir(&plain)?.filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "csv"))).count();
    assert_eq!(names.len(), tables, "{names:?}");

    // Cell for cell, a copy is its CSV with active text cells prefixed.
    let csv = fs::read(plain.join("figures.csv"))?;
    let copy = fs::read(copies.join("figures.csv"))?;
    assert!(copy.starts_with("\u{feff}".as_bytes()), "no byte-order mark");
    let records = |bytes: &[u8]| -> Result<Vec<csv::StringRecord>> { Ok(csv::Reader::from_reader(bytes).records().collect::<Result<_, _>>()?) };
    let (original, safe) = (records(&csv)?, records(&copy["\u{feff}".len()..])?);
    assert_eq!(original.len(), 6);
    let mut prefixed = 0;
    for (a, b) in original.iter().zip(&safe) {
        for (cell, copied) in a.iter().zip(b) {
            if cell != copied {
                assert_eq!(copied, format!("'{cell}"));
                prefixed += 1;
            }
        }
    }
    assert!(prefixed >= 4, "only {prefixed} cells made inert");

    let converted = dir.path().join("converted");
    fs::create_dir(&converted)?;
    fs::copy(plain.join("figures.csv"), converted.join("plain.csv"))?;
    convert(&[&converted.join("plain.csv"), &copies.join("figures.csv")], &converted)?;
    // The check can see a formula: the plain CSV gives one.
    assert!(sheet(&converted.join("plain.fods"))?.iter().flatten().any(|c| c.formula), "LibreOffice evaluated no formula in the plain CSV");

    let rows = sheet(&converted.join("figures.fods"))?;
    assert!(rows.iter().flatten().all(|c| !c.formula), "a cell of the spreadsheet copy became a formula");
    let columns = csv::Reader::from_reader(&csv[..]).headers()?.clone();
    let numeric = ["value", "char_start", "char_end", "byte_start", "byte_end", "line"];
    for (record, row) in original.iter().zip(&rows[1..]) {
        for (i, name) in columns.iter().enumerate() {
            let (cell, read) = (&record[i], &row[i]);
            if numeric.contains(&name) && !cell.is_empty() {
                assert_eq!(read.value_type, "float", "{name} {cell:?} is not a number: {read:?}");
                assert_eq!(read.value, Some(cell.parse::<f64>()?), "{name} {cell:?}");
            } else if name == "sentence" {
                assert_eq!(read.value_type, "string", "{name} {cell:?}: {read:?}");
            }
        }
    }
    Ok(())
}
