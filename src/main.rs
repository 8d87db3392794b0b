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
mod extract;
mod merge;
mod normalize;
mod number;
mod parallel;
mod provenance;
mod publish;
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
            for line in format!("{err:#}").lines() {
                eprintln!("tally: {line}");
            }
            ExitCode::from(Exit::Failure as u8)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}
