//! The review file: decisions applied by `run`, anchored to the text so that
//! they survive edits, stale rows reported and kept, bad rows refused with
//! the file's line and nothing published; and the `tally review` command.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::common::{field, read_csv, run, tally, temp_dir, Row, Run, Table};

const VALLEY: &str = "\
The Purge in the Valley

In 1938 the district court convicted 412 farmers in the valley town.
Officials said about 90 people were shot near the quarry.
The museum keeps 3 rooms of letters from those years.
Witnesses spoke of a score of children taken away that night.
";

/// A paragraph put at the top of the text: it moves every offset and line.
const PREFACE: &str = "Editor's preface: this account was first printed with 2 maps.\n\n";

fn write_corpus(raw: &Path, text: &str) -> Result<()> {
    fs::create_dir_all(raw)?;
    fs::write(raw.join("valley.txt"), text)?;
    let manifest = "doc_id,file,title,publisher,author,published,language,license_note\n\
                    valley,valley.txt,The Purge in the Valley,,,1990,en,written for this test\n";
    fs::write(raw.join("sources.csv"), manifest)?;
    Ok(())
}

fn review_template(raw: &Path) -> Result<Table> {
    let result = run(tally().arg("review").arg("--raw").arg(raw).arg("--template").arg("--review").arg("none.csv"))
        .assert_success();
    let dir = temp_dir();
    let path = dir.path().join("template.csv");
    fs::write(&path, result.stdout)?;
    read_csv(&path)
}

fn publish(raw: &Path, review: &Path, out: &Path) -> Run {
    run(tally().arg("run").arg("--raw").arg(raw).arg("--out").arg(out).arg("--review").arg(review))
}

fn row_with_quote<'t>(table: &'t Table, quote: &str) -> &'t Row {
    table.rows.iter().find(|r| field(r, "quote") == quote).unwrap_or_else(|| panic!("no row quotes {quote:?}"))
}

/// A curator's review of VALLEY, written from the template the way a
/// curator would fill it in: one accept, one correction, one rejection and
/// one figure the rules missed.
fn curate(template: &Table, path: &Path) -> Result<()> {
    let mut writer = csv::Writer::from_path(path)?;
    writer.write_record(&template.header)?;
    let column = |name: &str| template.header.iter().position(|h| h == name).expect("template column");
    for row in &template.rows {
        let mut record: Vec<String> = template.header.iter().map(|h| field(row, h).to_string()).collect();
        match field(row, "quote") {
            "412" => record[column("action")] = "accept".into(),
            "about 90" => {
                record[column("action")] = "correct".into();
                record[column("measure")] = "killed".into();
                record[column("attributed_to")] = "null".into();
                record[column("note")] = "shot dead; the officials only said it".into();
            }
            "3" => {
                record[column("action")] = "reject".into();
                record[column("note")] = "rooms of a museum, not a figure of the purge".into();
            }
            other => panic!("unexpected figure {other:?} in the template"),
        }
        writer.write_record(&record)?;
    }
    let mut add = vec![String::new(); template.header.len()];
    for (name, value) in [
        ("doc_id", "valley"),
        ("action", "add"),
        ("quote", "a score"),
        ("context", "spoke of a score of children"),
        ("value", "20"),
        ("qualifier", "approx"),
        ("unit", "person"),
        ("measure", "missing"),
        ("note", "a score is twenty"),
    ] {
        add[column(name)] = value.into();
    }
    writer.write_record(&add)?;
    writer.flush()?;
    Ok(())
}

/// What the review made of each figure, by quote: (review state, measure,
/// figure_id).
fn states(figures: &Table) -> Vec<(String, String, String, String)> {
    let mut states: Vec<_> = figures
        .rows
        .iter()
        .map(|r| {
            let pick = |c| field(r, c).to_string();
            (pick("quote"), pick("review"), pick("measure"), pick("figure_id"))
        })
        .collect();
    states.sort();
    states
}

/// VALLEY in `raw/` of a fresh directory and `curate`'s review of it in
/// `figures.csv` beside it.
fn curated_valley() -> Result<(tempfile::TempDir, PathBuf, PathBuf)> {
    let dir = temp_dir();
    let raw = dir.path().join("raw");
    write_corpus(&raw, VALLEY)?;
    let review = dir.path().join("figures.csv");
    curate(&review_template(&raw)?, &review)?;
    Ok((dir, raw, review))
}

