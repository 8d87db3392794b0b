//! The files between the stages: their names, their record types and how they
//! are read. Extract writes the files of the extracted directory and
//! normalize reads them; normalize writes one Parquet frame per published
//! table into the normalized directory and publish reads those. No stage
//! imports another stage: this module is the boundary between them.
//!
//! Extract mirrors the source faithfully: each row is what a rule matched or
//! where a text stands, with its provenance. Nothing here is interpreted;
//! values, units and context are made in normalize.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};
use serde::{Deserialize, Serialize};

/// The files of an extracted directory, each written by extract and read by
/// normalize.
pub const CANDIDATES_FILE: &str = "candidates.csv";
pub const DOCUMENTS_FILE: &str = "documents.csv";
pub const MENTIONS_FILE: &str = "mentions.csv";
pub const SENTENCES_FILE: &str = "sentences.csv";
pub const SPANS_FILE: &str = "spans.csv";
/// The review file's rows with where their anchors stand.
pub const REVIEW_FILE: &str = "review.csv";
/// The claims review file's rows (review/claims.csv), checked.
pub const CLAIM_REVIEW_FILE: &str = "claim_review.csv";

pub fn extracted_file(extracted: &Path, name: &str) -> PathBuf {
    extracted.join(name)
}

/// Where normalize writes a table's frame, for publish.
pub fn frame_path(normalized: &Path, table: &str) -> PathBuf {
    normalized.join(format!("{table}.parquet"))
}

/// The file of an extracted or normalized directory that says which shards
/// of the corpus it holds: "K/N" for shard K of N (K from 0), "*/N" for all
/// N of them merged. A directory without one holds the whole corpus as one
/// shard.
pub const SHARD_FILE: &str = "SHARD";

/// Which part of a corpus a directory holds: the documents whose
/// [`shard_of`] is `index`, of `count` shards, or all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// `None`: every shard.
    pub index: Option<usize>,
    pub count: usize,
}

impl Shard {
    pub const WHOLE: Shard = Shard { index: None, count: 1 };

    /// "2/3" → the third of three shards; "*/3" → all three.
    pub fn parse(text: &str) -> Result<Shard> {
        let (index, count) = text.trim().split_once('/').ok_or_else(|| anyhow!("{text:?} is not K/N (such as 0/3)"))?;
        let count: usize = count.trim().parse().map_err(|_| anyhow!("{text:?}: N is not a number"))?;
        if count == 0 {
            anyhow::bail!("{text:?}: N must be at least 1");
        }
        if index.trim() == "*" {
            return Ok(Shard { index: None, count });
        }
        let index: usize = index.trim().parse().map_err(|_| anyhow!("{text:?}: K is not a number"))?;
        if index >= count {
            anyhow::bail!("shard {index}/{count}: K must be below N (0/{count} to {}/{count})", count - 1);
        }
        Ok(Shard { index: Some(index), count })
    }

    pub fn holds(&self, doc_id: &str) -> bool {
        self.index.is_none_or(|index| shard_of(doc_id, self.count) == index)
    }

    /// The text of the shard file of a directory that holds this.
    pub fn file_text(&self) -> String {
        format!("{self}\n")
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.index {
            Some(index) => write!(f, "{index}/{}", self.count),
            None => write!(f, "*/{}", self.count),
        }
    }
}

/// The shard of a document among `count`: from a hash of its id, so the same
/// document falls in the same shard on every machine, whatever else the
/// corpus holds.
pub fn shard_of(doc_id: &str, count: usize) -> usize {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(doc_id.as_bytes());
    let head = u64::from_be_bytes(digest[..8].try_into().expect("a SHA-256 digest has 8 bytes"));
    (head % count.max(1) as u64) as usize
}

