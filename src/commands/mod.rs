//! The subcommands: each resolves its configuration and runs the stages it
//! needs. `main` calls [`run`]; the stages never call each other.

mod examples;
mod pipeline;
mod review;
mod rules;

use std::path::Path;

use anyhow::Result;

use crate::cli::{Cli, Command};
use std::time::Instant;

use crate::config::{self, ExtractConfig, NormalizeConfig, PublishConfig};
use crate::console::summary;
use crate::contract::Shard;

pub fn run(cli: Cli) -> Result<()> {
    crate::console::set_quiet(cli.quiet);
    crate::atomic::set_wait(cli.wait);
    let result = dispatch(cli.command);
    crate::atomic::unlock_all();
    result
}

/// Locks the directories a command writes, before any work: a second run on
/// one of them refuses (or waits) at once, not after its work is done.
fn lock_written(command: &Command) -> Result<()> {
    let written: Vec<&Path> = match command {
        Command::Extract(args) => vec![&args.extracted],
        Command::Normalize(args) => vec![&args.normalized],
        Command::Publish(args) => vec![&args.out],
        Command::Run(args) => [Some(args.out.as_path()), args.extracted.as_deref(), args.normalized.as_deref()].into_iter().flatten().collect(),
        Command::Merge(args) => vec![&args.into],
        // the page goes into out/report/, beside the tables a publish replaces
        Command::Report(args) => vec![&args.out],
        Command::Diff(_) | Command::Review(_) | Command::Rules(_) => vec![],
    };
    written.into_iter().try_for_each(crate::atomic::lock)
}

fn dispatch(command: Command) -> Result<()> {
    let started = Instant::now();
    lock_written(&command)?;
    match command {
        Command::Extract(args) => {
            let rules = config::rules(&args.rules)?;
            examples::check(&rules)?;
            let shard = match &args.shard {
                Some(text) => Shard::parse(text).map_err(|e| anyhow::anyhow!("--shard: {e}"))?,
                None => Shard::WHOLE,
            };
            let review = config::review(&args.review)?;
            let counts = crate::extract::run(&ExtractConfig { raw: args.raw, decoding: config::decoding(&args.input), extracted: args.extracted, shard, review, rules })?;
            summary("extract", counts, started);
            Ok(())
        }
        Command::Normalize(args) => {
            let rules = config::rules(&args.rules)?;
            examples::check(&rules)?;
            let counts = crate::normalize::run(&NormalizeConfig::new(args.extracted, args.normalized, rules))?;
            summary("normalize", counts, started);
            Ok(())
        }
        Command::Publish(args) => {
            let counts = crate::publish::run(&PublishConfig { normalized: args.normalized, out: args.out, spreadsheet: args.spreadsheet })?;
            summary("publish", counts, started);
            Ok(())
        }
        Command::Run(args) => {
            let rules = config::rules(&args.rules)?;
            examples::check(&rules)?;
            let review = config::review(&args.review)?;
            let counts = pipeline::run(&args.raw, config::decoding(&args.input), args.extracted.as_deref(), args.normalized.as_deref(), (&args.out, args.spreadsheet), review, rules)?;
            summary("run", counts, started);
            Ok(())
        }
        Command::Diff(args) => crate::diff::run(&args.old, &args.new),
        Command::Merge(args) => crate::merge::run(&args.shards, &args.into),
        Command::Review(args) => review::run(config::review_command(args)?),
        Command::Report(args) => {
            let bytes = crate::report::run(&args.out, &args.raw)?;
            let page = args.out.join(crate::report::DIR).join(crate::report::FILE);
            crate::console::done("report", &format!("{} ({})", page.display(), indicatif::HumanBytes(bytes)), started);
            Ok(())
        }
        Command::Rules(args) => rules::run(&config::rules(&args.rules)?),
    }
}
