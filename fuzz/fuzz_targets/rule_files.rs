//! Any bytes as a rule file: the loader never panics, and either compiles
//! the rules or reports problems each as `file:line: problem` (or `rules:`
//! for what concerns the set as a whole), the line within the file.

#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use tally_fuzz::rules::files::{compile, Source};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    // Line breaks as tally counts them: LF, CRLF, a lone CR.
    let lines = tally_fuzz::text::line_breaks(text.as_bytes()).count() + 1;
    let source = Source { path: PathBuf::from("fuzz.toml"), text };
    // No generated lists (rules/lexicons/): a file that names one is told so.
    if let Err(problems) = compile(&[source], &|path| Err(format!("{path}: no such list"))) {
        assert!(!problems.is_empty());
        for problem in problems {
            if problem.starts_with("rules: ") {
                continue;
            }
            let line = tally_fuzz::problem_line(&problem, "fuzz.toml");
            assert!((1..=lines).contains(&line), "line {line} of {lines}: {problem:?}");
        }
    }
});