/// The shard a directory holds (the whole corpus when it does not say).
pub fn read_shards(dir: &Path) -> Result<Shard> {
    let path = dir.join(SHARD_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => Shard::parse(&text).with_context(|| format!("{}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Shard::WHOLE),
        Err(e) => Err(e).with_context(|| format!("{}: cannot read", path.display())),
    }
}

/// `figures.rule` of a row a curator added in the review file.
pub const REVIEW_RULE: &str = "review";

/// A span a figure rule matched, with its provenance and the raw text of each
/// part the rule captured.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Candidate {
    pub figure_id: String,
    pub doc_id: String,
    pub rule: String,
    pub quote: String,
    pub char_start: i64,
    pub char_end: i64,
    pub byte_start: i64,
    pub byte_end: i64,
    pub line: i64,
    /// Byte span of the sentence that holds the quote (one or more rows of
    /// `sentences.csv`).
    pub sentence_byte_start: i64,
    pub sentence_byte_end: i64,
    /// Where the figure's context reaches back to: the start of its
    /// paragraph, at most `PARAGRAPH_CONTEXT_BYTES` before the sentence.
    pub context_byte_start: i64,
    pub qualifier_text: Option<String>,
    pub number_text: Option<String>,
    pub low_text: Option<String>,
    pub high_text: Option<String>,
    pub vague_text: Option<String>,
    /// A part of a group ("a third", "три четверти", "3/4"): a share.
    pub fraction_text: Option<String>,
    pub unit_text: Option<String>,
    pub source_sha256: String,
}

/// A sentence that holds a figure, or that stands before one in its
/// paragraph, written once however many figures use it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SentenceRecord {
    pub doc_id: String,
    pub byte_start: i64,
    pub byte_end: i64,
    pub char_start: i64,
    /// The text between the end of the sentence before and this one's start
    /// (white space), so that consecutive rows give back the text exactly.
    pub lead: String,
    pub text: String,
}

/// What a context rule found in a sentence of `sentences.csv`: an
/// attribution (who gives the figures), a period (years) or a clause break;
/// or where a heading or a paragraph stands. Periods, headings and
/// paragraphs are written for the whole text, since a heading or an earlier paragraph may date the figures of its
/// section; attributions and clause breaks for the sentences of figures.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SpanRecord {
    pub doc_id: String,
    /// attribution, period, clause, heading or paragraph
    pub kind: String,
    pub byte_start: i64,
    pub byte_end: i64,
    /// The name itself, for an attribution.
    pub inner_start: Option<i64>,
    pub inner_end: Option<i64>,
    /// For a period, the text of its first year ("mid-1920s") and of its
    /// last when it names one ("1956", "38").
    pub first: Option<String>,
    pub last: Option<String>,
    /// Whether a period runs on to the time of writing ("since 1991").
    pub open: Option<bool>,
}

pub const SPAN_ATTRIBUTION: &str = "attribution";
pub const SPAN_PERIOD: &str = "period";
/// The `first` of a period that names the time of writing rather than a
/// year ("on Sunday", "January 5", "yesterday", "на данный момент"): the
/// year the document was published.
pub const PERIOD_OF_WRITING: &str = "now";
/// The `first` of a period that is a date without its year ("January 7",
/// "5 января"): in the year last named before it in its paragraph ("On
/// January 6, 2022 … On January 7"), else in the year of publication.
pub const PERIOD_DATE: &str = "date";
pub const SPAN_CLAUSE: &str = "clause";
/// A line that heads what follows it: a title, a section heading, a
/// dateline or an introduction ("Testimony from Almaty:").
pub const SPAN_HEADING: &str = "heading";
/// A paragraph of the text: what follows a blank line.
pub const SPAN_PARAGRAPH: &str = "paragraph";

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct DocumentRecord {
    pub doc_id: String,
    pub file: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub language: Option<String>,
    pub sha256: String,
    pub bytes: i64,
    pub chars: i64,
}

/// A name in the text: where it stands, the entity it names (canonical name
/// and type) and the rule that found it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MentionCandidate {
    pub mention_id: String,
    pub doc_id: String,
    pub entity_name: String,
    pub entity_type: String,
    pub rule: String,
    pub quote: String,
    pub char_start: i64,
    pub char_end: i64,
    pub byte_start: i64,
    pub byte_end: i64,
    pub line: i64,
    pub source_sha256: String,
}

/// One row of the review file as a curator wrote it, plus where extract found
/// its anchor. The anchor columns are filled by extract, never by a curator.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ReviewRow {
    pub figure_id: String,
    pub doc_id: String,
    pub action: String,
    pub quote: String,
    pub context: String,
    pub value: String,
    pub value_low: String,
    pub value_high: String,
    pub qualifier: String,
    pub unit: String,
    pub measure: String,
    pub subject: String,
    pub place: String,
    pub period_start: String,
    pub period_end: String,
    pub attributed_to: String,
    pub note: String,
    pub source_sha256: String,
    /// The review file and its 1-based line, for every message about the row.
    pub review_file: String,
    pub line: u64,
    pub anchor: Anchor,
    /// Code point span of the quote in the text, when the anchor was found.
    pub anchor_char_start: Option<i64>,
    pub anchor_char_end: Option<i64>,
    /// The id an `add` row's figure gets from where its quote stands.
    pub added_figure_id: String,
}

