//! The context a document's figures need, found once per sentence: the
//! sentences that hold figures or stand before one in its paragraph
//! (`sentences.csv`), and what the context rules find in each of them —
//! attributions, periods, clause breaks (`spans.csv`). Normalize joins them
//! to the figures on byte offsets and runs no rule itself.

use std::collections::BTreeSet;
use std::ops::Range;

use super::locator::Locator;
use crate::contract::{Candidate, SentenceRecord, SpanRecord, SPAN_ATTRIBUTION, SPAN_CLAUSE, SPAN_PERIOD};
use crate::rules::{RuleKind, RuleSet};

/// The sentences the candidates need: every sentence that a candidate's
/// sentence or context overlaps, each once, in text order.
pub fn needed_sentences(locator: &Locator, candidates: &[Candidate]) -> Vec<usize> {
    let sentences = &locator.sentences;
    let mut needed = BTreeSet::new();
    for candidate in candidates {
        let range = candidate.context_byte_start as usize..candidate.sentence_byte_end as usize;
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
/// sentence, in text order.
pub fn context_spans(locator: &Locator, needed: &[usize], rules: &RuleSet) -> Vec<SpanRecord> {
    let mut spans = Vec::new();
    for &i in needed {
        let sentence = locator.sentences[i].clone();
        let text = &locator.text[sentence.clone()];
        let mut found = Vec::new();
        for hit in rules.scan.context.scan(text) {
            let whole = hit.whole();
            match rules.rules[hit.rule].kind {
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
        spans.extend(found);
    }
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
