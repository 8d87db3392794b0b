//! Pins how tally fails on bad input: a non-zero exit, exactly one line on
//! stderr (`tally: ` and the offending path), and an existing output
//! directory left as it was.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::common::{
    file_names, names_broken_toml_line, repo_raw, rules_with_broken_regex, run, tally, temp_dir,
    Run,
};

const SENTINEL: &str = "keep me";

/// Creates `dir/out` holding a `figures.csv` the failed run must not touch.
fn existing_output(dir: &Path) -> Result<PathBuf> {
    let out = dir.join("out");
    fs::create_dir(&out)?;
    fs::write(out.join("figures.csv"), SENTINEL)?;
    Ok(out)
}

/// Runs `tally run` into `out` with `args` added and checks it failed
/// cleanly; returns the run so the caller can check what stderr names.
fn run_failing(out: &Path, args: &[&dyn AsRef<OsStr>]) -> Result<Run> {
    let mut cmd = tally();
    cmd.arg("run").arg("--out").arg(out).arg("--no-review");
    for arg in args {
        cmd.arg(arg.as_ref());
    }
    let result = run(&mut cmd);

    assert!(
        !result.status.success(),
        "tally succeeded on bad input:\n{}",
        result.stderr
    );
    let lines: Vec<&str> = result.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "stderr is not one line:\n{}", result.stderr);
    assert!(
        lines[0].starts_with("tally: "),
        "stderr does not start with `tally: `: {}",
        lines[0]
    );

    assert_eq!(
        file_names(out)?,
        ["figures.csv"],
        "the output directory changed"
    );
    assert_eq!(
        fs::read_to_string(out.join("figures.csv"))?,
        SENTINEL,
        "figures.csv changed"
    );
    Ok(result)
}

#[test]
fn a_missing_raw_directory_is_named() -> Result<()> {
    let dir = temp_dir();
    let out = existing_output(dir.path())?;
    let missing = dir.path().join("no-such-raw");

    let result = run_failing(&out, &[&"--raw", &missing])?;
    assert!(
        result.stderr.contains(&*missing.to_string_lossy()),
        "stderr does not name {}: {}",
        missing.display(),
        result.stderr
    );
    Ok(())
}

#[test]
fn invalid_utf8_names_the_file_and_line() -> Result<()> {
    let dir = temp_dir();
    let out = existing_output(dir.path())?;
    let raw = dir.path().join("raw");
    fs::create_dir(&raw)?;
    fs::write(raw.join("bad.txt"), b"ok text\n\xff\xfe bad\n")?;
    // A manifest row, so that the only thing on stderr is the error.
    fs::write(
        raw.join("sources.csv"),
        "doc_id,file,title,publisher,author,published,language,license_note\n\
         bad,bad.txt,Bad bytes,,,,en,\n",
    )?;

    let result = run_failing(&out, &[&"--raw", &raw])?;
    assert!(
        result.stderr.contains("bad.txt:2") || result.stderr.contains("line 2"),
        "stderr does not name bad.txt and line 2: {}",
        result.stderr
    );
    assert!(
        result.stderr.contains("bad.txt"),
        "stderr does not name bad.txt: {}",
        result.stderr
    );
    Ok(())
}

#[test]
fn a_broken_rule_names_its_file_and_line() -> Result<()> {
    let dir = temp_dir();
    let out = existing_output(dir.path())?;
    let rules = rules_with_broken_regex(dir.path())?;

    let result = run_failing(&out, &[&"--raw", &repo_raw(), &"--rules", &rules])?;
    assert!(
        names_broken_toml_line(&result.stderr),
        "stderr does not name broken.toml:LINE: {}",
        result.stderr
    );
    Ok(())
}
