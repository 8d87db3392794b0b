//! The resolved, validated configuration of each command, built from what
//! the user typed (`cli`) before any work starts: paths checked, the rules
//! loaded and compiled, the review file found.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::cli::{InputOptions, ReviewArgs, ReviewOptions, RulesOption};
use crate::extract::corpus::Decoding;
use crate::contract::Shard;
use crate::review::decision::DEFAULT_FILE;
use crate::rules::RuleSet;

pub struct ExtractConfig {
    pub raw: PathBuf,
    /// How texts that are not clean UTF-8 are read (`--lossy`).
    pub decoding: Decoding,
    pub extracted: PathBuf,
    /// The part of the corpus to extract (`--shard K/N`), or all of it.
    pub shard: Shard,
    /// The review file whose decisions are anchored to the texts; `None` with
    /// `--no-review`, or when the default file does not exist.
    pub review: Option<PathBuf>,
    pub rules: RuleSet,
}

pub struct NormalizeConfig {
    pub extracted: PathBuf,
    pub normalized: PathBuf,
    pub rules: RuleSet,
}

pub struct PublishConfig {
    pub normalized: PathBuf,
    pub out: PathBuf,
    /// Also write `spreadsheet/`: copies safe to open in a spreadsheet.
    pub spreadsheet: bool,
}

/// What `tally review` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewMode {
    /// The unreviewed figures with their sentences.
    List,
    /// Review rows for the unreviewed figures, as CSV.
    Template,
    /// Validate the review file and summarize what it decides.
    Check,
}

pub struct ReviewConfig {
    pub raw: PathBuf,
    pub decoding: Decoding,
    pub review: Option<PathBuf>,
    pub rules: RuleSet,
    pub mode: ReviewMode,
}

pub fn rules(option: &RulesOption) -> Result<RuleSet> {
    RuleSet::load(option.rules.as_deref())
}

pub fn decoding(options: &InputOptions) -> Decoding {
    if options.lossy {
        Decoding::Lossy
    } else {
        Decoding::Strict
    }
}

pub fn review(options: &ReviewOptions) -> Result<Option<PathBuf>> {
    if options.no_review {
        return Ok(None);
    }
    if options.review.exists() {
        return Ok(Some(options.review.clone()));
    }
    if options.review != Path::new(DEFAULT_FILE) {
        bail!("{}: no such review file", options.review.display());
    }
    Ok(None)
}

/// `tally review`: without a review file every figure is unreviewed, but
/// `--check` needs one.
pub fn review_command(args: ReviewArgs) -> Result<ReviewConfig> {
    let mode = match (args.template, args.check) {
        (true, _) => ReviewMode::Template,
        (_, true) => ReviewMode::Check,
        _ => ReviewMode::List,
    };
    let exists = args.review.exists();
    if mode == ReviewMode::Check && !exists {
        bail!("{}: no such review file", args.review.display());
    }
    Ok(ReviewConfig { raw: args.raw, decoding: decoding(&args.input), review: exists.then_some(args.review), rules: rules(&args.rules)?, mode })
}
