//! Applying the review file's decisions to a document's figures: each finds
//! its figure by id or by anchor, and the figures come out published (with
//! their review state) or rejected. The decisions were loaded and checked by
//! `review`, and anchored to the text by extract.

use std::collections::BTreeMap;
use std::ops::Range;

use anyhow::{bail, Result};

use super::figures::Figure;
use crate::contract::{Anchor, Candidate, REVIEW_RULE as RULE};
use crate::review::decision::{Action, Decision, Edit, Fields};
use crate::text::squash as fold;

/// A figure as it will be published or rejected: the candidate, what it
/// says after review, and the review state and note.
#[derive(Debug)]
pub struct ReviewedFigure<'c> {
    pub candidate: &'c Candidate,
    pub figure: Figure,
    /// `figures.review`: unreviewed, accepted, corrected, added; or rejected.
    pub state: &'static str,
    pub note: Option<String>,
}

/// The figures after review, and what the curator should look at.
#[derive(Debug, Default)]
pub struct Reviewed<'c> {
    pub published: Vec<ReviewedFigure<'c>>,
    pub rejected: Vec<ReviewedFigure<'c>>,
    /// Decisions kept in the file but not applied, each (its line, `file:line:
    /// id …: why`).
    pub stale: Vec<(u64, String)>,
    /// Decisions applied to a figure other than the one they name (the
    /// rules or the text around it changed), each (its line, `file:line: …`).
    pub moved: Vec<(u64, String)>,
}

