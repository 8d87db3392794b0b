//! Normalize: the extracted candidates, mentions, sentences, context spans
//! and review decisions become typed Polars frames, one `TABLE.parquet` per
//! published table in the normalized directory.

pub mod context;
pub mod entities;
pub mod figures;
pub mod frame;
pub mod review;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Result};
use polars::prelude::*;

use crate::atomic::StagedFiles;
use crate::config::NormalizeConfig;
use crate::contract::{
    extracted_file, read_records, Candidate, DocumentRecord, MentionCandidate, ReviewRow, SentenceRecord, SpanRecord,
    CANDIDATES_FILE, DOCUMENTS_FILE, MENTIONS_FILE, REVIEW_FILE, SENTENCES_FILE, SPANS_FILE,
};
use crate::number::as_written;
use crate::review::decision::Decision;
use crate::schema::{TableDef, DOCUMENTS, ENTITIES, FIGURES, MENTIONS, REJECTED_FIGURES};
use context::passage::{DocumentText, FigureText};
use context::DocumentContext;
use figures::{Figure, Reading};

use frame::FrameBuilder;
use review::ReviewedFigure;

pub fn run(config: &NormalizeConfig) -> Result<()> {
    let read = |name: &str| extracted_file(&config.extracted, name);
    let candidates: Vec<Candidate> = read_records(&read(CANDIDATES_FILE))?;
    let documents: Vec<DocumentRecord> = read_records(&read(DOCUMENTS_FILE))?;
    let mentions: Vec<MentionCandidate> = read_records(&read(MENTIONS_FILE))?;
    let sentences: Vec<SentenceRecord> = read_records(&read(SENTENCES_FILE))?;
    let spans: Vec<SpanRecord> = read_records(&read(SPANS_FILE))?;
    let decisions = read_decisions(&read(REVIEW_FILE))?;
    let lexicon = &config.rules.lexicon;

    let mut interpreted: Vec<(&Candidate, Figure)> = Vec::with_capacity(candidates.len());
    // Each figure's sentence, as the table publishes it.
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut problems = Vec::new();
    for document in &documents {
        let doc = document.doc_id.as_str();
        let of_document: Vec<&Candidate> = candidates.iter().filter(|c| c.doc_id == doc).collect();
        let found = Found {
            sentences: sentences.iter().filter(|s| s.doc_id == doc).collect(),
            spans: spans.iter().filter(|s| s.doc_id == doc).collect(),
            mentions: mentions.iter().filter(|m| m.doc_id == doc).collect(),
        };
        for result in interpret_document(document, &of_document, &found, lexicon)? {
            match result {
                Interpreted::Figure { candidate, figure, sentence } => {
                    texts.insert(candidate.figure_id.clone(), sentence);
                    interpreted.push((candidate, figure));
                }
                Interpreted::NotAFigure(why) => crate::console::warn(&why),
                Interpreted::Problem(problem) => problems.push(problem),
            }
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    let document_sha256 = documents.iter().map(|d| (d.doc_id.clone(), d.sha256.clone())).collect();
    let reviewed = review::apply(&decisions, interpreted, &document_sha256)?;
    for message in reviewed.moved.iter().chain(&reviewed.stale) {
        crate::console::warn(message);
    }
    let frames: [(&TableDef, DataFrame); 5] = [
        (&FIGURES, figures_frame(&reviewed.published, &texts)?),
        (&REJECTED_FIGURES, rejected_frame(&reviewed.rejected, &texts)?),
        (&DOCUMENTS, documents_frame(&documents, &reviewed.published, &mentions)?),
        (&ENTITIES, entities::entities_frame(&mentions, &lexicon.gazetteer)?),
        (&MENTIONS, entities::mentions_frame(&mentions)?),
    ];
    let mut staged = StagedFiles::new(&config.normalized)?;
    for (table, mut frame) in frames {
        staged.stage(&format!("{}.parquet", table.name), |w| write_parquet(w, &mut frame))?;
    }
    staged.commit()
}

/// What extract found in one document besides its candidates.
pub struct Found<'a> {
    pub sentences: Vec<&'a SentenceRecord>,
    pub spans: Vec<&'a SpanRecord>,
    pub mentions: Vec<&'a MentionCandidate>,
}

/// What became of one candidate.
pub enum Interpreted<'c> {
    Figure { candidate: &'c Candidate, figure: Figure, sentence: String },
    /// Taken for no figure, and why (a warning).
    NotAFigure(String),
    /// A rule captured something the grammar cannot read (an error).
    Problem(String),
}

/// Every candidate of one document interpreted in its context, in order.
pub fn interpret_document<'c>(
    document: &DocumentRecord,
    candidates: &[&'c Candidate],
    found: &Found,
    lexicon: &crate::rules::lexicon::Lexicon,
) -> Result<Vec<Interpreted<'c>>> {
    let text = DocumentText::new(found.sentences.clone(), found.spans.clone(), &found.mentions);
    let document_context = DocumentContext::of(document, candidates, &text);
    let texts: Vec<FigureText> = candidates.iter().map(|c| FigureText::of(c, &text)).collect::<Result<_>>()?;
    let passages: Vec<_> = candidates.iter().zip(&texts).map(|(c, t)| t.passages(c, &text)).collect();
    let readings: Vec<Reading> = candidates
        .iter()
        .zip(&texts)
        .zip(&passages)
        .map(|((candidate, text), (sentence, before))| Reading { candidate, text, sentence, before })
        .collect();
    let mut out = Vec::with_capacity(readings.len());
    for (k, reading) in readings.iter().enumerate() {
        let candidate: &'c Candidate = candidates[k];
        let previous = k.checked_sub(1).map(|p| &readings[p]);
        out.push(match figures::interpret(reading, previous, lexicon, &document_context) {
            // "The vote was 5 to 4": a pair whose first number is above the
            // second is a score or a ratio, not a range of one quantity.
            Ok(figure) if figures::is_reversed_range(&figure) => Interpreted::NotAFigure(format!(
                "{}:{}: {:?} is not taken as a figure: a range whose lower bound is above its upper bound",
                candidate.doc_id, candidate.line, candidate.quote
            )),
            Ok(figure) => Interpreted::Figure { candidate, figure, sentence: reading.text.sentence.clone() },
            Err(problem) => Interpreted::Problem(format!(
                "{}:{}: figure {} ({:?}): {problem}",
                candidate.doc_id, candidate.line, candidate.figure_id, candidate.quote
            )),
        });
    }
    Ok(out)
}

