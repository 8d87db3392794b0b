//! Figures in one text: every match of the figure and exclusion rules,
//! resolved so that no two overlap, each located and written as a candidate
//! with the raw text of the parts its rule captured.

use std::ops::Range;

use super::locator::Locator;
use crate::contract::Candidate;
use crate::number::{self, NumberWords};
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
    let view = ScanView::new(locator.text, &rules.lexicon.numbers);
    for run in &view.long_runs {
        warn(&format!(
            "{}:{}: a run of {} digits is not read as a number (more than {MAX_DIGIT_RUN})",
            locator.doc_id,
            locator.index.line(view.raw_start(run.start)),
            run.len()
        ));
    }
    find_figures(rules, &view.text)
        .into_iter()
        .map(|m| view.raw_match(m))
        .map(|m| candidate_at(locator, sha256, m.span.clone(), &rules.rules[m.rule].id, Some(&m.groups)))
        .collect()
}

/// The text as the figure rules read it: without invisible characters
/// (`text::is_invisible`), which never change what a number is — "1,\u{200b}000"
/// is one figure, 1000 — nor the line-end hyphens inside number words
/// ("миллио-\nна", `number::broken_words`), and with every run of more than [`MAX_DIGIT_RUN`]
/// ASCII digits replaced by as many `_`. Matches are mapped back to the
/// text's own offsets, so a quote still slices the text exactly (invisible
/// characters inside it included). Costs one pass when there is nothing to
/// change, the usual case.
struct ScanView<'t> {
    text: std::borrow::Cow<'t, str>,
    /// Where invisible characters were taken out: (offset in the view, bytes
    /// taken out up to there, in all), one entry per run of them.
    removed: Vec<(usize, usize)>,
    /// The masked digit runs, as offsets in the view.
    long_runs: Vec<Range<usize>>,
}

impl<'t> ScanView<'t> {
    fn new(raw: &'t str, words: &NumberWords) -> ScanView<'t> {
        let mut removed: Vec<(usize, usize)> = Vec::new();
        let mut unread: Vec<Range<usize>> =
            raw.char_indices().filter(|&(_, c)| crate::text::is_invisible(c)).map(|(at, c)| at..at + c.len_utf8()).collect();
        unread.extend(number::broken_words(raw, words));
        let text = if unread.is_empty() {
            std::borrow::Cow::Borrowed(raw)
        } else {
            unread.sort_by_key(|r| r.start);
            let mut kept = String::with_capacity(raw.len());
            let (mut at, mut taken) = (0, 0);
            for range in unread {
                let range = range.start.max(at)..range.end.max(at);
                kept.push_str(&raw[at..range.start]);
                taken += range.len();
                match removed.last_mut() {
                    Some(last) if last.0 == kept.len() => last.1 = taken,
                    _ => removed.push((kept.len(), taken)),
                }
                at = range.end;
            }
            kept.push_str(&raw[at..]);
            std::borrow::Cow::Owned(kept)
        };
        let long_runs = long_digit_runs(&text);
        let text = if long_runs.is_empty() {
            text
        } else {
            let mut masked = text.into_owned().into_bytes();
            for run in &long_runs {
                masked[run.clone()].fill(b'_');
            }
            std::borrow::Cow::Owned(String::from_utf8(masked).expect("ASCII digits replaced by ASCII"))
        };
        ScanView { text, removed, long_runs }
    }

    /// The text offset of a span starting at `at` in the view: after the
    /// invisible characters just before it.
    fn raw_start(&self, at: usize) -> usize {
        let before = self.removed.partition_point(|&(v, _)| v <= at);
        at + before.checked_sub(1).map_or(0, |i| self.removed[i].1)
    }

    /// The text offset of a span ending at `at` in the view: before the
    /// invisible characters just after it.
    fn raw_end(&self, at: usize) -> usize {
        let before = self.removed.partition_point(|&(v, _)| v < at);
        at + before.checked_sub(1).map_or(0, |i| self.removed[i].1)
    }

    fn raw_span(&self, span: Range<usize>) -> Range<usize> {
        if span.is_empty() {
            let at = self.raw_start(span.start);
            return at..at;
        }
        self.raw_start(span.start)..self.raw_end(span.end)
    }

    fn raw_match(&self, m: RuleMatch) -> RuleMatch {
        if self.removed.is_empty() {
            return m;
        }
        let raw = |r: Option<Range<usize>>| r.map(|r| self.raw_span(r));
        let g = m.groups;
        RuleMatch {
            rule: m.rule,
            span: self.raw_span(m.span),
            groups: Groups {
                qualifier: raw(g.qualifier),
                number: raw(g.number),
                low: raw(g.low),
                high: raw(g.high),
                vague: raw(g.vague),
                fraction: raw(g.fraction),
                unit: raw(g.unit),
            },
        }
    }
}

/// The runs of more than [`MAX_DIGIT_RUN`] ASCII digits.
fn long_digit_runs(text: &str) -> Vec<Range<usize>> {
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
    runs
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_view_maps_back_to_the_text() {
        let raw = "\u{feff}About 1,\u{200b}000 and 2\u{ad}\u{200d}500.";
        let words = NumberWords::from_toml(include_str!("../../rules/numbers.toml"));
        let view = ScanView::new(raw, &words);
        assert_eq!(view.text, "About 1,000 and 2500.");
        let at = |s: &str| view.text.find(s).unwrap();
        let span = |s: &str| view.raw_span(at(s)..at(s) + s.len());
        assert_eq!(&raw[span("About 1,000")], "About 1,\u{200b}000");
        assert_eq!(&raw[span("2500")], "2\u{ad}\u{200d}500");
        assert_eq!(&raw[span("1,0")], "1,\u{200b}0");
        assert_eq!(&raw[span("1,")], "1,");

        let raw = "полтора миллио-\n  на человек, twenty-\nfive";
        let view = ScanView::new(raw, &words);
        assert_eq!(view.text, "полтора миллиона человек, twenty-\nfive");
        let at = view.text.find("полтора").unwrap();
        assert_eq!(&raw[view.raw_span(at..at + "полтора миллиона".len())], "полтора миллио-\n  на");
    }
}
