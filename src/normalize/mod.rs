//! Normalize: the extracted candidates, mentions, sentences, context spans
//! and review decisions become typed Polars frames, one `TABLE.parquet` per
//! published table in the normalized directory; the figures that answer the
//! same question across documents become claims.

pub mod claims;
pub mod context;
pub mod entities;
pub mod figures;
pub mod frame;
pub mod review;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;

use anyhow::{bail, Result};
use polars::prelude::*;

use crate::atomic::StagedFiles;
use crate::config::NormalizeConfig;
use crate::console::{Counts, Progress};
use crate::contract::{
    extracted_file, read_records, Candidate, ClaimReviewRow, CLAIM_REVIEW_FILE, DocumentGroups, DocumentRecord, MentionCandidate, ReviewRow, SentenceRecord,
    SpanRecord, CANDIDATES_FILE, DOCUMENTS_FILE, MENTIONS_FILE, REVIEW_FILE, SENTENCES_FILE, SHARD_FILE, SPANS_FILE,
};
use crate::contract::read_shards;
use crate::number::as_written;
use crate::review::claims::ClaimDecision;
use crate::review::decision::Decision;
use crate::schema::{TableDef, CLAIMS, DOCUMENTS, ENTITIES, FIGURES, MENTIONS, REJECTED_FIGURES};
use claims::Statements;
use context::passage::{DocumentText, FigureText};
use context::DocumentContext;
use figures::{Figure, Reading};

use frame::FrameBuilder;
use review::ReviewedFigure;

/// How many rows a Parquet row group of a normalized frame holds: memory
/// holds one group of each table, never the table.
const ROWS_PER_GROUP: usize = 64 * 1024;

pub fn run(config: &NormalizeConfig) -> Result<Counts> {
    crate::atomic::check_whole(&config.extracted)?;
    let read = |name: &str| extracted_file(&config.extracted, name);
    let documents: Vec<DocumentRecord> = read_records(&read(DOCUMENTS_FILE))?;
    let decisions = read_decisions(&read(REVIEW_FILE))?;
    let mut decisions_of: BTreeMap<&str, Vec<&Decision>> = BTreeMap::new();
    for decision in &decisions {
        decisions_of.entry(decision.row.doc_id.as_str()).or_default().push(decision);
    }
    let mut candidates = DocumentGroups::<Candidate>::open(&read(CANDIDATES_FILE))?;
    let mut sentences = DocumentGroups::<SentenceRecord>::open(&read(SENTENCES_FILE))?;
    let mut spans = DocumentGroups::<SpanRecord>::open(&read(SPANS_FILE))?;
    let mut mentions = DocumentGroups::<MentionCandidate>::open(&read(MENTIONS_FILE))?;
    let lexicon = &config.lexicon;

    let mut staged = StagedFiles::new(&config.normalized)?;
    // Figures are written once without their claims, then again with them
    // once every figure is known (the claims span documents).
    let mut unclaimed_out = TableWriter::new(&staged, &FIGURES)?;
    let mut statements = Statements::default();
    let claim_decisions = read_claim_decisions(&read(CLAIM_REVIEW_FILE))?;
    let mut rejected_out = TableWriter::new(&staged, &REJECTED_FIGURES)?;
    let mut mentions_out = TableWriter::new(&staged, &MENTIONS)?;
    let mut entities = entities::EntityCounts::default();
    let mut counts: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut messages: Vec<(u64, String)> = Vec::new();
    let bytes: u64 = documents.iter().map(|d| d.bytes as u64).sum();
    let mut progress = Progress::new("normalize", documents.len() as u64, bytes);
    let mut summary = Counts { documents: documents.len() as u64, bytes, ..Counts::default() };
    // Each document's rows, read in order (the extracted files are sorted
    // by document), normalized on every core and taken back in order.
    let inputs = documents.iter().map(|document| -> Result<DocumentInput> {
        let doc = document.doc_id.as_str();
        Ok(DocumentInput {
            document,
            candidates: candidates.take(doc)?,
            sentences: sentences.take(doc)?,
            spans: spans.take(doc)?,
            mentions: mentions.take(doc)?,
            decisions: decisions_of.remove(doc).unwrap_or_default(),
        })
    });
    crate::parallel::map_in_order(
        inputs,
        |input| normalize_document(input?, lexicon),
        |output| {
            let output = output?;
            summary.figures += output.published.len() as u64;
            summary.mentions += output.mentions.len() as u64;
            progress.document(output.bytes);
            problems.extend(output.problems);
            messages.extend(output.messages);
            counts.insert(output.doc_id, (output.published.len() as i64, output.mentions.len() as i64));
            entities.add(&output.mentions);
            for row in &output.published {
                statements.add(&row.candidate, &row.figure, &config.questions);
            }
            unclaimed_out.append(figures_frame(&output.published)?)?;
            rejected_out.append(rejected_frame(&output.rejected)?)?;
            mentions_out.append(entities::mentions_frame(&output.mentions)?)?;
            Ok(())
        },
    )?;
    progress.finish();
    // Decisions about documents the corpus does not hold: stale, or errors.
    for decisions in decisions_of.into_values() {
        match review::apply(&decisions, Vec::new(), None) {
            Ok(reviewed) => messages.extend(reviewed.moved.into_iter().chain(reviewed.stale)),
            Err(problem) => problems.push(format!("{problem:#}")),
        }
    }
    candidates.finish()?;
    sentences.finish()?;
    spans.finish()?;
    mentions.finish()?;
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    let published: BTreeMap<String, Option<String>> = documents.iter().map(|d| (d.doc_id.clone(), d.published.clone())).collect();
    let asking = claims::Asking { places: &lexicon.gazetteer };
    let claims = claims::build(statements, &published, asking, &claim_decisions);
    messages.sort_by_key(|(line, _)| *line);
    let mut claim_messages = claims.messages.clone();
    claim_messages.sort_by_key(|(line, _)| *line);
    for (_, message) in messages.iter().chain(&claim_messages) {
        crate::console::warn(message);
    }
    let unclaimed = unclaimed_out.close()?;
    let mut figures_out = TableWriter::new(&staged, &FIGURES)?;
    with_claims(&unclaimed, &claims, &mut figures_out)?;
    drop(unclaimed);
    let mut claims_out = TableWriter::new(&staged, &CLAIMS)?;
    claims_out.write(&claims::frame(&claims)?)?;
    for writer in [figures_out, claims_out, rejected_out, mentions_out] {
        writer.finish(&mut staged)?;
    }
    let shard = read_shards(&config.extracted)?;
    staged.stage(SHARD_FILE, |w| Ok(w.write_all(shard.file_text().as_bytes())?))?;
    let mut documents_out = TableWriter::new(&staged, &DOCUMENTS)?;
    documents_out.write(&documents_frame(&documents, &counts)?)?;
    documents_out.finish(&mut staged)?;
    let mut entities_out = TableWriter::new(&staged, &ENTITIES)?;
    entities_out.write(&entities.frame(&lexicon.gazetteer)?)?;
    entities_out.finish(&mut staged)?;
    staged.commit()?;
    Ok(summary)
}

