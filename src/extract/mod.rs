//! Extract: read the raw texts, run the rules, write every candidate figure
//! and every mention of a named entity with its provenance to `extracted/`.
//!
//! Documents are processed in parallel, a batch at a time, and written in
//! file-name order as each batch completes: memory holds one batch of texts,
//! never the corpus.
//!
//! The review file's anchors are found here too, because this is the stage
//! that reads the texts: each decision's quote and context are located, and a
//! curator's `add` becomes a candidate with rule `review`. Normalize applies
//! the decisions (`extracted/review.csv`).

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
use crate::review::{self, Action, Anchor, Decision, ReviewRow};
use records::{Candidate, DocumentRecord, MentionCandidate, CANDIDATES_FILE, DOCUMENTS_FILE, MENTIONS_FILE, REVIEW_FILE};

/// How many documents are read and matched at once.
const BATCH: usize = 64;

pub fn run(config: &ExtractConfig) -> Result<()> {
    let files = corpus::text_files(&config.raw)?;
    let manifest = corpus::read_manifest(&config.raw, &files)?;
    let decisions = match &config.review {
        Some(path) => review::read(path)?,
        None => Vec::new(),
    };
    let mut decisions_by_document: BTreeMap<&str, Vec<&Decision>> = BTreeMap::new();
    for decision in &decisions {
        decisions_by_document.entry(decision.row.doc_id.as_str()).or_default().push(decision);
    }
    let progress = crate::progress::bar(files.len() as u64, "extract");

    let mut staged = StagedFiles::new(&config.extracted)?;
    let mut candidates = csv::Writer::from_writer(staged.writer(CANDIDATES_FILE)?);
    let mut mentions = csv::Writer::from_writer(staged.writer(MENTIONS_FILE)?);
    let mut documents = csv::Writer::from_writer(staged.writer(DOCUMENTS_FILE)?);
    let mut anchored: Vec<ReviewRow> = Vec::with_capacity(decisions.len());
    let mut add_problems = Vec::new();
    for batch in files.chunks(BATCH) {
        let results: Vec<Result<Extracted>> = batch
            .par_iter()
            .map(|path| {
                let doc_id = corpus::doc_id(path);
                let decisions = decisions_by_document.get(doc_id.as_str()).map_or(&[][..], Vec::as_slice);
                extract_document(path, &manifest, &config.rules, decisions)
            })
            .collect();
        for result in results {
            let extracted = result?;
            decisions_by_document.remove(extracted.document.doc_id.as_str());
            add_problems.extend(extracted.anchored.iter().filter_map(unanchored_add));
            anchored.extend(extracted.anchored.iter().cloned());
            for candidate in &extracted.candidates {
                candidates.serialize(candidate)?;
            }
            for mention in &extracted.mentions {
                mentions.serialize(mention)?;
            }
            documents.serialize(&extracted.document)?;
            progress.inc(1);
        }
    }
    progress.finish_and_clear();
    for decision in decisions_by_document.into_values().flatten() {
        let row = ReviewRow { anchor: Anchor::NoDocument, ..decision.row.clone() };
        add_problems.extend(unanchored_add(&row));
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
    staged.add(candidates.into_inner().map_err(|e| e.into_error())?)?;
    staged.add(mentions.into_inner().map_err(|e| e.into_error())?)?;
    staged.add(documents.into_inner().map_err(|e| e.into_error())?)?;
    staged.commit()
}

/// What extract finds in one document.
struct Extracted {
    document: DocumentRecord,
    candidates: Vec<Candidate>,
    mentions: Vec<MentionCandidate>,
    /// The review rows about this document, with their anchors.
    anchored: Vec<ReviewRow>,
}

fn extract_document(
    path: &Path,
    manifest: &BTreeMap<String, SourceRow>,
    rules: &RuleSet,
    decisions: &[&Decision],
) -> Result<Extracted> {
    let text = corpus::read_text(path)?;
    let file = corpus::file_name(path);
    let doc_id = corpus::doc_id(path);
    let sha256 = provenance::sha256_hex(text.as_bytes());
    let mut locator = Locator::new(&doc_id, &text);
    let mut candidates = find_candidates(&mut locator, &sha256, rules);
    let mentions = find_mentions(&mut locator, &sha256, rules);
    let (anchored, added) = anchor_decisions(&mut locator, &sha256, decisions);
    if !added.is_empty() {
        candidates.extend(added);
        candidates.sort_by_key(|c| (c.byte_start, c.byte_end));
    }
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
    Ok(Extracted { document, candidates, mentions, anchored })
}

/// Locates each decision's quote in its context; an `add` whose anchor is
/// found becomes a candidate with rule `review`.
fn anchor_decisions(locator: &mut Locator, sha256: &str, decisions: &[&Decision]) -> (Vec<ReviewRow>, Vec<Candidate>) {
    let mut anchored = Vec::with_capacity(decisions.len());
    let mut added = Vec::new();
    for decision in decisions {
        let mut row = decision.row.clone();
        if row.quote.is_empty() || row.context.is_empty() {
            anchored.push(row);
            continue;
        }
        match review::locate(locator.text, &row.context, &row.quote) {
            Ok(span) => {
                row.anchor = Anchor::Found;
                row.anchor_char_start = Some(locator.index.char_offset(locator.text, span.start) as i64);
                row.anchor_char_end = Some(locator.index.char_offset(locator.text, span.end) as i64);
                if decision.action == Action::Add {
                    let candidate = candidate_at(locator, sha256, span, review::RULE, None);
                    row.added_figure_id = candidate.figure_id.clone();
                    added.push(candidate);
                }
            }
            Err(miss) => row.anchor = miss,
        }
        anchored.push(row);
    }
    (anchored, added)
}

/// An `add` is written against the current text, so an anchor it cannot find
/// is the curator's mistake to fix, not a stale row, unless the row records
/// a text that has since changed.
fn unanchored_add(row: &ReviewRow) -> Option<String> {
    let add = row.action.trim() == "add";
    let recorded_other_text = !row.source_sha256.is_empty();
    (add && row.anchor != Anchor::Found && !recorded_other_text)
        .then(|| format!("{}:{}: add: {}", row.review_file, row.line, row.anchor.problem(row)))
}

/// Where spans stand in one text: offsets, line, sentence and a stable id.
/// Built once per document and shared by figures and mentions.
pub struct Locator<'t> {
    doc_id: &'t str,
    text: &'t str,
    index: OffsetIndex,
    sentences: Vec<std::ops::Range<usize>>,
    /// How many spans of each kind already had an id key, so that a repeated
    /// caption still gets distinct ids.
    seen_keys: BTreeMap<(&'static str, String), usize>,
}

/// The provenance of one span.
struct Location {
    id: String,
    sentence: std::ops::Range<usize>,
    char_start: i64,
    char_end: i64,
    line: i64,
}

impl<'t> Locator<'t> {
    pub fn new(doc_id: &'t str, text: &'t str) -> Locator<'t> {
        Locator {
            doc_id,
            text,
            index: OffsetIndex::new(text),
            sentences: sentences::sentence_spans(text),
            seen_keys: BTreeMap::new(),
        }
    }

    /// Locates `span`; `kind` prefixes its id ("fig", "men").
    fn locate(&mut self, kind: &'static str, span: std::ops::Range<usize>) -> Location {
        let sentence = sentence_around(&self.sentences, span.clone(), self.text.len());
        let sentence_text = &self.text[sentence.clone()];
        let (start, end) = (span.start - sentence.start, span.end - sentence.start);
        let key = provenance::id_key(self.doc_id, sentence_text, start, end);
        let repeat = self.seen_keys.entry((kind, key)).and_modify(|n| *n += 1).or_insert(0);
        Location {
            id: provenance::stable_id(kind, self.doc_id, sentence_text, start, end, *repeat),
            char_start: self.index.char_offset(self.text, span.start) as i64,
            char_end: self.index.char_offset(self.text, span.end) as i64,
            line: self.index.line(span.start) as i64,
            sentence,
        }
    }
}

