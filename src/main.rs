//! tally: texts in, a dataset of figures out.
//!
//! `main` only parses arguments, runs the command and reports an error once.

mod atomic;
mod cli;
mod commands;
mod config;
mod console;
mod contract;
mod diff;
mod edited_csv;
mod extract;
mod merge;
mod normalize;
mod number;
mod parallel;
mod properties;
mod provenance;
mod publish;
mod report;
mod review;
mod rules;
mod schema;
mod text;

use std::process::ExitCode;

use clap::Parser;

/// Exit statuses: clap itself exits with 2 on a usage error.
#[repr(u8)]
enum Exit {
    Success = 0,
    Failure = 1,
}

fn main() -> ExitCode {
    match commands::run(cli::Cli::parse()) {
        Ok(()) => ExitCode::from(Exit::Success as u8),
        Err(err) if is_broken_pipe(&err) => ExitCode::from(Exit::Success as u8),
        Err(err) => {
            for line in message(&err).lines() {
                eprintln!("tally: {line}");
            }
            ExitCode::from(Exit::Failure as u8)
        }
    }
}

/// The error and its causes, `: `-joined as `{err:#}` would, but without a
/// cause that only repeats the end of the message before it (a library
/// error that prints its source and also returns it as its cause).
fn message(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if !parts.last().is_some_and(|last| last.ends_with(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}
