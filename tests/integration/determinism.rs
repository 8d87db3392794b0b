//! Pins "same input, same bytes out": two runs on the same corpus publish
//! byte-identical files, and a figure keeps its figure_id when an unrelated
//! part of its document changes.

use std::fs;

use anyhow::Result;

use crate::common::{field, file_names, read_csv, repo_raw, run_pipeline, temp_dir};

#[test]
fn two_runs_publish_identical_bytes() -> Result<()> {
    let (first_dir, second_dir) = (temp_dir(), temp_dir());
    let first = run_pipeline(&repo_raw(), first_dir.path());
    let second = run_pipeline(&repo_raw(), second_dir.path());

    let names = file_names(&first)?;
    assert!(!names.is_empty(), "the first run published nothing");
    assert_eq!(
        names,
        file_names(&second)?,
        "the runs published different files"
    );

    let mut differing = Vec::new();
    for name in &names {
        if fs::read(first.join(name))? != fs::read(second.join(name))? {
            differing.push(name.as_str());
        }
    }
    assert!(
        differing.is_empty(),
        "files differ between two runs: {differing:?}"
    );
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