fn slices_back(row: &Row, text: &str) -> bool {
    let start: usize = field(row, "char_start").parse().unwrap();
    let end: usize = field(row, "char_end").parse().unwrap();
    text.chars().skip(start).take(end - start).collect::<String>() == field(row, "quote")
}

#[test]
fn decisions_apply_and_survive_a_paragraph_inserted_at_the_top() -> Result<()> {
    let (dir, raw, review) = curated_valley()?;

    let out = dir.path().join("out");
    let result = publish(&raw, &review, &out).assert_success();
    assert!(!result.stderr.contains("warning"), "{}", result.stderr);
    let figures = read_csv(&out.join("figures.csv"))?;
    assert_eq!(field(row_with_quote(&figures, "412"), "review"), "accepted");
    let corrected = row_with_quote(&figures, "about 90");
    assert_eq!(field(corrected, "review"), "corrected");
    assert_eq!(field(corrected, "measure"), "killed");
    assert_eq!(field(corrected, "attributed_to"), "");
    assert_eq!(field(corrected, "value"), "90", "a field the correction leaves empty keeps its value");
    assert_eq!(field(corrected, "review_note"), "shot dead; the officials only said it");
    assert!(figures.rows.iter().all(|r| field(r, "quote") != "3"), "the rejected figure is still published");
    let added = row_with_quote(&figures, "a score");
    assert_eq!((field(added, "rule"), field(added, "review"), field(added, "value")), ("review", "added", "20"));
    assert_eq!(field(added, "line"), "6");
    assert!(field(added, "sentence").starts_with("Witnesses spoke"));
    for row in &figures.rows {
        assert!(slices_back(row, VALLEY), "{:?} does not slice back", field(row, "quote"));
    }
    let rejected = read_csv(&out.join("rejected_figures.csv"))?;
    assert_eq!(rejected.rows.len(), 1);
    assert_eq!(field(&rejected.rows[0], "quote"), "3");
    assert_eq!(field(&rejected.rows[0], "reason"), "rooms of a museum, not a figure of the purge");
    assert!(slices_back(&rejected.rows[0], VALLEY));
    let documents = read_csv(&out.join("documents.csv"))?;
    assert_eq!(field(&documents.rows[0], "figure_count"), "3");

    // The same review file on the text with a paragraph put before it: every
    // decision still applies, to rows whose offsets all moved.
    let moved_raw = dir.path().join("moved");
    let moved_text = format!("{PREFACE}{VALLEY}");
    write_corpus(&moved_raw, &moved_text)?;
    let moved_out = dir.path().join("moved-out");
    let result = publish(&moved_raw, &review, &moved_out).assert_success();
    assert!(!result.stderr.contains("warning"), "{}", result.stderr);
    let moved = read_csv(&moved_out.join("figures.csv"))?;
    let preface_figure = row_with_quote(&moved, "2");
    assert_eq!(field(preface_figure, "review"), "unreviewed");
    let reviewed_before = states(&figures);
    let reviewed_after: Vec<_> = states(&moved).into_iter().filter(|s| s.0 != "2").collect();
    assert_eq!(reviewed_after, reviewed_before);
    for row in &moved.rows {
        assert!(slices_back(row, &moved_text), "{:?} does not slice back after the insert", field(row, "quote"));
    }
    let shift = PREFACE.chars().count();
    let start = |t: &Table| field(row_with_quote(t, "a score"), "char_start").parse::<usize>().unwrap();
    assert_eq!(start(&moved), start(&figures) + shift);
    assert_eq!(read_csv(&moved_out.join("rejected_figures.csv"))?.rows.len(), 1);
    Ok(())
}

#[test]
fn a_decision_whose_quote_left_the_text_is_reported_by_line_and_kept() -> Result<()> {
    let (dir, raw, review) = curated_valley()?;
    let review_before = fs::read(&review)?;

    write_corpus(&raw, &VALLEY.replace("about 90 people were shot", "many people were shot"))?;
    let out = dir.path().join("out");
    let result = publish(&raw, &review, &out).assert_success();
    let stale: Vec<&str> = result.stderr.lines().filter(|l| l.contains("not applied")).collect();
    assert_eq!(stale.len(), 1, "{}", result.stderr);
    let line_of_correction = 3;
    assert!(stale[0].contains(&format!("figures.csv:{line_of_correction}:")), "{}", stale[0]);
    assert!(stale[0].contains("fig-") && stale[0].contains("about 90"), "{}", stale[0]);
    assert_eq!(fs::read(&review)?, review_before, "the review file was changed");
    let figures = read_csv(&out.join("figures.csv"))?;
    assert_eq!(field(row_with_quote(&figures, "412"), "review"), "accepted");
    Ok(())
}

