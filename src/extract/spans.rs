//! The context a document's figures need, found once per sentence: the
//! sentences that hold figures or stand before one in its paragraph
//! (`sentences.csv`), and what the context rules find in each of them —
//! attributions, periods, clause breaks (`spans.csv`). Normalize joins them
//! to the figures on byte offsets and runs no rule itself.

use std::collections::BTreeSet;
use std::ops::Range;

use super::locator::Locator;
use crate::contract::{Candidate, SentenceRecord, SpanRecord, SPAN_ATTRIBUTION, SPAN_CLAUSE, SPAN_HEADING, SPAN_PARAGRAPH, SPAN_PERIOD, PERIOD_DATE, PERIOD_OF_WRITING};
use crate::rules::{RuleKind, RuleSet};

/// The sentences the candidates need: every sentence of a candidate's
/// paragraph and of the paragraph before it (a source may speak after the
/// figure — "…, сообщил Асылов", "Such figures were given by X" — and "he"
/// names the one named before), and the headings (which may name the place
/// or the speaker of their section), each once, in text order.
pub fn needed_sentences(locator: &Locator, candidates: &[Candidate]) -> Vec<usize> {
    let sentences = &locator.sentences;
    let paragraphs = super::sentences::paragraph_starts(locator.text);
    let mut needed = BTreeSet::new();
    if !candidates.is_empty() {
        for heading in super::sentences::heading_lines(locator.text) {
            let first = sentences.partition_point(|s| s.end <= heading.start);
            let last = sentences.partition_point(|s| s.start < heading.end);
            needed.extend(first..last);
        }
    }
    for candidate in candidates {
        let at = candidate.sentence_byte_start as usize;
        let own = paragraphs.partition_point(|&s| s <= at);
        let start = own.checked_sub(2).map_or(0, |p| paragraphs[p]);
        let end = paragraphs.get(own).copied().unwrap_or(locator.text.len());
        let range = start.min(candidate.context_byte_start as usize)..end.max(candidate.sentence_byte_end as usize);
        let first = sentences.partition_point(|s| s.end <= range.start);
        let last = sentences.partition_point(|s| s.start < range.end);
        needed.extend(first..last);
    }
    needed.into_iter().collect()
}

/// The rows of `sentences.csv` for the needed sentences.
pub fn sentence_records(locator: &Locator, needed: &[usize]) -> Vec<SentenceRecord> {
    let text = locator.text;
    needed
        .iter()
        .map(|&i| {
            let sentence = &locator.sentences[i];
            let lead_start = if i == 0 { 0 } else { locator.sentences[i - 1].end };
            SentenceRecord {
                doc_id: locator.doc_id.to_string(),
                byte_start: sentence.start as i64,
                byte_end: sentence.end as i64,
                char_start: locator.char_offset(sentence.start),
                lead: text[lead_start..sentence.start].to_string(),
                text: text[sentence.clone()].to_string(),
            }
        })
        .collect()
}

/// What the attribution, period and clause rules find in each needed
/// sentence, in text order; then the periods of every other sentence and
/// the headings of the text, which may date or place the figures of their
/// section.
pub fn context_spans(locator: &Locator, needed: &[usize], rules: &RuleSet) -> Vec<SpanRecord> {
    let mut spans = Vec::new();
    let mut outline = Vec::new();
    let is_needed: BTreeSet<usize> = needed.iter().copied().collect();
    for i in 0..locator.sentences.len() {
        let sentence = locator.sentences[i].clone();
        let text = &locator.text[sentence.clone()];
        let needed = is_needed.contains(&i);
        let scanner = if needed { &rules.scan.context } else { &rules.scan.periods };
        let mut found = Vec::new();
        for hit in scanner.scan(text) {
            let whole = hit.whole();
            let kind = rules.rules[hit.rule].kind;
            let wanted = needed || kind == RuleKind::Period;
            if !wanted {
                continue;
            }
            match kind {
                RuleKind::Attribution => {
                    let Some(source) = hit.group("source") else { continue };
                    found.push(span(locator, SPAN_ATTRIBUTION, &sentence, whole, |s| {
                        s.inner_start = Some((sentence.start + source.start) as i64);
                        s.inner_end = Some((sentence.start + source.end) as i64);
                    }));
                }
                RuleKind::Period => {
                    let group = |name: &str| hit.group(name).map(|r| text[r].to_string());
                    let (first, last, open) = match (group("span_start"), group("since"), group("year")) {
                        (Some(start), _, _) => (start, group("span_end"), false),
                        (_, Some(since), _) => (since, None, true),
                        (_, _, Some(year)) => (year, group("year_end"), false),
                        _ if hit.group("now").is_some() => (PERIOD_OF_WRITING.to_string(), None, false),
                        _ if hit.group("date").is_some() => (PERIOD_DATE.to_string(), None, false),
                        _ => continue,
                    };
                    found.push(span(locator, SPAN_PERIOD, &sentence, whole, |s| {
                        s.first = Some(first);
                        s.last = last;
                        s.open = Some(open);
                    }));
                }
                _ => found.push(span(locator, SPAN_CLAUSE, &sentence, whole, |_| {})),
            }
        }
        // Each rule's matches in text order, the rules in file order: the
        // order in which normalize weighs attributions that tie.
        if needed {
            spans.extend(found);
        } else {
            outline.extend(found);
        }
    }
    let headings = super::sentences::heading_lines(locator.text);
    outline.extend(headings.into_iter().map(|line| span(locator, SPAN_HEADING, &(0..0), line, |_| {})));
    let mut starts = vec![0];
    starts.extend(super::sentences::paragraph_starts(locator.text));
    let ends = starts.iter().skip(1).copied().chain([locator.text.len()]);
    outline.extend(starts.iter().zip(ends).map(|(&start, end)| span(locator, SPAN_PARAGRAPH, &(0..0), start..end, |_| {})));
    outline.sort_by_key(|s| (s.byte_start, s.byte_end));
    spans.extend(outline);
    spans
}

fn span(
    locator: &Locator,
    kind: &str,
    sentence: &Range<usize>,
    within: Range<usize>,
    fill: impl FnOnce(&mut SpanRecord),
) -> SpanRecord {
    let mut record = SpanRecord {
        doc_id: locator.doc_id.to_string(),
        kind: kind.to_string(),
        byte_start: (sentence.start + within.start) as i64,
        byte_end: (sentence.start + within.end) as i64,
        inner_start: None,
        inner_end: None,
        first: None,
        last: None,
        open: None,
    };
    fill(&mut record);
    record
}