/// Applies the decisions about one document to its interpreted figures
/// (`document_sha256` is its text's hash; `None` for a document the corpus
/// does not hold). A decision finds its figure by id, else by where its
/// anchor stands in the text; one that finds neither is stale when the text
/// changed (kept, reported) and an error when it did not (a mistyped id or
/// context). Every error is reported at once.
pub fn apply<'c>(
    decisions: &[&Decision],
    figures: Vec<(&'c Candidate, Figure)>,
    document_sha256: Option<&str>,
) -> Result<Reviewed<'c>> {
    let by_id: BTreeMap<&str, usize> = figures.iter().enumerate().map(|(i, (c, _))| (c.figure_id.as_str(), i)).collect();
    let mut decided: Vec<Option<&Decision>> = vec![None; figures.len()];
    let mut superseded = vec![false; figures.len()];
    let mut reviewed = Reviewed::default();
    let mut problems = Vec::new();
    for &decision in decisions {
        let target = match find_target(decision, &figures, &by_id, document_sha256) {
            Ok(Target::Figure(i)) => i,
            Ok(Target::Moved(i)) if decision.figure_id().is_none() => i,
            Ok(Target::Moved(i)) => {
                reviewed.moved.push((decision.row.line, format!(
                    "{}: {} is now {} {:?} (the rules or the text around it changed); applied, update the id",
                    decision.at(),
                    decision.figure_id().unwrap_or_default(),
                    figures[i].0.figure_id,
                    figures[i].0.quote
                )));
                i
            }
            Ok(Target::Stale(why)) => {
                reviewed.stale.push((decision.row.line, stale_message(decision, &why)));
                continue;
            }
            Err(problem) => {
                problems.push(format!("{}: {problem}", decision.at()));
                continue;
            }
        };
        if let Some(earlier) = decided[target] {
            problems.push(format!(
                "{}: a second decision for {} {:?} (the first is {})",
                decision.at(),
                figures[target].0.figure_id,
                figures[target].0.quote,
                earlier.at()
            ));
            continue;
        }
        decided[target] = Some(decision);
    }
    // The rules may come to find what a curator added; the curator's row
    // stands and an undecided rules' row overlapping it gives way.
    for (target, decision) in decided.iter().enumerate().filter_map(|(i, d)| Some((i, (*d)?))) {
        if decision.action != Action::Add {
            continue;
        }
        let span = figures[target].0.char_start..figures[target].0.char_end;
        for (i, (candidate, _)) in figures.iter().enumerate() {
            let rules_row = candidate.rule != RULE && decided[i].is_none();
            if rules_row && candidate.doc_id == decision.row.doc_id && overlaps(candidate, &span) {
                superseded[i] = true;
                reviewed.moved.push((decision.row.line, format!(
                    "{}: the rules now find {:?} ({}, rule {}) where this row adds a figure; the added row is published",
                    decision.at(),
                    candidate.quote,
                    candidate.figure_id,
                    candidate.rule
                )));
            }
        }
    }

    for (i, (candidate, mut figure)) in figures.into_iter().enumerate() {
        let Some(decision) = decided[i] else {
            if !superseded[i] {
                reviewed.published.push(ReviewedFigure { candidate, figure, state: "unreviewed", note: None });
            }
            continue;
        };
        apply_fields(&decision.fields, &mut figure);
        if matches!(decision.action, Action::Correct | Action::Add) {
            if let Err(problem) = consistent(&figure) {
                problems.push(format!("{}: after the correction, {problem}", decision.at()));
                continue;
            }
        }
        let reviewed_figure = ReviewedFigure { candidate, figure, state: decision.action.review_state(), note: decision.note.clone() };
        match decision.action {
            Action::Reject => reviewed.rejected.push(reviewed_figure),
            _ => reviewed.published.push(reviewed_figure),
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(reviewed)
}

enum Target {
    /// The figure the decision names by id.
    Figure(usize),
    /// Another figure, standing where the decision's anchor stands.
    Moved(usize),
    /// None, for the reason given.
    Stale(String),
}

fn find_target(
    decision: &Decision,
    figures: &[(&Candidate, Figure)],
    by_id: &BTreeMap<&str, usize>,
    document_sha256: Option<&str>,
) -> Result<Target, String> {
    let row = &decision.row;
    if decision.action == Action::Add {
        if row.anchor != Anchor::Found {
            return Ok(Target::Stale(format!("the text changed: {}", row.anchor.problem(row))));
        }
        return by_id
            .get(row.added_figure_id.as_str())
            .map(|&i| Target::Figure(i))
            .ok_or_else(|| format!("internal: the added figure {} was not extracted", row.added_figure_id));
    }
    if let Some(&i) = decision.figure_id().and_then(|id| by_id.get(id)) {
        return Ok(Target::Figure(i));
    }
    let unknown = match decision.figure_id() {
        Some(id) => format!("unknown figure id {id}: no figure has it"),
        None => "no figure_id".to_string(),
    };
    if let Some(span) = decision.anchor_span() {
        let standing_there: Vec<usize> = figures
            .iter()
            .enumerate()
            .filter(|(_, (c, _))| c.doc_id == row.doc_id && c.rule != RULE && overlaps(c, &span))
            .map(|(i, _)| i)
            .collect();
        let same_quote = standing_there.iter().copied().find(|&i| fold(&figures[i].0.quote) == fold(&row.quote));
        return Ok(match same_quote.or(standing_there.first().copied()) {
            Some(i) => Target::Moved(i),
            None => Target::Stale(format!("the rules no longer find a figure at {:?}; its quote is still in the text", row.quote)),
        });
    }
    let text_changed = match document_sha256 {
        None => !row.source_sha256.is_empty(),
        Some(current) => !row.source_sha256.is_empty() && row.source_sha256 != current,
    };
    if text_changed {
        return Ok(Target::Stale(format!("the text changed since the review: {}", row.anchor.problem(row))));
    }
    match row.anchor {
        Anchor::None => Err(format!("{unknown}; give quote and context so the decision can follow the text")),
        Anchor::NoDocument => Err(format!("{unknown}, and document {} is not in the corpus", row.doc_id)),
        _ => Err(format!("{unknown}, and {}", row.anchor.problem(row))),
    }
}

fn overlaps(candidate: &Candidate, span: &Range<i64>) -> bool {
    crate::text::overlaps(&(candidate.char_start..candidate.char_end), span)
}

/// A corrected or added figure's values must agree with its qualifier, as
/// DATASET.md defines them.
fn consistent(figure: &Figure) -> Result<(), String> {
    let (value, low, high) = (figure.value, figure.value_low, figure.value_high);
    match figure.qualifier.as_str() {
        "range" if value.is_some() || low.is_none() || high.is_none() => {
            Err("a range has value_low and value_high and no value".into())
        }
        "vague" if value.is_some() || low.is_none() => Err("a vague magnitude has value_low and no value".into()),
        "exact" | "approx" | "at_least" | "more_than" | "less_than" if value.is_none() => {
            Err(format!("qualifier {} needs a value", figure.qualifier))
        }
        _ => match (low, high) {
            (Some(low), Some(high)) if low > high => Err(format!("value_low {low} is above value_high {high}")),
            _ => Ok(()),
        },
    }
}

/// A stale decision's report line: the review file's line, the id and why.
pub fn stale_message(decision: &Decision, why: &str) -> String {
    let id = decision.figure_id().unwrap_or("(add)");
    format!("{}: {id} {:?} not applied, kept in the file: {why}", decision.at(), decision.row.quote)
}

/// Overwrites the fields the decision sets; a figure's qualifier, unit and
/// measure can be replaced but never emptied (checked on load).
fn apply_fields(fields: &Fields, figure: &mut Figure) {
    fields.value.apply_to(&mut figure.value);
    fields.value_low.apply_to(&mut figure.value_low);
    fields.value_high.apply_to(&mut figure.value_high);
    for (edit, field) in [(&fields.qualifier, &mut figure.qualifier), (&fields.unit, &mut figure.unit), (&fields.measure, &mut figure.measure)] {
        if let Edit::Set(v) = edit {
            *field = v.clone();
        }
    }
    fields.subject.apply_to(&mut figure.subject);
    fields.place.apply_to(&mut figure.place);
    fields.period_start.apply_to(&mut figure.period_start);
    fields.period_end.apply_to(&mut figure.period_end);
    fields.attributed_to.apply_to(&mut figure.attributed_to);
}
