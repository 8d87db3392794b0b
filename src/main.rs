//! tally: texts in, a dataset of figures out.
//!
//! `main` only parses arguments, runs the command and reports an error once.

mod atomic;
mod cli;
mod config;
mod diff;
mod entities;
mod extract;
mod normalize;
mod number;
mod progress;
mod provenance;
mod publish;
mod review;
mod rules;
mod schema;

use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use cli::{Cli, Command};
use config::{ExtractConfig, NormalizeConfig, PublishConfig};

/// Exit statuses: clap itself exits with 2 on a usage error.
#[repr(u8)]
enum Exit {
    Success = 0,
    Failure = 1,
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
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

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Extract(args) => extract::run(&ExtractConfig {
            raw: args.raw,
            extracted: args.extracted,
            review: config::review(&args.review)?,
            rules: config::rules(&args.rules)?,
        }),
        Command::Normalize(args) => {
            normalize::run(&NormalizeConfig { extracted: args.extracted, rules: config::rules(&args.rules)? })
        }
        Command::Publish(args) => publish::run(&PublishConfig { extracted: args.extracted, out: args.out }),
        Command::Run(args) => {
            let rules = config::rules(&args.rules)?;
            let review = config::review(&args.review)?;
            // Without --extracted the intermediate files live in a temporary
            // directory, so a run on texts elsewhere writes nothing here.
            let temp = match &args.extracted {
                Some(_) => None,
                None => Some(tempfile::tempdir()?),
            };
            let extracted = args.extracted.clone().unwrap_or_else(|| temp.as_ref().expect("set above").path().into());
            let extract = ExtractConfig { raw: args.raw, extracted: extracted.clone(), review, rules };
            extract::run(&extract)?;
            normalize::run(&NormalizeConfig { extracted: extracted.clone(), rules: extract.rules })?;
            publish::run(&PublishConfig { extracted, out: args.out })
        }
        Command::Diff(args) => diff::run(&args.old, &args.new),
        Command::Review(args) => review::command::run(config::review_command(args)?),
        Command::Rules(args) => {
            let rules = config::rules(&args.rules)?;
            let width = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
            for rule in &rules.rules {
                let kind = format!("{:?}", rule.kind).to_lowercase();
                println!("{:<width$}  {kind:<11}  {}", rule.id, rule.description);
            }
            println!("{} gazetteer entities", rules.lexicon.gazetteer.entities.len());
            let checked = rules.check_examples()?;
            println!("{} rules, {checked} examples and counter-examples checked, all hold", rules.rules.len());
            Ok(())
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

/// A warning goes to stderr at once and never stops the run.
pub fn warn(message: &str) {
    eprintln!("tally: warning: {message}");
}