/// One document's rows of every extracted file, and the decisions about it.
struct DocumentInput<'d> {
    document: &'d DocumentRecord,
    candidates: Vec<Candidate>,
    sentences: Vec<SentenceRecord>,
    spans: Vec<SpanRecord>,
    mentions: Vec<MentionCandidate>,
    decisions: Vec<&'d Decision>,
}

/// What becomes of one document's rows.
struct DocumentOutput {
    doc_id: String,
    bytes: u64,
    published: Vec<FigureRow>,
    rejected: Vec<FigureRow>,
    mentions: Vec<MentionCandidate>,
    /// Decisions moved or stale, by their line in the review file.
    messages: Vec<(u64, String)>,
    problems: Vec<String>,
}

/// One document's figures interpreted in their context and reviewed, in
/// the order they are published.
fn normalize_document(input: DocumentInput, lexicon: &crate::rules::lexicon::Lexicon) -> Result<DocumentOutput> {
    let document = input.document;
    let mut output = DocumentOutput {
        doc_id: document.doc_id.clone(),
        bytes: document.bytes as u64,
        published: Vec::new(),
        rejected: Vec::new(),
        mentions: Vec::new(),
        messages: Vec::new(),
        problems: Vec::new(),
    };
    let found = Found {
        sentences: input.sentences.iter().collect(),
        spans: input.spans.iter().collect(),
        mentions: input.mentions.iter().collect(),
    };
    let mut interpreted = Vec::with_capacity(input.candidates.len());
    let mut texts: BTreeMap<&str, String> = BTreeMap::new();
    for result in interpret_document(document, &input.candidates.iter().collect::<Vec<_>>(), &found, lexicon)? {
        match result {
            Interpreted::Figure { candidate, figure, sentence } => {
                texts.insert(candidate.figure_id.as_str(), sentence);
                interpreted.push((candidate, figure));
            }
            Interpreted::NotAFigure(why) => crate::console::warn(&why),
            Interpreted::Problem(problem) => output.problems.push(problem),
        }
    }
    let reviewed = match review::apply(&input.decisions, interpreted, Some(&document.sha256)) {
        Ok(reviewed) => reviewed,
        Err(problem) => {
            output.problems.push(format!("{problem:#}"));
            return Ok(output);
        }
    };
    output.messages.extend(reviewed.moved.into_iter().chain(reviewed.stale));
    let owned = |rows: Vec<ReviewedFigure>| -> Vec<FigureRow> {
        let mut rows: Vec<FigureRow> = rows
            .into_iter()
            .map(|r| FigureRow {
                sentence: texts.get(r.candidate.figure_id.as_str()).cloned().unwrap_or_default(),
                candidate: r.candidate.clone(),
                figure: r.figure,
                state: r.state,
                note: r.note,
            })
            .collect();
        rows.sort_by(|a, b| publish_order(&a.candidate, &b.candidate));
        rows
    };
    output.published = owned(reviewed.published);
    output.rejected = owned(reviewed.rejected);
    drop(found);
    output.mentions = input.mentions;
    Ok(output)
}

