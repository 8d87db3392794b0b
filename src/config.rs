//! The resolved, validated configuration of each stage, built from the
//! command line before any work starts.

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::{ReviewOptions, RulesOption};
use crate::rules::RuleSet;

pub struct ExtractConfig {
    pub raw: PathBuf,
    pub extracted: PathBuf,
    pub rules: RuleSet,
}

pub struct NormalizeConfig {
    pub extracted: PathBuf,
    /// The review file to apply; `None` with `--no-review`, or when the
    /// default file does not exist.
    pub review: Option<PathBuf>,
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
    if options.review != std::path::Path::new("review/figures.csv") {
        anyhow::bail!("{}: no such review file", options.review.display());
    }
    Ok(None)
}
