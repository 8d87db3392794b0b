//! `tally review`: what is left for a curator to decide, as a reading list or
//! as review rows to fill in, and a check of the review file that publishes
//! nothing.
//!
//! It runs extract and normalize into a temporary directory, exactly as a
//! publishing run would, and reads the figures frame they leave.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use polars::prelude::*;

use super::pipeline::{extract_and_normalize, WorkDirs};
use crate::config::{ReviewConfig, ReviewMode};
use crate::contract::{frame_path, read_frame};
use crate::extract::corpus::Decoding;
use crate::review::anchor::locate;
use crate::review::decision::{columns, Action, Decision};
use crate::schema::{DOCUMENTS, FIGURES, REJECTED_FIGURES};
use crate::text::squash as fold;

pub fn run(config: ReviewConfig) -> Result<()> {
    let dirs = WorkDirs::new(None, None)?;
    let review = crate::config::ReviewFiles { figures: config.review.clone(), claims: config.claim_review.clone() };
    extract_and_normalize(&config.raw, config.decoding, &dirs, review, config.rules)?;
    let frame = |table: &str| read_frame(&frame_path(&dirs.normalized, table));
    let figures = frame(FIGURES.name)?;
    let unreviewed = figures.filter(&figures.column("review")?.str()?.equal("unreviewed"))?;
    let mut out = std::io::stdout().lock();
    match config.mode {
        ReviewMode::List => list(&mut out, &unreviewed),
        ReviewMode::Template => template(&mut out, &unreviewed, &frame(DOCUMENTS.name)?, &config.raw, config.decoding),
        ReviewMode::Check => {
            let review = config.review.as_deref().expect("--check requires a review file");
            let decisions = crate::review::read::read(review)?;
            let rejected = frame(REJECTED_FIGURES.name)?.height();
            summarize(&mut out, review, &decisions, &figures, rejected, unreviewed.height())
        }
    }
}

/// The string values of a column, nulls as empty strings.
fn strings(frame: &DataFrame, name: &str) -> Result<Vec<String>> {
    let column = frame.column(name)?.cast(&DataType::String)?;
    // Whole numbers read as written: 2, not 2.0.
    let plain = |v: &str| v.strip_suffix(".0").unwrap_or(v).to_string();
    Ok(column.str()?.iter().map(|v| plain(v.unwrap_or(""))).collect())
}

fn list(out: &mut impl Write, figures: &DataFrame) -> Result<()> {
    let column = |name| strings(figures, name);
    let (ids, docs, lines, quotes, sentences) =
        (column("figure_id")?, column("doc_id")?, column("line")?, column("quote")?, column("sentence")?);
    let (values, lows, highs, units, measures) =
        (column("value")?, column("value_low")?, column("value_high")?, column("unit")?, column("measure")?);
    let (places, starts, ends, sources, rules) =
        (column("place")?, column("period_start")?, column("period_end")?, column("attributed_to")?, column("rule")?);
    for i in 0..figures.height() {
        writeln!(out, "{}:{}  {}  {:?}  ({})", docs[i], lines[i], ids[i], quotes[i], rules[i])?;
        let bounds = match (lows[i].as_str(), highs[i].as_str()) {
            ("", "") => String::new(),
            (low, high) => format!(" [{low}, {high}]"),
        };
        let period = if starts[i].is_empty() { String::new() } else { format!(" {}–{}", starts[i], ends[i]) };
        let source = if sources[i].is_empty() { String::new() } else { format!(" per {}", sources[i]) };
        writeln!(out, "    {}{bounds} {} {} · {}{period}{source}", values[i], units[i], measures[i], places[i])?;
        writeln!(out, "    {}\n", fold(&sentences[i]).replace(&fold(&quotes[i]), &format!("[[{}]]", fold(&quotes[i]))))?;
    }
    writeln!(out, "{} unreviewed figures", figures.height())?;
    Ok(())
}

