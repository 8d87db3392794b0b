//! The resolved, validated configuration of each stage, built from the
//! command line before any work starts.

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::{ReviewArgs, ReviewOptions, RulesOption};
use crate::review::command::{Mode, ReviewConfig};
use crate::rules::RuleSet;

pub struct ExtractConfig {
    pub raw: PathBuf,
    pub extracted: PathBuf,
    /// The review file whose decisions are anchored to the texts; `None` with
    /// `--no-review`, or when the default file does not exist.
    pub review: Option<PathBuf>,
    pub rules: RuleSet,
}

pub struct NormalizeConfig {
    pub extracted: PathBuf,
    pub rules: RuleSet,
}

pub struct PublishConfig {
    pub extracted: PathBuf,
    pub out: PathBuf,
}

pub fn rules(option: &RulesOption) -> Result<RuleSet> {
    RuleSet::load(option.rules.as_deref())
}

pub fn review(options: &ReviewOptions) -> Result<Option<PathBuf>> {
    if options.no_review {
        return Ok(None);
    }
    if options.review.exists() {
        return Ok(Some(options.review.clone()));
    }
    if options.review != std::path::Path::new(crate::review::DEFAULT_FILE) {
        anyhow::bail!("{}: no such review file", options.review.display());
    }
    Ok(None)
}

/// `tally review`: without a review file every figure is unreviewed, but
/// `--check` needs one.
pub fn review_command(args: ReviewArgs) -> Result<ReviewConfig> {
    let mode = match (args.template, args.check) {
        (true, _) => Mode::Template,
        (_, true) => Mode::Check,
        _ => Mode::List,
    };
    let exists = args.review.exists();
    if mode == Mode::Check && !exists {
        anyhow::bail!("{}: no such review file", args.review.display());
    }
    Ok(ReviewConfig { raw: args.raw, review: exists.then_some(args.review), rules: rules(&args.rules)?, mode })
}