fn write_parquet(w: &mut impl std::io::Write, frame: &mut DataFrame) -> Result<()> {
    ParquetWriter::new(w).finish(frame)?;
    Ok(())
}

/// The review file's decisions as extract anchored them; a row that no
/// longer parses (the file was edited since extract ran) names its line.
fn read_decisions(path: &Path) -> Result<Vec<Decision>> {
    let rows: Vec<ReviewRow> = read_records(path)?;
    rows.into_iter()
        .map(|row| {
            let at = format!("{}:{}", row.review_file, row.line);
            Decision::parse(row).map_err(|problem| anyhow::anyhow!("{at}: {problem}"))
        })
        .collect()
}

fn figures_frame(rows: &[ReviewedFigure], sentences: &BTreeMap<String, String>) -> Result<DataFrame> {
    let mut b = FrameBuilder::new(&FIGURES);
    quantity_columns(&mut b, rows);
    b.str("subject", rows.iter().map(|r| r.figure.subject.clone()));
    b.str("place", rows.iter().map(|r| r.figure.place.clone()));
    b.i32("period_start", rows.iter().map(|r| r.figure.period_start));
    b.i32("period_end", rows.iter().map(|r| r.figure.period_end));
    b.str("attributed_to", rows.iter().map(|r| r.figure.attributed_to.clone()));
    provenance_columns(&mut b, rows, sentences);
    b.str("rule", rows.iter().map(|r| Some(r.candidate.rule.clone())));
    b.str("review", rows.iter().map(|r| Some(r.state.to_string())));
    b.str("review_note", rows.iter().map(|r| r.note.clone()));
    b.str("source_sha256", rows.iter().map(|r| Some(r.candidate.source_sha256.clone())));
    b.finish()
}

