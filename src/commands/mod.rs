//! The subcommands: each resolves its configuration and runs the stages it
//! needs. `main` calls [`run`]; the stages never call each other.

mod examples;
mod pipeline;
mod review;
mod rules;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::config::{self, ExtractConfig, NormalizeConfig, PublishConfig};

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Extract(args) => {
            let rules = config::rules(&args.rules)?;
            examples::check(&rules)?;
            crate::extract::run(&ExtractConfig { raw: args.raw, extracted: args.extracted, review: config::review(&args.review)?, rules })
        }
        Command::Normalize(args) => {
            let rules = config::rules(&args.rules)?;
            examples::check(&rules)?;
            crate::normalize::run(&NormalizeConfig { extracted: args.extracted, normalized: args.normalized, rules })
        }
        Command::Publish(args) => crate::publish::run(&PublishConfig { normalized: args.normalized, out: args.out }),
        Command::Run(args) => {
            let rules = config::rules(&args.rules)?;
            examples::check(&rules)?;
            let review = config::review(&args.review)?;
            pipeline::run(&args.raw, args.extracted.as_deref(), args.normalized.as_deref(), &args.out, review, rules)
        }
        Command::Diff(args) => crate::diff::run(&args.old, &args.new),
        Command::Review(args) => review::run(config::review_command(args)?),
        Command::Rules(args) => rules::run(&config::rules(&args.rules)?),
    }
}
