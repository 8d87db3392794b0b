//! Pins `tally rules`: the shipped rules pass their own examples and
//! counter-examples, the command says how many it checked, and a rule file
//! that does not load fails the check, naming its file and line.

use anyhow::Result;
use regex::Regex;

use crate::common::{names_broken_toml_line, rules_with_broken_regex, run, tally, temp_dir};

#[test]
fn shipped_rules_pass_their_examples() {
    let result = run(tally().arg("rules")).assert_success();

    assert!(
        result.stdout.contains("examples"),
        "stdout does not report examples: {}",
        result.stdout
    );
    let counts: Vec<u64> = Regex::new(r"\d+")
        .expect("a valid regex")
        .find_iter(&result.stdout)
        .filter_map(|number| number.as_str().parse().ok())
        .collect();
    assert!(
        counts.iter().any(|&count| count > 0),
        "stdout reports no number of checked examples: {}",
        result.stdout
    );
}

#[test]
fn a_broken_rule_fails_the_check() -> Result<()> {
    let dir = temp_dir();
    let rules = rules_with_broken_regex(dir.path())?;

    let result = run(tally().arg("rules").arg("--rules").arg(&rules));
    assert!(
        !result.status.success(),
        "tally rules passed a broken regex:\n{}",
        result.stdout
    );
    assert!(
        names_broken_toml_line(&result.stderr),
        "stderr does not name broken.toml:LINE: {}",
        result.stderr
    );
    Ok(())
}

/// `tally rules | head -1` closes the pipe after one line: tally stops
/// quietly with status 0 rather than panicking on the write.
#[test]
fn a_closed_pipe_ends_the_listing_quietly() {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' rules | head -1 >/dev/null", env!("CARGO_BIN_EXE_tally")))
        .output()
        .expect("run sh");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "tally panicked on a closed pipe: {stderr}");
    assert!(!stderr.contains("Broken pipe"), "tally reported the closed pipe as an error: {stderr}");
}