fn rejected_frame(rows: &[ReviewedFigure], sentences: &BTreeMap<String, String>) -> Result<DataFrame> {
    let mut b = FrameBuilder::new(&REJECTED_FIGURES);
    quantity_columns(&mut b, rows);
    provenance_columns(&mut b, rows, sentences);
    b.str("rule", rows.iter().map(|r| Some(r.candidate.rule.clone())));
    b.str("reason", rows.iter().map(|r| r.note.clone()));
    b.str("source_sha256", rows.iter().map(|r| Some(r.candidate.source_sha256.clone())));
    b.finish()
}

/// The id, document, quote and what the number is: the same in both tables.
fn quantity_columns(b: &mut FrameBuilder, rows: &[ReviewedFigure]) {
    b.str("figure_id", rows.iter().map(|r| Some(r.candidate.figure_id.clone())));
    b.str("doc_id", rows.iter().map(|r| Some(r.candidate.doc_id.clone())));
    b.str("quote", rows.iter().map(|r| Some(r.candidate.quote.clone())));
    b.f64("value", rows.iter().map(|r| r.figure.value.map(as_written)));
    b.f64("value_low", rows.iter().map(|r| r.figure.value_low.map(as_written)));
    b.f64("value_high", rows.iter().map(|r| r.figure.value_high.map(as_written)));
    b.str("qualifier", rows.iter().map(|r| Some(r.figure.qualifier.clone())));
    b.str("unit", rows.iter().map(|r| Some(r.figure.unit.clone())));
    b.str("measure", rows.iter().map(|r| Some(r.figure.measure.clone())));
}

/// The sentence and the quote's offsets, line: the same in both tables.
fn provenance_columns(b: &mut FrameBuilder, rows: &[ReviewedFigure], sentences: &BTreeMap<String, String>) {
    b.str("sentence", rows.iter().map(|r| sentences.get(&r.candidate.figure_id).cloned()));
    b.i64("char_start", rows.iter().map(|r| Some(r.candidate.char_start)));
    b.i64("char_end", rows.iter().map(|r| Some(r.candidate.char_end)));
    b.i64("byte_start", rows.iter().map(|r| Some(r.candidate.byte_start)));
    b.i64("byte_end", rows.iter().map(|r| Some(r.candidate.byte_end)));
    b.i64("line", rows.iter().map(|r| Some(r.candidate.line)));
}

fn documents_frame(
    documents: &[DocumentRecord],
    figures: &[ReviewedFigure],
    mentions: &[MentionCandidate],
) -> Result<DataFrame> {
    let figure_counts = rows_per_document(figures.iter().map(|r| r.candidate.doc_id.as_str()));
    let mention_counts = rows_per_document(mentions.iter().map(|m| m.doc_id.as_str()));
    let mut b = FrameBuilder::new(&DOCUMENTS);
    b.str("doc_id", documents.iter().map(|d| Some(d.doc_id.clone())));
    b.str("file", documents.iter().map(|d| Some(d.file.clone())));
    b.str("title", documents.iter().map(|d| d.title.clone()));
    b.str("publisher", documents.iter().map(|d| d.publisher.clone()));
    b.str("author", documents.iter().map(|d| d.author.clone()));
    b.str("published", documents.iter().map(|d| d.published.clone()));
    b.str("language", documents.iter().map(|d| d.language.clone()));
    b.str("sha256", documents.iter().map(|d| Some(d.sha256.clone())));
    b.i64("bytes", documents.iter().map(|d| Some(d.bytes)));
    b.i64("chars", documents.iter().map(|d| Some(d.chars)));
    b.i64("figure_count", documents.iter().map(|d| Some(figure_counts.get(d.doc_id.as_str()).copied().unwrap_or(0))));
    b.i64("mention_count", documents.iter().map(|d| Some(mention_counts.get(d.doc_id.as_str()).copied().unwrap_or(0))));
    b.finish()
}

fn rows_per_document<'a>(doc_ids: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, i64> {
    let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
    for doc_id in doc_ids {
        *counts.entry(doc_id).or_default() += 1;
    }
    counts
}
