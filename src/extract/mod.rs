//! Extract: read the raw texts, run the rules, and write with its provenance
//! every candidate figure, every mention of a named entity, the sentences
//! the figures stand in and what the context rules find there (the files of
//! `contract`).
//!
//! Documents are processed in parallel and written in file-name order as
//! they complete: memory holds a few documents per thread, never the corpus.
//!
//! The review file's anchors are found here too, because this is the stage
//! that reads the texts: each decision's quote and context are located, and a
//! curator's `add` becomes a candidate with rule `review`. The claims review
//! file's rows are checked and passed on as they are. Normalize applies the
//! decisions.

mod anchors;
pub mod corpus;
pub mod figures;
mod locator;
pub mod mentions;
pub mod sentences;
mod spans;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;

use anyhow::Result;

use crate::atomic::StagedFiles;
use crate::config::ExtractConfig;
use crate::console::{Counts, Progress};
use crate::contract::{
    Anchor, Candidate, DocumentRecord, CLAIM_REVIEW_FILE, MentionCandidate, ReviewRow, SentenceRecord, SpanRecord, CANDIDATES_FILE,
    DOCUMENTS_FILE, MENTIONS_FILE, REVIEW_FILE, SENTENCES_FILE, SHARD_FILE, SPANS_FILE,
};
use crate::review::decision::Decision;
use crate::rules::RuleSet;
use corpus::SourceRow;
use locator::Locator;

pub fn run(config: &ExtractConfig) -> Result<Counts> {
    let files = corpus::text_files(&config.raw)?;
    let manifest = corpus::read_manifest(&config.raw, &files)?;
    // A shard extracts its documents, and anchors the decisions about them
    // (and about missing documents that would fall in it).
    let files: Vec<_> = files.into_iter().filter(|path| config.shard.holds(&corpus::doc_id(path))).collect();
    let decisions = match &config.review.figures {
        Some(path) => crate::review::read::read(path)?,
        None => Vec::new(),
    };
    let claim_decisions = match &config.review.claims {
        Some(path) => crate::review::read::read_claims(path)?,
        None => Vec::new(),
    };
    let mut decisions_by_document: BTreeMap<&str, Vec<&Decision>> = BTreeMap::new();
    for decision in decisions.iter().filter(|d| config.shard.holds(&d.row.doc_id)) {
        decisions_by_document.entry(decision.row.doc_id.as_str()).or_default().push(decision);
    }
    let bytes: u64 = files.iter().map(|f| std::fs::metadata(f).map_or(0, |m| m.len())).sum();
    let mut progress = Progress::new("extract", files.len() as u64, bytes);
    let mut counts = Counts { documents: files.len() as u64, bytes, ..Counts::default() };

    let mut staged = StagedFiles::new(&config.extracted)?;
    let mut writers = Writers {
        candidates: csv::Writer::from_writer(staged.writer(CANDIDATES_FILE)?),
        mentions: csv::Writer::from_writer(staged.writer(MENTIONS_FILE)?),
        documents: csv::Writer::from_writer(staged.writer(DOCUMENTS_FILE)?),
        sentences: csv::Writer::from_writer(staged.writer(SENTENCES_FILE)?),
        spans: csv::Writer::from_writer(staged.writer(SPANS_FILE)?),
    };
    let mut anchored: Vec<ReviewRow> = Vec::with_capacity(decisions.len());
    let mut add_problems = Vec::new();
    // Every text that cannot be read is reported, not only the first.
    let mut read_problems = Vec::new();
    let mut extracted_ids: Vec<String> = Vec::with_capacity(files.len());
    let documents = files.iter().map(|path| {
        let decisions = decisions_by_document.get(corpus::doc_id(path).as_str()).map_or(&[][..], Vec::as_slice);
        (path, decisions)
    });
    crate::parallel::map_in_order(
        documents,
        |(path, decisions)| extract_document(path, config.decoding, &manifest, &config.rules, decisions),
        |result| {
            let extracted = match result {
                Ok(Some(extracted)) => extracted,
                Ok(None) => return Ok(()),
                Err(e) => {
                    read_problems.push(format!("{e:#}"));
                    return Ok(());
                }
            };
            extracted_ids.push(extracted.document.doc_id.clone());
            add_problems.extend(extracted.found.anchored.iter().filter_map(anchors::unanchored_add));
            anchored.extend(extracted.found.anchored.iter().cloned());
            writers.write(&extracted)?;
            counts.figures += extracted.found.candidates.len() as u64;
            counts.mentions += extracted.found.mentions.len() as u64;
            progress.document(extracted.document.bytes as u64);
            Ok(())
        },
    )?;
    for doc_id in &extracted_ids {
        decisions_by_document.remove(doc_id.as_str());
    }
    progress.finish();
    if !read_problems.is_empty() {
        anyhow::bail!("{}", read_problems.join("\n"));
    }
    for decision in decisions_by_document.into_values().flatten() {
        let row = ReviewRow { anchor: Anchor::NoDocument, ..decision.row.clone() };
        add_problems.extend(anchors::unanchored_add(&row));
        anchored.push(row);
    }
    if !add_problems.is_empty() {
        anyhow::bail!("{}", add_problems.join("\n"));
    }
    anchored.sort_by_key(|row| row.line);
    let mut review_rows = csv::Writer::from_writer(staged.writer(REVIEW_FILE)?);
    for row in &anchored {
        review_rows.serialize(row)?;
    }
    staged.add(review_rows.into_inner().map_err(|e| e.into_error())?)?;
    let mut claim_rows = csv::Writer::from_writer(staged.writer(CLAIM_REVIEW_FILE)?);
    for row in &claim_decisions {
        claim_rows.serialize(row)?;
    }
    staged.add(claim_rows.into_inner().map_err(|e| e.into_error())?)?;
    writers.finish(&mut staged)?;
    staged.stage(SHARD_FILE, |w| Ok(w.write_all(config.shard.file_text().as_bytes())?))?;
    staged.commit()?;
    Ok(counts)
}

