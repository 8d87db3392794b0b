//! The resolved, validated configuration of each command, built from what
//! the user typed (`cli`) before any work starts: paths checked, the rules
//! loaded and compiled, the review file found.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::cli::{InputOptions, ReviewArgs, ReviewOptions, RulesOption};
use crate::extract::corpus::Decoding;
use crate::contract::Shard;
use crate::review::claims::FILE_NAME as CLAIMS_FILE_NAME;
use crate::review::decision::DEFAULT_FILE;
use crate::rules::lexicon::Lexicon;
use crate::rules::questions::Questions;
use crate::rules::RuleSet;

pub struct ExtractConfig {
    pub raw: PathBuf,
    /// How texts that are not clean UTF-8 are read (`--lossy`).
    pub decoding: Decoding,
    pub extracted: PathBuf,
    /// The part of the corpus to extract (`--shard K/N`), or all of it.
    pub shard: Shard,
    pub review: ReviewFiles,
    pub rules: RuleSet,
}

/// The review files a run applies.
#[derive(Debug, Clone, Default)]
pub struct ReviewFiles {
    /// The figures review file, whose decisions are anchored to the texts;
    /// `None` with `--no-review`, or when the default file does not exist.
    pub figures: Option<PathBuf>,
    /// The claims review file, likewise.
    pub claims: Option<PathBuf>,
}

pub struct NormalizeConfig {
    pub extracted: PathBuf,
    pub normalized: PathBuf,
    /// The rules' words, gazetteer and claim measures: normalize reads no
    /// text with the compiled scanners, so it does not hold them (tens of MB
    /// the figures of a large corpus need).
    pub lexicon: Lexicon,
    pub questions: Questions,
}

impl NormalizeConfig {
    pub fn new(extracted: PathBuf, normalized: PathBuf, rules: RuleSet) -> NormalizeConfig {
        let RuleSet { lexicon, questions, .. } = rules;
        NormalizeConfig { extracted, normalized, lexicon, questions }
    }
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
    /// The claims review file, when it exists.
    pub claim_review: Option<PathBuf>,
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

pub fn review(options: &ReviewOptions) -> Result<ReviewFiles> {
    if options.no_review {
        return Ok(ReviewFiles::default());
    }
    let figures = review_file(&options.review, DEFAULT_FILE)?;
    let claims = match &options.claim_review {
        Some(path) => review_file(path, "")?,
        None => Some(claims_beside(&options.review)).filter(|p| p.exists()),
    };
    Ok(ReviewFiles { figures, claims })
}

/// The claims review file that goes with a figures review file: `claims.csv`
/// beside it (review/claims.csv for review/figures.csv).
pub fn claims_beside(figures_review: &Path) -> PathBuf {
    figures_review.with_file_name(CLAIMS_FILE_NAME)
}

/// A review file that exists; the default one may be missing, a file the
/// user named may not.
fn review_file(path: &Path, default: &str) -> Result<Option<PathBuf>> {
    if path.exists() {
        return Ok(Some(path.to_path_buf()));
    }
    if path != Path::new(default) {
        bail!("{}: no such review file", path.display());
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
    let claim_review = Some(claims_beside(&args.review)).filter(|p| p.exists());
    Ok(ReviewConfig {
        raw: args.raw,
        decoding: decoding(&args.input),
        review: exists.then_some(args.review),
        claim_review,
        rules: rules(&args.rules)?,
        mode,
    })
}
