//! Any bytes as a rule file: the loader never panics, and either compiles
//! the rules or reports problems each as `file:line: problem` (or `rules:`
//! for what concerns the set as a whole), the line within the file.

#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use tally_fuzz::rules::files::{compile, Source};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let lines = text.lines().count().max(1) + 1;
    let source = Source { path: PathBuf::from("fuzz.toml"), text };
    if let Err(problems) = compile(&[source]) {
        assert!(!problems.is_empty());
        for problem in problems {
            if problem.starts_with("rules: ") {
                continue;
            }
            let line = problem
                .strip_prefix("fuzz.toml:")
                .and_then(|rest| rest.split_once(": "))
                .and_then(|(line, _)| line.parse::<usize>().ok())
                .unwrap_or_else(|| panic!("not file:line: problem: {problem:?}"));
            assert!((1..=lines).contains(&line), "line {line} of {lines}: {problem:?}");
        }
    }
});