/// One row of the claims review file (review/claims.csv) as a curator
/// wrote it: a claim merged with another, a figure split out of its claim,
/// or a claim relabelled. Each names its claim by id and by one of its
/// figures, so the decision follows the claim when its id changes.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ClaimReviewRow {
    pub action: String,
    pub claim_id: String,
    pub figure_id: String,
    pub other_claim_id: String,
    pub other_figure_id: String,
    pub label: String,
    pub note: String,
    /// The review file and its 1-based line, for every message about the row.
    pub review_file: String,
    pub line: u64,
}

/// Where a decision's quote and context stand in the current text.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// Not looked for: the row has no quote and context.
    #[default]
    None,
    Found,
    /// The document is not in the corpus.
    NoDocument,
    /// The context is not in the document.
    NoContext,
    /// The context occurs more than once in the document.
    RepeatedContext,
    /// The quote occurs more than once in its context.
    RepeatedQuote,
}

impl Anchor {
    pub fn problem(self, row: &ReviewRow) -> String {
        match self {
            Anchor::None | Anchor::Found => String::new(),
            Anchor::NoDocument => format!("document {} is not in the corpus", row.doc_id),
            Anchor::NoContext => format!("context {:?} is not in {}", row.context, row.doc_id),
            Anchor::RepeatedContext => format!("context {:?} occurs more than once in {}; lengthen it", row.context, row.doc_id),
            Anchor::RepeatedQuote => format!("quote {:?} occurs more than once in its context", row.quote),
        }
    }
}

/// A record of one document, in a file whose rows come document by
/// document, in the order of `documents.csv`.
pub trait OfDocument {
    fn doc_id(&self) -> &str;
}

macro_rules! of_document {
    ($($record:ty),*) => {
        $(impl OfDocument for $record {
            fn doc_id(&self) -> &str {
                &self.doc_id
            }
        })*
    };
}

of_document!(Candidate, SentenceRecord, SpanRecord, MentionCandidate);

/// The rows of a stage file one document at a time, so a stage holds one
/// document's rows, never the corpus's.
pub struct DocumentGroups<T> {
    path: PathBuf,
    rows: Box<dyn Iterator<Item = Result<T>> + Send>,
    next: Option<T>,
}

impl<T: serde::de::DeserializeOwned + OfDocument + Send + 'static> DocumentGroups<T> {
    pub fn open(path: &Path) -> Result<DocumentGroups<T>> {
        let mut rows: Box<dyn Iterator<Item = Result<T>> + Send> = Box::new(records(path)?);
        let next = rows.next().transpose()?;
        Ok(DocumentGroups { path: path.to_path_buf(), rows, next })
    }

    /// The rows of `doc_id`, which must come next (none when the document has
    /// none).
    pub fn take(&mut self, doc_id: &str) -> Result<Vec<T>> {
        let mut group = Vec::new();
        while self.next.as_ref().is_some_and(|row| row.doc_id() == doc_id) {
            group.extend(self.next.take());
            self.next = self.rows.next().transpose()?;
        }
        Ok(group)
    }

    /// Fails if rows are left: rows of a document not in `documents.csv`, or
    /// out of its order.
    pub fn finish(self) -> Result<()> {
        match self.next {
            None => Ok(()),
            Some(row) => Err(anyhow!(
                "{}: rows of document {} out of the order of documents.csv (the extracted files do not belong together)",
                self.path.display(),
                row.doc_id()
            )),
        }
    }
}

/// Reads a Parquet frame that normalize wrote.
pub fn read_frame(path: &Path) -> Result<polars::prelude::DataFrame> {
    use polars::prelude::{ParquetReader, SerReader};
    let file = std::fs::File::open(path).with_context(|| format!("{}: cannot read (run `tally normalize` first)", path.display()))?;
    ParquetReader::new(file).finish().with_context(|| format!("{}: not a readable Parquet file", path.display()))
}

/// Reads a CSV that a stage wrote, naming the file and line of a bad row.
pub fn read_records<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    records(path)?.collect()
}

/// The rows of a CSV that a stage wrote, one at a time, each error naming
/// the file and line.
pub fn records<T: serde::de::DeserializeOwned>(path: &Path) -> Result<impl Iterator<Item = Result<T>>> {
    let reader = csv::Reader::from_path(path).with_context(|| format!("{}: cannot read (run the stage before first)", path.display()))?;
    let shown = path.display().to_string();
    Ok(reader.into_deserialize().map(move |row| {
        row.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            anyhow!("{shown}:{line}: {}", csv_problem(&e))
        })
    }))
}

/// The csv crate's message without its own position prefix.
pub fn csv_problem(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => match err.field() {
            Some(field) => format!("field {}: {}", field + 1, err.kind()),
            None => err.kind().to_string(),
        },
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("{len} fields where the header has {expected_len}")
        }
        _ => e.to_string(),
    }
}