/// Rows ready for review/figures.csv: id, document, quote, a context that
/// locates the quote, and the text's hash; the curator fills in the action,
/// the corrected fields and the note.
fn template(out: &mut impl Write, figures: &DataFrame, documents: &DataFrame, raw: &Path, decoding: Decoding) -> Result<()> {
    let (doc_ids, files) = (strings(documents, "doc_id")?, strings(documents, "file")?);
    let (ids, docs, quotes) = (strings(figures, "figure_id")?, strings(figures, "doc_id")?, strings(figures, "quote")?);
    let (starts, ends, shas) = (strings(figures, "byte_start")?, strings(figures, "byte_end")?, strings(figures, "source_sha256")?);
    let sentences = strings(figures, "sentence")?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let columns = columns();
    writer.write_record(&columns)?;
    let mut text = (String::new(), String::new());
    for i in 0..figures.height() {
        if text.0 != docs[i] {
            let file = doc_ids.iter().position(|d| *d == docs[i]).map(|p| files[p].clone()).unwrap_or_default();
            let read = crate::extract::corpus::read_text(&raw.join(file), decoding)?;
            text = (docs[i].clone(), read.map(|r| r.text).unwrap_or_default());
        }
        let span = starts[i].parse::<usize>()?..ends[i].parse::<usize>()?;
        let context = context_for(&text.1, span, &sentences[i]);
        let mut record = vec![String::new(); columns.len()];
        for (name, value) in [("figure_id", &ids[i]), ("doc_id", &docs[i]), ("quote", &quotes[i]), ("context", &context), ("source_sha256", &shas[i])] {
            let at = columns.iter().position(|c| *c == name).expect("a review column");
            record[at] = value.clone();
        }
        writer.write_record(&record)?;
    }
    // Written whole, so that a closed pipe is an io::Error like any other.
    out.write_all(&writer.into_inner().map_err(|e| e.into_error())?)?;
    Ok(())
}

/// The shortest run of whole words around the quote that locates it, within
/// its sentence when the sentence allows: at least three words on each side,
/// more until the context occurs once.
fn context_for(text: &str, span: std::ops::Range<usize>, sentence: &str) -> String {
    let quote = &text[span.clone()];
    let sentence = text
        .match_indices(sentence)
        .map(|(start, s)| start..start + s.len())
        .find(|s| s.start <= span.start && span.end <= s.end)
        .unwrap_or(0..text.len());
    let mut last = String::new();
    for words in 3..=20 {
        let within_sentence = words < 12;
        let (floor, ceiling) = if within_sentence { (sentence.start, sentence.end) } else { (0, text.len()) };
        let start = words_before(text, span.start, words).max(floor);
        let end = words_after(text, span.end, words).min(ceiling);
        last = fold(&text[start..end]);
        if locate(text, &last, quote) == Ok(span.clone()) {
            break;
        }
    }
    last
}

fn words_before(text: &str, at: usize, words: usize) -> usize {
    let mut start = at;
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in text[..at].char_indices().rev() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen == words {
                    return start;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
        start = i;
    }
    0
}

fn words_after(text: &str, at: usize, words: usize) -> usize {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in text[at..].char_indices() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen == words {
                    return at + i;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    text.len()
}

fn summarize(
    out: &mut impl Write,
    review: &Path,
    decisions: &[Decision],
    figures: &DataFrame,
    rejected: usize,
    unreviewed: usize,
) -> Result<()> {
    let count = |action: Action| decisions.iter().filter(|d| d.action == action).count();
    let states = strings(figures, "review")?;
    let state = |s: &str| states.iter().filter(|v| *v == s).count();
    let applied = state("accepted") + state("corrected") + state("added") + rejected;
    writeln!(
        out,
        "{}: {} decisions ({} accept, {} correct, {} reject, {} add), all valid",
        review.display(),
        decisions.len(),
        count(Action::Accept),
        count(Action::Correct),
        count(Action::Reject),
        count(Action::Add)
    )?;
    writeln!(
        out,
        "applied to {applied} figures: {} accepted, {} corrected, {} added, {rejected} rejected",
        state("accepted"),
        state("corrected"),
        state("added")
    )?;
    writeln!(out, "not applied (stale, listed above): {}", decisions.len().saturating_sub(applied))?;
    writeln!(out, "figures published: {}, of which unreviewed: {unreviewed}", figures.height())?;
    Ok(())
}