/// The order rows are published in (`schema::FIGURES.row_order`) within a
/// document: by position, then id.
fn publish_order(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    (a.char_start, a.char_end, &a.figure_id).cmp(&(b.char_start, b.char_end, &b.figure_id))
}

/// A figure as the table publishes it, or as rejected_figures does.
struct FigureRow {
    candidate: Candidate,
    figure: Figure,
    sentence: String,
    state: &'static str,
    note: Option<String>,
}

/// One normalized frame written a row group at a time.
struct TableWriter {
    table: &'static TableDef,
    file: crate::atomic::StagedWriter,
    parquet: polars::io::parquet::write::BatchedWriter<std::fs::File>,
    /// Documents' rows appended and not yet written: as columns, which hold
    /// a row in a fraction of the memory its record did.
    pending: DataFrame,
}

impl TableWriter {
    fn new(staged: &StagedFiles, table: &'static TableDef) -> Result<TableWriter> {
        let file = staged.writer(&format!("{}.parquet", table.name))?;
        let parquet = ParquetWriter::new(file.reopen()?).batched(&table.polars_schema())?;
        Ok(TableWriter { table, file, parquet, pending: DataFrame::empty() })
    }

    /// Takes one document's rows; they are written as one row group with the
    /// documents' before them once they reach `ROWS_PER_GROUP`.
    fn append(&mut self, rows: DataFrame) -> Result<()> {
        self.pending.vstack_mut_owned(rows)?;
        if self.pending.height() >= ROWS_PER_GROUP {
            self.write_pending()?;
        }
        Ok(())
    }

    fn write_pending(&mut self) -> Result<()> {
        let mut group = std::mem::replace(&mut self.pending, DataFrame::empty());
        // The writer makes a row group of each chunk.
        group.rechunk_mut();
        self.write(&group)
    }

    fn write(&mut self, frame: &DataFrame) -> Result<()> {
        if frame.height() > 0 {
            let written = self.parquet.write_batch(frame);
            anyhow::Context::with_context(written, || format!("{}.parquet: cannot write", self.table.name))?;
        }
        Ok(())
    }

    fn finish(self, staged: &mut StagedFiles) -> Result<()> {
        staged.add(self.close()?)
    }

    /// The file, complete, to be read back rather than published.
    fn close(mut self) -> Result<crate::atomic::StagedWriter> {
        self.write_pending()?;
        self.parquet.finish()?;
        Ok(self.file)
    }
}