/// The CSV writers of the extracted directory, one per file.
struct Writers {
    candidates: csv::Writer<crate::atomic::StagedWriter>,
    mentions: csv::Writer<crate::atomic::StagedWriter>,
    documents: csv::Writer<crate::atomic::StagedWriter>,
    sentences: csv::Writer<crate::atomic::StagedWriter>,
    spans: csv::Writer<crate::atomic::StagedWriter>,
}

impl Writers {
    fn write(&mut self, extracted: &Extracted) -> Result<()> {
        let found = &extracted.found;
        for candidate in &found.candidates {
            self.candidates.serialize(candidate)?;
        }
        for mention in &found.mentions {
            self.mentions.serialize(mention)?;
        }
        for sentence in &found.sentences {
            self.sentences.serialize(sentence)?;
        }
        for span in &found.spans {
            self.spans.serialize(span)?;
        }
        self.documents.serialize(&extracted.document)?;
        Ok(())
    }

    fn finish(self, staged: &mut StagedFiles) -> Result<()> {
        for writer in [self.candidates, self.mentions, self.documents, self.sentences, self.spans] {
            staged.add(writer.into_inner().map_err(|e| e.into_error())?)?;
        }
        Ok(())
    }
}

/// What extract finds in one document.
struct Extracted {
    document: DocumentRecord,
    found: Found,
}

/// What the rules find in one text: its rows of each extracted file.
pub struct Found {
    pub candidates: Vec<Candidate>,
    pub mentions: Vec<MentionCandidate>,
    pub sentences: Vec<SentenceRecord>,
    pub spans: Vec<SpanRecord>,
    /// The review rows about this text, with their anchors.
    pub anchored: Vec<ReviewRow>,
}

/// What extract finds in the text at `path`; `None` for a binary file
/// `--lossy` skips.
fn extract_document(
    path: &Path,
    decoding: corpus::Decoding,
    manifest: &BTreeMap<String, SourceRow>,
    rules: &RuleSet,
    decisions: &[&Decision],
) -> Result<Option<Extracted>> {
    let Some(corpus::RawText { text, sha256 }) = corpus::read_text(path, decoding)? else { return Ok(None) };
    let file = corpus::file_name(path);
    let doc_id = corpus::doc_id(path);
    let found = read_text(&doc_id, &text, &sha256, rules, decisions);
    let source = manifest.get(&file).cloned().unwrap_or_default();
    if !source.doc_id.is_empty() && source.doc_id != doc_id {
        crate::console::warn(&format!(
            "{}: manifest doc_id {} differs from the file name; using {doc_id}",
            path.display(),
            source.doc_id
        ));
    }
    let document = DocumentRecord {
        doc_id: doc_id.clone(),
        file,
        title: source.title,
        publisher: source.publisher,
        author: source.author,
        published: source.published,
        language: source.language,
        bytes: text.len() as i64,
        chars: text.chars().count() as i64,
        sha256,
    };
    Ok(Some(Extracted { document, found }))
}

/// What the rules find in one text, whose hash is `sha256`, and the
/// decisions about it anchored.
pub fn read_text(doc_id: &str, text: &str, sha256: &str, rules: &RuleSet, decisions: &[&Decision]) -> Found {
    let mut locator = Locator::new(doc_id, text, sentences::sentence_spans(text, &rules.lexicon.words.abbreviations));
    let mut candidates = figures::candidates(&mut locator, sha256, rules);
    let mentions = mentions::mentions(&mut locator, sha256, rules);
    let (anchored, added) = anchors::anchor(&mut locator, sha256, decisions);
    if !added.is_empty() {
        candidates.extend(added);
        candidates.sort_by_key(|c| (c.byte_start, c.byte_end));
    }
    let needed = spans::needed_sentences(&locator, &candidates);
    let sentences = spans::sentence_records(&locator, &needed);
    let spans = spans::context_spans(&locator, &needed, rules);
    Found { candidates, mentions, sentences, spans, anchored }
}
