//! `tally report`: one self-contained page from a publication and its texts,
//! the same bytes from the same dataset, and a text that changed since the
//! dataset was made shown without its highlights rather than with wrong
//! ones. The page is opened in a browser by tests/python/check_report.py
//! (`make test`).

use std::fs;
use std::path::Path;

use anyhow::Result;
use regex::Regex;

use crate::common::{read_csv, repo_raw, run, tally, temp_dir};

fn report(out: &Path, raw: &Path) -> crate::common::Run {
    run(tally().arg("report").arg("--out").arg(out).arg("--raw").arg(raw))
}

fn publish_corpus(dir: &Path) -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = dir.join("out");
    run(tally().arg("run").arg("--raw").arg(repo_raw()).arg("--out").arg(&out).arg("--review").arg(root.join("review/figures.csv")))
        .assert_success();
    out
}

#[test]
fn the_page_is_one_self_contained_file_the_same_bytes_run_after_run() -> Result<()> {
    let dir = temp_dir();
    let out = publish_corpus(dir.path());
    let result = report(&out, &repo_raw()).assert_success();
    let page_path = out.join("report/index.html");
    assert!(result.stderr.contains("report/index.html"), "{}", result.stderr);
    let first = fs::read(&page_path)?;
    report(&out, &repo_raw()).assert_success();
    assert_eq!(fs::read(&page_path)?, first, "two runs wrote different pages");

    let page = String::from_utf8(first)?;
    assert!(page.len() < 1_000_000, "the page of five texts is {} bytes", page.len());
    for external in [r#"<script[^>]*\ssrc="#, r#"<link\b"#, r#"@import"#, r#"url\("#, r#"<img\b"#, r#"<iframe\b"#] {
        assert!(!Regex::new(external)?.is_match(&page), "the page loads something: {external}");
    }
    let urls: Vec<&str> = Regex::new(r#"https?://[^\s"'<>]+"#)?.find_iter(&page).map(|m| m.as_str()).collect();
    assert!(urls.iter().all(|u| *u == "http://www.w3.org/2000/svg"), "the page names URLs: {urls:?}");
    // Every claim and every figure is in the page's data.
    for table in ["claims", "figures"] {
        let key = if table == "claims" { "claim_id" } else { "figure_id" };
        for row in read_csv(&out.join(format!("{table}.csv")))?.rows {
            assert!(page.contains(&format!("\"{}\"", row[key])), "{} {} is not on the page", table, row[key]);
        }
    }
    Ok(())
}

#[test]
fn a_text_changed_since_publication_is_shown_without_its_text() -> Result<()> {
    let dir = temp_dir();
    let out = publish_corpus(dir.path());
    let raw = dir.path().join("raw");
    fs::create_dir(&raw)?;
    for entry in fs::read_dir(repo_raw())? {
        let path = entry?.path();
        fs::copy(&path, raw.join(path.file_name().expect("a file name")))?;
    }
    let edited = raw.join("globalvoices-bloody-january.txt");
    fs::write(&edited, format!("An editor's note.\n\n{}", fs::read_to_string(&edited)?))?;
    let result = report(&out, &raw).assert_success();
    let warnings: Vec<&str> = result.stderr.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 1, "{}", result.stderr);
    assert!(warnings[0].contains("globalvoices-bloody-january.txt") && warnings[0].contains("SHA-256"), "{}", warnings[0]);
    let page = fs::read_to_string(out.join("report/index.html"))?;
    assert!(!page.contains("An editor") && page.contains("Bloody January"), "the changed text is left out, its record kept");
    Ok(())
}

#[test]
fn a_directory_that_holds_no_dataset_is_refused() {
    let dir = temp_dir();
    let result = report(dir.path(), &repo_raw());
    assert!(!result.status.success());
    assert!(result.stderr.contains("not a published dataset"), "{}", result.stderr);
    assert!(!dir.path().join("report").exists());
}
