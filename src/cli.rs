//! What the user typed: clap structs whose doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Turn texts on political violence into an open dataset of figures: every
/// number with its bounds, what it counts, and exactly where it stands in
/// which source.
#[derive(Debug, Parser)]
#[command(name = "tally", version, propagate_version = true)]
pub struct Cli {
    /// No progress bars (warnings, errors and the summary line stay).
    #[arg(long, global = true)]
    pub quiet: bool,
    /// When another tally run is writing the same directory, wait for it to
    /// finish instead of refusing.
    #[arg(long, global = true)]
    pub wait: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find candidate figures in a directory of .txt files, with provenance.
    Extract(ExtractArgs),
    /// Parse the candidates into typed tables: values, bounds, units, context.
    Normalize(NormalizeArgs),
    /// Write the tables as CSV and Parquet with a datapackage.json.
    Publish(PublishArgs),
    /// Extract, normalize and publish in one go.
    Run(RunArgs),
    /// Check every rule's examples and counter-examples.
    Rules(RulesArgs),
    /// Compare two published datasets row by row; fail if they differ.
    Diff(DiffArgs),
    /// Combine the extracted directories of every shard (`extract --shard
    /// K/N`) into one, as one unsharded extract would have written it.
    Merge(MergeArgs),
    /// List the figures no curator has decided on yet, print review rows for
    /// them (--template), or check the review file without publishing (--check).
    Review(ReviewArgs),
    /// Write DIR/report/index.html: one self-contained page to explore a
    /// published dataset (the claims as a chart, every figure, each text with
    /// its figures highlighted and their provenance).
    Report(ReportArgs),
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The published dataset to show; the page goes into DIR/report/.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Directory of the .txt source files the dataset was made from.
    #[arg(long, value_name = "DIR", default_value = "raw")]
    pub raw: PathBuf,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Directory of .txt source files, with an optional sources.csv manifest.
    #[arg(long, value_name = "DIR", default_value = "raw")]
    pub raw: PathBuf,
    #[command(flatten)]
    pub input: InputOptions,
    /// The review file with the curator's decisions (see review/README.md).
    #[arg(long, value_name = "FILE", default_value = "review/figures.csv")]
    pub review: PathBuf,
    /// Print a review row (CSV, with the review file's header) for every
    /// unreviewed figure, ready to fill in and append to the review file.
    #[arg(long, conflicts_with = "check")]
    pub template: bool,
    /// Check the review file against the texts and the rules and summarize
    /// its decisions; publishes nothing. Fails on any bad row.
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub rules: RulesOption,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The directory to write the merged files into.
    #[arg(long, value_name = "DIR")]
    pub into: PathBuf,
    /// The extracted directory of each shard, all N of them.
    #[arg(value_name = "SHARD_DIR", required = true)]
    pub shards: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The published dataset to compare from (e.g. output).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The published dataset to compare with.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
}

#[derive(Debug, Args)]
pub struct RulesOption {
    /// Directory of rule files (*.toml) to use instead of the built-in rules.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InputOptions {
    /// Read texts that are not clean UTF-8 anyway: each invalid byte
    /// sequence becomes U+FFFD (offsets then count the decoded text) and a
    /// binary file (one with a NUL byte) is skipped, each with a warning
    /// naming the file and byte. Without it, either stops the run.
    #[arg(long)]
    pub lossy: bool,
}

#[derive(Debug, Args)]
pub struct ReviewOptions {
    /// The review file with the curator's decisions (see review/README.md).
    #[arg(long, value_name = "FILE", default_value = "review/figures.csv", conflicts_with = "no_review")]
    pub review: PathBuf,
    /// The claims review file: claims merged, split or relabelled (see
    /// review/README.md) [default: claims.csv beside the review file]
    #[arg(long, value_name = "FILE", conflicts_with = "no_review")]
    pub claim_review: Option<PathBuf>,
    /// Publish the rules' output as it is, without the review files.
    #[arg(long)]
    pub no_review: bool,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Directory of .txt source files, with an optional sources.csv manifest.
    #[arg(long, value_name = "DIR", default_value = "raw")]
    pub raw: PathBuf,
    #[command(flatten)]
    pub input: InputOptions,
    /// Directory to write candidates.csv and documents.csv into.
    #[arg(long, value_name = "DIR", default_value = "extracted")]
    pub extracted: PathBuf,
    /// Extract only shard K of N (0 ≤ K < N): the documents whose doc_id
    /// hashes to K. Run every K (a cluster's array job), then `tally merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    #[command(flatten)]
    pub review: ReviewOptions,
    #[command(flatten)]
    pub rules: RulesOption,
}

#[derive(Debug, Args)]
pub struct NormalizeArgs {
    /// Directory that extract wrote (with the review file's anchored
    /// decisions).
    #[arg(long, value_name = "DIR", default_value = "extracted")]
    pub extracted: PathBuf,
    /// Directory to write a .parquet frame per table into, for publish.
    #[arg(long, value_name = "DIR", default_value = "normalized")]
    pub normalized: PathBuf,
    #[command(flatten)]
    pub rules: RulesOption,
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// Directory that normalize wrote.
    #[arg(long, value_name = "DIR", default_value = "normalized")]
    pub normalized: PathBuf,
    /// Directory to publish the dataset into.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Also write spreadsheet/NAME.csv: copies of the tables that Excel and
    /// LibreOffice open safely (UTF-8 byte-order mark; a text cell starting
    /// with =, +, -, @, tab or CR made inert with a leading ').
    #[arg(long)]
    pub spreadsheet: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub rules: RulesOption,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Directory of .txt source files, with an optional sources.csv manifest.
    #[arg(long, value_name = "DIR")]
    pub raw: PathBuf,
    #[command(flatten)]
    pub input: InputOptions,
    /// Directory to publish the dataset into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Also write spreadsheet/NAME.csv: copies of the tables that Excel and
    /// LibreOffice open safely (UTF-8 byte-order mark; a text cell starting
    /// with =, +, -, @, tab or CR made inert with a leading ').
    #[arg(long)]
    pub spreadsheet: bool,
    /// Keep extract's files here (default: a temporary directory).
    #[arg(long, value_name = "DIR")]
    pub extracted: Option<PathBuf>,
    /// Keep normalize's frames here (default: a temporary directory).
    #[arg(long, value_name = "DIR")]
    pub normalized: Option<PathBuf>,
    #[command(flatten)]
    pub review: ReviewOptions,
    #[command(flatten)]
    pub rules: RulesOption,
}
