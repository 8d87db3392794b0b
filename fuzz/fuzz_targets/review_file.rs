//! Any bytes as a review file: the reader never panics, and either returns
//! decisions, each on a line of the file, or reports every bad row as
//! `file:line: problem` with a line of the file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tally_fuzz::review::read::parse;

fuzz_target!(|data: &[u8]| {
    // Line breaks as tally counts them: LF, CRLF, a lone CR.
    let lines = tally_fuzz::text::line_breaks(data).count() + 1;
    match parse("fuzz.csv", data.to_vec()) {
        Ok(decisions) => {
            for decision in decisions {
                let line = decision.row.line as usize;
                assert!((2..=lines).contains(&line), "line {line} of {lines}");
            }
        }
        Err(e) => {
            for problem in e.to_string().lines() {
                let line = tally_fuzz::problem_line(&problem, "fuzz.csv");
                assert!((1..=lines).contains(&line), "line {line} of {lines}: {problem:?}");
            }
        }
    }
});
