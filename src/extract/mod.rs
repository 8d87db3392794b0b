//! Extract: read the raw texts, run the rules, write every candidate figure
//! with its provenance to `extracted/`.
//!
//! Documents are processed in parallel, a batch at a time, and written in
//! file-name order as each batch completes: memory holds one batch of texts,
//! never the corpus.

pub mod corpus;
pub mod records;
pub mod sentences;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::atomic::StagedFiles;
use crate::config::ExtractConfig;
use crate::provenance::{self, OffsetIndex};
use crate::rules::RuleSet;
use corpus::SourceRow;
use records::{Candidate, DocumentRecord, CANDIDATES_FILE, DOCUMENTS_FILE};

/// How many documents are read and matched at once.
const BATCH: usize = 64;

pub fn run(config: &ExtractConfig) -> Result<()> {
    let files = corpus::text_files(&config.raw)?;
    let manifest = corpus::read_manifest(&config.raw, &files)?;
    let progress = crate::progress::bar(files.len() as u64, "extract");

    let mut staged = StagedFiles::new(&config.extracted)?;
    let mut candidates = csv::Writer::from_writer(staged.writer(CANDIDATES_FILE)?);
    let mut documents = csv::Writer::from_writer(staged.writer(DOCUMENTS_FILE)?);
    for batch in files.chunks(BATCH) {
        let results: Vec<Result<(DocumentRecord, Vec<Candidate>)>> =
            batch.par_iter().map(|path| extract_document(path, &manifest, &config.rules)).collect();
        for result in results {
            let (document, found) = result?;
            for candidate in &found {
                candidates.serialize(candidate)?;
            }
            documents.serialize(&document)?;
            progress.inc(1);
        }
    }
    progress.finish_and_clear();
    staged.add(candidates.into_inner().map_err(|e| e.into_error())?)?;
    staged.add(documents.into_inner().map_err(|e| e.into_error())?)?;
    staged.commit()
}

fn extract_document(
    path: &Path,
    manifest: &BTreeMap<String, SourceRow>,
    rules: &RuleSet,
) -> Result<(DocumentRecord, Vec<Candidate>)> {
    let text = corpus::read_text(path)?;
    let file = corpus::file_name(path);
    let doc_id = file.strip_suffix(".txt").unwrap_or(&file).to_string();
    let sha256 = provenance::sha256_hex(text.as_bytes());
    let candidates = find_candidates(&doc_id, &text, &sha256, rules);
    let source = manifest.get(&file).cloned().unwrap_or_default();
    if !source.doc_id.is_empty() && source.doc_id != doc_id {
        crate::warn(&format!(
            "{}: manifest doc_id {} differs from the file name; using {doc_id}",
            path.display(),
            source.doc_id
        ));
    }
    let document = DocumentRecord {
        doc_id,
        file,
        title: source.title,
        publisher: source.publisher,
        author: source.author,
        published: source.published,
        language: source.language,
        sha256,
        bytes: text.len() as i64,
        chars: text.chars().count() as i64,
    };
    Ok((document, candidates))
}

/// Every figure the rules find in one text, with provenance.
pub fn find_candidates(doc_id: &str, text: &str, sha256: &str, rules: &RuleSet) -> Vec<Candidate> {
    let index = OffsetIndex::new(text);
    let sentences = sentences::sentence_spans(text);
    let mut seen_keys: BTreeMap<String, usize> = BTreeMap::new();
    let part = |range: &Option<std::ops::Range<usize>>| range.clone().map(|r| text[r].to_string());
    rules
        .find(text)
        .into_iter()
        .map(|m| {
            let span = m.span.clone();
            let sentence = sentence_around(&sentences, span.clone(), text.len());
            let quote_in_sentence = span.start - sentence.start..span.end - sentence.start;
            let sentence_text = &text[sentence.clone()];
            let key = provenance::id_key(doc_id, sentence_text, quote_in_sentence.start, quote_in_sentence.end);
            let repeat = seen_keys.entry(key).and_modify(|n| *n += 1).or_insert(0);
            Candidate {
                figure_id: provenance::stable_id(
                    "fig",
                    doc_id,
                    sentence_text,
                    quote_in_sentence.start,
                    quote_in_sentence.end,
                    *repeat,
                ),
                doc_id: doc_id.to_string(),
                rule: rules.rules[m.rule].id.clone(),
                quote: text[span.clone()].to_string(),
                char_start: index.char_offset(text, span.start) as i64,
                char_end: index.char_offset(text, span.end) as i64,
                byte_start: span.start as i64,
                byte_end: span.end as i64,
                line: index.line(span.start) as i64,
                sentence: sentence_text.to_string(),
                sentence_char_start: index.char_offset(text, sentence.start) as i64,
                paragraph_before: paragraph_before(text, sentence.start).to_string(),
                qualifier_text: part(&m.groups.qualifier),
                number_text: part(&m.groups.number),
                low_text: part(&m.groups.low),
                high_text: part(&m.groups.high),
                vague_text: part(&m.groups.vague),
                unit_text: part(&m.groups.unit),
                source_sha256: sha256.to_string(),
            }
        })
        .collect()
}

/// How much of the paragraph before a sentence each candidate carries: enough
/// for a year or place named a few sentences earlier, bounded so that a text
/// without blank lines does not copy itself into every row.
const PARAGRAPH_CONTEXT_BYTES: usize = 1500;

/// The paragraph before the sentence starting at `at`, at most
/// `PARAGRAPH_CONTEXT_BYTES` of it, cut at a char boundary.
fn paragraph_before(text: &str, at: usize) -> &str {
    let mut start = paragraph_start(text, at).max(at.saturating_sub(PARAGRAPH_CONTEXT_BYTES));
    while !text.is_char_boundary(start) {
        start += 1;
    }
    text[start..at].trim()
}

/// Where the paragraph holding `at` begins: after the last blank line.
fn paragraph_start(text: &str, at: usize) -> usize {
    let before = &text[..at];
    let mut end = before.len();
    while let Some(newline) = before[..end].rfind('\n') {
        let line_before = before[..newline].rfind('\n').map_or(0, |n| n + 1);
        if before[line_before..newline].trim().is_empty() {
            return newline + 1;
        }
        end = newline;
    }
    0
}

/// The sentence that holds `span`; the union of sentences when a span
/// crosses a boundary the splitter drew.
fn sentence_around(sentences: &[std::ops::Range<usize>], span: std::ops::Range<usize>, len: usize) -> std::ops::Range<usize> {
    let first = sentences.partition_point(|s| s.end <= span.start);
    let last = sentences.partition_point(|s| s.start < span.end);
    if first >= last {
        return span.start.min(len)..span.end.min(len);
    }
    sentences[first].start.min(span.start)..sentences[last - 1].end.max(span.end)
}

/// Where extract writes, for the stages after it.
pub fn candidates_path(extracted: &Path) -> PathBuf {
    extracted.join(CANDIDATES_FILE)
}

pub fn documents_path(extracted: &Path) -> PathBuf {
    extracted.join(DOCUMENTS_FILE)
}

/// Reads a CSV that extract wrote, naming the file and line of a bad row.
pub fn read_records<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let mut reader = csv::Reader::from_path(path)
        .with_context(|| format!("{}: cannot read (run `tally extract` first)", path.display()))?;
    reader
        .deserialize()
        .enumerate()
        .map(|(i, row)| row.map_err(|e| anyhow::anyhow!("{}:{}: {}", path.display(), i + 2, corpus::csv_problem(&e))))
        .collect()
}
