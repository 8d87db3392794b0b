//! The subcommands: each resolves its configuration and runs the stages it
//! needs. `main` calls [`run`]; the stages never call each other.

mod examples;
mod pipeline;
mod review;
mod rules;

use anyhow::Result;

use crate::cli::{Cli, Command};
use std::time::Instant;

use crate::config::{self, ExtractConfig, NormalizeConfig, PublishConfig};
use crate::console::summary;
use crate::contract::Shard;

pub fn run(cli: Cli) -> Result<()> {
    crate::console::set_quiet(cli.quiet);
    let started = Instant::now();
    match cli.command {
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
            let counts = crate::normalize::run(&NormalizeConfig { extracted: args.extracted, normalized: args.normalized, rules })?;
            summary("normalize", counts, started);
            Ok(())
        }
        Command::Publish(args) => {
            let counts = crate::publish::run(&PublishConfig { normalized: args.normalized, out: args.out })?;
            summary("publish", counts, started);
            Ok(())
        }
        Command::Run(args) => {
            let rules = config::rules(&args.rules)?;
            examples::check(&rules)?;
            let review = config::review(&args.review)?;
            let counts = pipeline::run(&args.raw, config::decoding(&args.input), args.extracted.as_deref(), args.normalized.as_deref(), &args.out, review, rules)?;
            summary("run", counts, started);
            Ok(())
        }
        Command::Diff(args) => crate::diff::run(&args.old, &args.new),
        Command::Merge(args) => crate::merge::run(&args.shards, &args.into),
        Command::Review(args) => review::run(config::review_command(args)?),
        Command::Rules(args) => rules::run(&config::rules(&args.rules)?),
    }
}
