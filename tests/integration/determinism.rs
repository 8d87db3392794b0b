//! Pins "same input, same bytes out": two runs on the same corpus publish
//! byte-identical files, and a figure keeps its figure_id when an unrelated
//! part of its document changes.

use std::fs;

use anyhow::Result;

use crate::common::{differing_files, field, read_csv, repo_raw, run_pipeline, temp_dir, tree_files};

#[test]
fn two_runs_publish_identical_bytes() -> Result<()> {
    let (first_dir, second_dir) = (temp_dir(), temp_dir());
    let first = run_pipeline(&repo_raw(), first_dir.path());
    let second = run_pipeline(&repo_raw(), second_dir.path());
    assert!(tree_files(&first)?.len() > 10, "the first run published nothing");
    let differing = differing_files(&first, &second)?;
    assert!(differing.is_empty(), "files differ between two runs: {differing:?}");
    Ok(())
}

#[test]
fn figure_id_survives_an_edit_elsewhere_in_the_document() -> Result<()> {
    const TEXT: &str = "The fund lost $4.5 million.\n";

    let mut ids = Vec::new();
    for text in [
        TEXT.to_owned(),
        format!("A new opening paragraph.\n\n{TEXT}"),
    ] {
        let dir = temp_dir();
        let raw = dir.path().join("raw");
        fs::create_dir(&raw)?;
        fs::write(raw.join("fund.txt"), text)?;
        let out = run_pipeline(&raw, dir.path());

        let figures = read_csv(&out.join("figures.csv"))?;
        let row = figures
            .rows
            .iter()
            .find(|row| field(row, "quote") == "$4.5 million")
            .expect("a figure quoted \"$4.5 million\"");
        ids.push(field(row, "figure_id").to_owned());
    }
    assert!(!ids[0].is_empty(), "empty figure_id");
    assert_eq!(
        ids[0], ids[1],
        "the figure_id changed when text before it was added"
    );
    Ok(())
}

/// The committed `output/` is what the current rules, review file and texts
/// produce, byte for byte: a change to the code that is meant to keep the
/// data as it is (a refactoring, a speed-up) keeps it so.
#[test]
fn the_committed_output_is_reproduced_byte_for_byte() -> Result<()> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = temp_dir();
    let out = dir.path().join("out");
    crate::common::run(
        crate::common::tally()
            .arg("run")
            .arg("--raw")
            .arg(repo_raw())
            .arg("--out")
            .arg(&out)
            .arg("--review")
            .arg(root.join("review/figures.csv"))
            .arg("--claim-review")
            .arg(root.join("review/claims.csv")),
    )
    .assert_success();
    // output/report/ is the page `make report` makes from the tables, not
    // part of the publication (it is not committed).
    let differing: Vec<String> =
        differing_files(&root.join("output"), &out)?.into_iter().filter(|f| !f.starts_with("report/")).collect();
    assert!(differing.is_empty(), "output/ is not what the code produces: {differing:?} differ (run make dataset)");
    Ok(())
}