/// The figures written without their claims, read back a row group at a
/// time and written again with `claim_id` and `repeats`.
fn with_claims(unclaimed: &crate::atomic::StagedWriter, claims: &claims::Claims, out: &mut TableWriter) -> Result<()> {
    let rows = ParquetReader::new(unclaimed.reopen()?).num_rows()?;
    let mut offset = 0;
    while offset < rows {
        let length = ROWS_PER_GROUP.min(rows - offset);
        let mut frame = ParquetReader::new(unclaimed.reopen()?).with_slice(Some((offset, length))).finish()?;
        // A slice across two of the file's row groups comes in two chunks; the
        // claim columns added below are one, and the writer needs them aligned.
        frame.rechunk_mut();
        let (claim_ids, repeats) = claims.of_rows(offset..offset + length);
        frame.with_column(Column::new("claim_id".into(), claim_ids))?;
        frame.with_column(Column::new("repeats".into(), repeats))?;
        out.write(&frame)?;
        offset += length;
    }
    Ok(())
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
    let published = document.published.as_deref().and_then(context::period::year_of_date);
    let text = DocumentText::new(found.sentences.clone(), found.spans.clone(), &found.mentions, candidates, published, &lexicon.gazetteer);
    let document_context = DocumentContext::of(document, candidates, &text, lexicon);
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
        // A bug in reading one figure's context must not cost the others:
        // the figure is left out with a warning that names it.
        let interpreted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            figures::interpret(reading, previous, lexicon, &document_context)
        }));
        let Ok(interpreted) = interpreted else {
            out.push(Interpreted::NotAFigure(format!(
                "{}:{}: figure {} ({:?}) is left out: tally failed while reading it (an internal error; please report it with this line)",
                candidate.doc_id,
                candidate.line,
                candidate.figure_id,
                shortened(&candidate.quote)
            )));
            continue;
        };
        out.push(match interpreted {
            // "The vote was 5 to 4": a pair whose first number is above the
            // second is a score or a ratio, not a range of one quantity.
            Ok(figure) if figures::is_reversed_range(&figure) => Interpreted::NotAFigure(format!(
                "{}:{}: {:?} is not taken as a figure: a range whose lower bound is above its upper bound",
                candidate.doc_id, candidate.line, candidate.quote
            )),
            Ok(figure) if figures::is_out_of_range(&figure) => Interpreted::NotAFigure(format!(
                "{}:{}: {:?} is not taken as a figure: a number of {} characters, beyond any quantity ({:e})",
                candidate.doc_id,
                candidate.line,
                shortened(&candidate.quote),
                candidate.quote.chars().count(),
                figures::MAX_FIGURE_VALUE
            )),
            Ok(figure) => Interpreted::Figure { candidate, figure, sentence: reading.text.sentence.clone() },
            Err(problem) => Interpreted::Problem(format!(
                "{}:{}: figure {} ({:?}): {problem}",
                candidate.doc_id, candidate.line, candidate.figure_id, candidate.quote
            )),
        });
    }
    for k in 0..readings.len() {
        let Some(lender) = figures::list_lender(&readings, k, lexicon) else { continue };
        if let (Interpreted::Figure { figure: lent, .. }, Some(Interpreted::Figure { figure: item, .. })) = (&out[lender], out.get(k)) {
            let mut item = item.clone();
            figures::borrow_from_list(&mut item, lent, candidates[lender], lexicon);
            if let Interpreted::Figure { figure, .. } = &mut out[k] {
                *figure = item;
            }
        }
    }
    Ok(out)
}

/// A quote cut to a length a warning can show.
fn shortened(quote: &str) -> String {
    const SHOWN: usize = 40;
    if quote.chars().count() <= SHOWN {
        return quote.to_string();
    }
    format!("{}…", quote.chars().take(SHOWN).collect::<String>())
}

/// The claims review file's rows as extract checked them; a row that no
/// longer parses names its line.
fn read_claim_decisions(path: &Path) -> Result<Vec<ClaimDecision>> {
    let rows: Vec<ClaimReviewRow> = read_records(path)?;
    rows.into_iter()
        .map(|row| {
            let at = format!("{}:{}", row.review_file, row.line);
            ClaimDecision::parse(row).map_err(|problem| anyhow::anyhow!("{at}: {problem}"))
        })
        .collect()
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

fn figures_frame(rows: &[FigureRow]) -> Result<DataFrame> {
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
    // Filled in once every figure is known (`with_claims`).
    b.str("claim_id", rows.iter().map(|_| None));
    b.str("repeats", rows.iter().map(|_| None));
    b.finish()
}

fn rejected_frame(rows: &[FigureRow]) -> Result<DataFrame> {
    let mut b = FrameBuilder::new(&REJECTED_FIGURES);
    quantity_columns(&mut b, rows);
    provenance_columns(&mut b, rows);
    b.str("rule", rows.iter().map(|r| Some(r.candidate.rule.clone())));
    b.str("reason", rows.iter().map(|r| r.note.clone()));
    b.str("source_sha256", rows.iter().map(|r| Some(r.candidate.source_sha256.clone())));
    b.finish()
}

/// The id, document, quote and what the number is: the same in both tables.
fn quantity_columns(b: &mut FrameBuilder, rows: &[FigureRow]) {
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
fn provenance_columns(b: &mut FrameBuilder, rows: &[FigureRow]) {
    b.str("sentence", rows.iter().map(|r| Some(r.sentence.clone())));
    b.i64("char_start", rows.iter().map(|r| Some(r.candidate.char_start)));
    b.i64("char_end", rows.iter().map(|r| Some(r.candidate.char_end)));
    b.i64("byte_start", rows.iter().map(|r| Some(r.candidate.byte_start)));
    b.i64("byte_end", rows.iter().map(|r| Some(r.candidate.byte_end)));
    b.i64("line", rows.iter().map(|r| Some(r.candidate.line)));
}

/// The documents table: the manifest's fields and each document's counts.
fn documents_frame(documents: &[DocumentRecord], counts: &BTreeMap<String, (i64, i64)>) -> Result<DataFrame> {
    let count = |d: &DocumentRecord, pick: fn(&(i64, i64)) -> i64| Some(counts.get(&d.doc_id).map_or(0, pick));
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
    b.i64("figure_count", documents.iter().map(|d| count(d, |c| c.0)));
    b.i64("mention_count", documents.iter().map(|d| count(d, |c| c.1)));
    b.finish()
}
