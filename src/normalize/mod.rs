//! Normalize: candidates, mentions and the review file become typed Polars
//! frames, one `TABLE.parquet` per published table beside the candidates.

pub mod context;
pub mod entities;
pub mod figures;
pub mod frame;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use polars::prelude::*;

use crate::atomic::StagedFiles;
use crate::config::NormalizeConfig;
use crate::extract::records::{Candidate, DocumentRecord, MentionCandidate};
use crate::review::{self, Decision, ReviewRow, ReviewedFigure};
use crate::extract::{self};
use crate::number::as_written;
use crate::schema::{TableDef, DOCUMENTS, ENTITIES, FIGURES, MENTIONS, REJECTED_FIGURES};
use frame::FrameBuilder;

pub fn run(config: &NormalizeConfig) -> Result<()> {
    let candidates: Vec<Candidate> = extract::read_records(&extract::candidates_path(&config.extracted))?;
    let documents: Vec<DocumentRecord> = extract::read_records(&extract::documents_path(&config.extracted))?;
    let mentions: Vec<MentionCandidate> = extract::read_records(&extract::mentions_path(&config.extracted))?;
    let decisions = read_decisions(&extract::review_path(&config.extracted))?;
    let mut document_contexts: BTreeMap<&str, context::DocumentContext> = BTreeMap::new();
    for document in &documents {
        let of_document: Vec<&Candidate> = candidates.iter().filter(|c| c.doc_id == document.doc_id).collect();
        document_contexts
            .insert(document.doc_id.as_str(), context::DocumentContext::of(document, &of_document, &config.rules.lexicon));
    }
    let unknown_document = context::DocumentContext::default();
    let mut interpreted = Vec::with_capacity(candidates.len());
    let mut problems = Vec::new();
    for (i, candidate) in candidates.iter().enumerate() {
        let document = document_contexts.get(candidate.doc_id.as_str()).unwrap_or(&unknown_document);
        let previous = i.checked_sub(1).map(|p| &candidates[p]).filter(|p| p.doc_id == candidate.doc_id);
        match figures::interpret(candidate, previous, &config.rules, document) {
            // "The vote was 5 to 4": a pair whose first number is above the
            // second is a score or a ratio, not a range of one quantity.
            Ok(figure) if figures::is_reversed_range(&figure) => crate::warn(&format!(
                "{}:{}: {:?} is not taken as a figure: a range whose lower bound is above its upper bound",
                candidate.doc_id, candidate.line, candidate.quote
            )),
            Ok(figure) => interpreted.push((candidate, figure)),
            Err(problem) => problems.push(format!(
                "{}:{}: figure {} ({:?}): {problem}",
                candidate.doc_id, candidate.line, candidate.figure_id, candidate.quote
            )),
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    let document_sha256 = documents.iter().map(|d| (d.doc_id.clone(), d.sha256.clone())).collect();
    let reviewed = review::apply(&decisions, interpreted, &document_sha256)?;
    for message in reviewed.moved.iter().chain(&reviewed.stale) {
        crate::warn(message);
    }

    let frames: [(&TableDef, DataFrame); 5] = [
        (&FIGURES, figures_frame(&reviewed.published)?),
        (&REJECTED_FIGURES, rejected_frame(&reviewed.rejected)?),
        (&DOCUMENTS, documents_frame(&documents, &reviewed.published, &mentions)?),
        (&ENTITIES, entities::entities_frame(&mentions, &config.rules.lexicon.gazetteer)?),
        (&MENTIONS, entities::mentions_frame(&mentions)?),
    ];
    let mut staged = StagedFiles::new(&config.extracted)?;
    for (table, mut frame) in frames {
        staged.stage(&format!("{}.parquet", table.name), |w| write_parquet(w, &mut frame))?;
    }
    staged.commit()
}

/// Where normalize writes a table's frame, for publish.
pub fn frame_path(extracted: &Path, table: &str) -> PathBuf {
    extracted.join(format!("{table}.parquet"))
}

fn write_parquet(w: &mut impl std::io::Write, frame: &mut DataFrame) -> Result<()> {
    ParquetWriter::new(w).finish(frame)?;
    Ok(())
}

/// The review file's decisions as extract anchored them; a row that no
/// longer parses (the file was edited since extract ran) names its line.
fn read_decisions(path: &Path) -> Result<Vec<Decision>> {
    let rows: Vec<ReviewRow> = extract::read_records(path)?;
    rows.into_iter()
        .map(|row| {
            let at = format!("{}:{}", row.review_file, row.line);
            Decision::parse(row).map_err(|problem| anyhow::anyhow!("{at}: {problem}"))
        })
        .collect()
}

fn figures_frame(rows: &[ReviewedFigure]) -> Result<DataFrame> {
    let mut b = FrameBuilder::new(&FIGURES);
    quantity_columns(&mut b, rows);
    b.str("subject", rows.iter().map(|r| r.figure.subject.clone()));
    b.str("place", rows.iter().map(|r| r.figure.place.clone()));
    b.i32("period_start", rows.iter().map(|r| r.figure.period_start));
    b.i32("period_end", rows.iter().map(|r| r.figure.period_end));
    b.str("attributed_to", rows.iter().map(|r| r.figure.attributed_to.clone()));
    provenance_columns(&mut b, rows);
    b.str("rule", rows.iter().map(|r| Some(r.candidate.rule.clone())));
    b.str("review", rows.iter().map(|r| Some(r.state.to_string())));
    b.str("review_note", rows.iter().map(|r| r.note.clone()));
    b.str("source_sha256", rows.iter().map(|r| Some(r.candidate.source_sha256.clone())));
    b.finish()
}

fn rejected_frame(rows: &[ReviewedFigure]) -> Result<DataFrame> {
    let mut b = FrameBuilder::new(&REJECTED_FIGURES);
    quantity_columns(&mut b, rows);
    provenance_columns(&mut b, rows);
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
fn provenance_columns(b: &mut FrameBuilder, rows: &[ReviewedFigure]) {
    b.str("sentence", rows.iter().map(|r| Some(r.candidate.sentence.clone())));
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
