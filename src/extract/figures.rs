//! Figures in one text: every match of the figure and exclusion rules,
//! resolved so that no two overlap, each located and written as a candidate
//! with the raw text of the parts its rule captured.

use std::ops::Range;

use super::locator::Locator;
use crate::contract::Candidate;
use crate::rules::{RuleKind, RuleSet};
use crate::console::warn;
use crate::text::SpanSet;

/// The spans of the named groups a figure rule may capture.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    pub qualifier: Option<Range<usize>>,
    pub number: Option<Range<usize>>,
    pub low: Option<Range<usize>>,
    pub high: Option<Range<usize>>,
    pub vague: Option<Range<usize>>,
    pub fraction: Option<Range<usize>>,
    pub unit: Option<Range<usize>>,
}

/// One accepted match: the byte span it claims (the `quote` group, or the
/// whole match) and its groups.
#[derive(Debug, Clone)]
pub struct RuleMatch {
    pub rule: usize,
    pub span: Range<usize>,
    pub groups: Groups,
}

/// Every match of every figure and exclusion rule, resolved so that no two
/// accepted spans overlap: a higher priority wins, then the longer match,
/// then the earlier one. Exclusion matches are resolved like the others and
/// then dropped, which is how they veto the figures they overlap.
pub fn find_figures(rules: &RuleSet, text: &str) -> Vec<RuleMatch> {
    let mut candidates: Vec<(i32, usize, RuleMatch)> = Vec::new();
    for hit in rules.scan.figures.scan(text) {
        let whole = hit.whole();
        let span = hit.group("quote").unwrap_or(whole.clone());
        let groups = Groups {
            qualifier: hit.group("qualifier"),
            number: hit.group("number"),
            low: hit.group("low"),
            high: hit.group("high"),
            vague: hit.group("vague"),
            fraction: hit.group("fraction"),
            unit: hit.group("unit"),
        };
        candidates.push((rules.rules[hit.rule].priority, whole.len(), RuleMatch { rule: hit.rule, span, groups }));
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.span.start.cmp(&b.2.span.start)));
    let mut taken = SpanSet::default();
    let mut accepted = Vec::new();
    for (_, _, m) in candidates {
        if taken.overlaps(&m.span) {
            continue;
        }
        taken.insert(&m.span);
        if rules.rules[m.rule].kind == RuleKind::Figure {
            accepted.push(m);
        }
    }
    accepted.sort_by_key(|m| (m.span.start, m.span.end));
    accepted
}

/// The longest run of digits read as (part of) a number: far above any
/// figure with its thousands groups, and short enough that a run of
/// thousands of digits (a scan artefact, a table of codes) cannot make
/// the rules try every start inside it, which costs the square of its length.
pub const MAX_DIGIT_RUN: usize = 64;

/// Every figure the rules find in one text, with provenance.
pub fn candidates(locator: &mut Locator, sha256: &str, rules: &RuleSet) -> Vec<Candidate> {
    let masked = mask_long_digit_runs(locator.text);
    if let Some((_, runs)) = &masked {
        for run in runs {
            warn(&format!(
                "{}:{}: a run of {} digits is not read as a number (more than {MAX_DIGIT_RUN})",
                locator.doc_id,
                locator.index.line(run.start),
                run.len()
            ));
        }
    }
    let scanned = masked.as_ref().map_or(locator.text, |(text, _)| text.as_str());
    find_figures(rules, scanned)
        .into_iter()
        .map(|m| candidate_at(locator, sha256, m.span.clone(), &rules.rules[m.rule].id, Some(&m.groups)))
        .collect()
}

/// The text with every run of more than [`MAX_DIGIT_RUN`] ASCII digits
/// replaced by as many `_` (same bytes, so every offset still holds), and
/// the runs; `None` when there is none, the usual case, which costs one pass.
fn mask_long_digit_runs(text: &str) -> Option<(String, Vec<Range<usize>>)> {
    let bytes = text.as_bytes();
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii_digit() {
            let start = at;
            while at < bytes.len() && bytes[at].is_ascii_digit() {
                at += 1;
            }
            if at - start > MAX_DIGIT_RUN {
                runs.push(start..at);
            }
        } else {
            at += 1;
        }
    }
    if runs.is_empty() {
        return None;
    }
    let mut masked = text.as_bytes().to_vec();
    for run in &runs {
        masked[run.clone()].fill(b'_');
    }
    Some((String::from_utf8(masked).expect("ASCII digits replaced by ASCII"), runs))
}

/// The candidate at `span`, with the parts a rule captured (none for a
/// curator's `add`).
pub fn candidate_at(locator: &mut Locator, sha256: &str, span: Range<usize>, rule: &str, groups: Option<&Groups>) -> Candidate {
    let text = locator.text;
    let part = |range: Option<&Option<Range<usize>>>| range.cloned().flatten().map(|r| text[r].to_string());
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
        sentence_byte_start: at.sentence.start as i64,
        sentence_byte_end: at.sentence.end as i64,
        context_byte_start: at.context_start as i64,
        qualifier_text: part(groups.map(|g| &g.qualifier)),
        number_text: part(groups.map(|g| &g.number)),
        low_text: part(groups.map(|g| &g.low)),
        high_text: part(groups.map(|g| &g.high)),
        vague_text: part(groups.map(|g| &g.vague)),
        fraction_text: part(groups.map(|g| &g.fraction)),
        unit_text: part(groups.map(|g| &g.unit)),
        source_sha256: sha256.to_string(),
    }
}