/// Every figure the rules find in one text, with provenance.
pub fn find_candidates(locator: &mut Locator, sha256: &str, rules: &RuleSet) -> Vec<Candidate> {
    rules
        .find(locator.text)
        .into_iter()
        .map(|m| candidate_at(locator, sha256, m.span.clone(), &rules.rules[m.rule].id, Some(&m.groups)))
        .collect()
}

/// The candidate at `span`, with the parts a rule captured (none for a
/// curator's `add`).
fn candidate_at(
    locator: &mut Locator,
    sha256: &str,
    span: std::ops::Range<usize>,
    rule: &str,
    groups: Option<&crate::rules::Groups>,
) -> Candidate {
    let text = locator.text;
    let part = |range: Option<&Option<std::ops::Range<usize>>>| range.cloned().flatten().map(|r| text[r].to_string());
    let at = locator.locate("fig", span.clone());
    Candidate {
        figure_id: at.id,
        doc_id: locator.doc_id.to_string(),
        rule: rule.to_string(),
        quote: text[span.clone()].to_string(),
        char_start: at.char_start,
        char_end: at.char_end,
        byte_start: span.start as i64,
        byte_end: span.end as i64,
        line: at.line,
        sentence: text[at.sentence.clone()].to_string(),
        sentence_char_start: locator.index.char_offset(text, at.sentence.start) as i64,
        paragraph_before: paragraph_before(text, at.sentence.start).to_string(),
        qualifier_text: part(groups.map(|g| &g.qualifier)),
        number_text: part(groups.map(|g| &g.number)),
        low_text: part(groups.map(|g| &g.low)),
        high_text: part(groups.map(|g| &g.high)),
        vague_text: part(groups.map(|g| &g.vague)),
        unit_text: part(groups.map(|g| &g.unit)),
        source_sha256: sha256.to_string(),
    }
}

/// Every mention of a named entity in one text, with provenance.
pub fn find_mentions(locator: &mut Locator, sha256: &str, rules: &RuleSet) -> Vec<MentionCandidate> {
    let text = locator.text;
    crate::entities::find_mentions(rules, text)
        .into_iter()
        .map(|m| {
            let at = locator.locate("men", m.span.clone());
            MentionCandidate {
                mention_id: at.id,
                doc_id: locator.doc_id.to_string(),
                entity_name: m.name,
                entity_type: m.entity_type,
                rule: m.rule,
                quote: text[m.span.clone()].to_string(),
                char_start: at.char_start,
                char_end: at.char_end,
                byte_start: m.span.start as i64,
                byte_end: m.span.end as i64,
                line: at.line,
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

pub fn mentions_path(extracted: &Path) -> PathBuf {
    extracted.join(MENTIONS_FILE)
}

pub fn review_path(extracted: &Path) -> PathBuf {
    extracted.join(REVIEW_FILE)
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