/// Publishes VALLEY with a good review, then runs again with `bad` as the
/// review file and checks the run failed naming `line`, leaving the
/// publication as it was.
fn refused(bad: &str, line: usize, problem: &str) -> Result<()> {
    let (dir, raw, review) = curated_valley()?;
    let out = dir.path().join("out");
    publish(&raw, &review, &out).assert_success();
    let published = fs::read(out.join("figures.csv"))?;

    let bad_review: PathBuf = dir.path().join("bad.csv");
    fs::write(&bad_review, bad)?;
    let result = publish(&raw, &bad_review, &out);
    assert!(!result.status.success(), "a bad review file was accepted:\n{bad}");
    assert!(result.stderr.contains(&format!("bad.csv:{line}:")), "line {line} not named:\n{}", result.stderr);
    assert!(result.stderr.contains(problem), "{problem:?} not said:\n{}", result.stderr);
    assert_eq!(fs::read(out.join("figures.csv"))?, published, "the publication changed");

    let check = run(tally().arg("review").arg("--raw").arg(&raw).arg("--review").arg(&bad_review).arg("--check"));
    assert!(!check.status.success() && check.stderr.contains(&format!("bad.csv:{line}:")), "{}", check.stderr);
    Ok(())
}

const HEADER: &str = "figure_id,doc_id,action,quote,context,value,unit,measure,note\n";

#[test]
fn bad_review_rows_are_refused_by_line() -> Result<()> {
    let accept_412 = "fig-unknown,valley,accept,,,,,,\n";
    refused(&format!("{HEADER}{accept_412}"), 2, "unknown figure id fig-unknown")?;
    let anchored = ",valley,accept,412,convicted 412 farmers,,,,\n";
    refused(&format!("{HEADER}{anchored}{anchored}"), 3, "a second decision")?;
    refused(&format!("{HEADER},valley,approve,412,convicted 412 farmers,,,,\n"), 2, "unknown action \"approve\"")?;
    refused("figure_id,doc_id,action,colour\n,valley,accept,red\n", 1, "unknown column \"colour\"")?;
    refused(&format!("{HEADER},valley,correct,412,convicted 412 farmers,4l2,,,\n"), 2, "value \"4l2\"")?;
    refused(&format!("{HEADER},valley,correct,412,convicted 412 farmers,,souls,,\n"), 2, "unit \"souls\"")?;
    refused(&format!("{HEADER},valley,correct,412,convicted 412 farmers,,,slain,\n"), 2, "measure \"slain\"")?;
    refused(&format!("{HEADER},valley,add,a dozen,spoke of a dozen goats,12,,,\n"), 2, "is not in valley")?;
    Ok(())
}

#[test]
fn review_lists_unreviewed_figures_and_checks_without_publishing() -> Result<()> {
    let dir = temp_dir();
    let raw = dir.path().join("raw");
    write_corpus(&raw, VALLEY)?;
    let listed = run(tally().arg("review").arg("--raw").arg(&raw).arg("--review").arg("none.csv")).assert_success();
    assert!(listed.stdout.contains("convicted [[412]] farmers"), "{}", listed.stdout);
    assert!(listed.stdout.contains("3 unreviewed figures"), "{}", listed.stdout);

    let review = dir.path().join("figures.csv");
    curate(&review_template(&raw)?, &review)?;
    let before: Vec<String> = crate::common::file_names(dir.path())?;
    let check = run(tally().current_dir(dir.path()).arg("review").arg("--raw").arg(&raw).arg("--review").arg(&review).arg("--check"))
        .assert_success();
    assert!(check.stdout.contains("4 decisions (1 accept, 1 correct, 1 reject, 1 add)"), "{}", check.stdout);
    assert!(check.stdout.contains("of which unreviewed: 0"), "{}", check.stdout);
    assert_eq!(crate::common::file_names(dir.path())?, before, "--check wrote files");

    let listed = run(tally().arg("review").arg("--raw").arg(&raw).arg("--review").arg(&review)).assert_success();
    assert!(listed.stdout.contains("0 unreviewed figures"), "{}", listed.stdout);
    Ok(())
}
