//! The files extract writes and normalize reads: the contract between them.
//!
//! `candidates.csv` mirrors the source faithfully: each row is a span a rule
//! matched, with its provenance and the raw text of each captured part.
//! Nothing is interpreted here; values are parsed in normalize.

use serde::{Deserialize, Serialize};

pub const CANDIDATES_FILE: &str = "candidates.csv";
pub const DOCUMENTS_FILE: &str = "documents.csv";
pub const MENTIONS_FILE: &str = "mentions.csv";
/// The review file's rows with where their anchors stand (`review::ReviewRow`).
pub const REVIEW_FILE: &str = "review.csv";

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
    pub sentence: String,
    /// Code point offset of the sentence's start in the raw file.
    pub sentence_char_start: i64,
    /// The text of the paragraph before the sentence, for context a sentence
    /// leaves implicit ("During those years, …").
    pub paragraph_before: String,
    pub qualifier_text: Option<String>,
    pub number_text: Option<String>,
    pub low_text: Option<String>,
    pub high_text: Option<String>,
    pub vague_text: Option<String>,
    pub unit_text: Option<String>,
    pub source_sha256: String,
}

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
