//! Figure context: what a number counts (measure), where (place), when
//! (period) and on whose word (attributed_to). Each has its file; this one
//! joins what extract found — the sentences, the context rules' spans, the
//! gazetteer's places — to each candidate on byte offsets, and says what a
//! document as a whole implies.

pub mod attribution;
pub mod measure;
pub mod period;
pub mod place;
pub mod sentence;

use std::collections::BTreeMap;
use std::ops::Range;

use anyhow::{bail, Result};

use attribution::Attribution;
use period::{year_of_date, YearSpan};
use sentence::Sentence;
use crate::contract::{Candidate, DocumentRecord, MentionCandidate, SentenceRecord, SpanRecord, SPAN_ATTRIBUTION, SPAN_CLAUSE, SPAN_PERIOD};

/// A stretch of text and what the rules found in it, in offsets of `text`.
#[derive(Debug, Default)]
pub struct Passage<'a> {
    pub text: &'a str,
    pub attributions: Vec<Attribution>,
    pub periods: Vec<YearSpan>,
    pub places: Vec<(Range<usize>, &'a str)>,
    pub clause_breaks: Vec<Range<usize>>,
}

/// One document's text as far as its figures need it, with the spans and
/// places extract found in it.
pub struct DocumentText<'a> {
    /// The stored sentences by start: (start, end, lead, text).
    sentences: Vec<&'a SentenceRecord>,
    spans: Vec<&'a SpanRecord>,
    /// Places the gazetteer named: (span, canonical name).
    places: Vec<(Range<usize>, &'a str)>,
}

impl<'a> DocumentText<'a> {
    pub fn new(sentences: Vec<&'a SentenceRecord>, spans: Vec<&'a SpanRecord>, mentions: &[&'a MentionCandidate]) -> DocumentText<'a> {
        let places = mentions
            .iter()
            .filter(|m| m.entity_type == "place")
            .map(|m| (m.byte_start as usize..m.byte_end as usize, m.entity_name.as_str()))
            .collect();
        DocumentText { sentences, spans, places }
    }

    /// The text of `range`, put back together from the stored sentences and
    /// the white space between them.
    pub fn slice(&self, range: Range<usize>) -> Result<String> {
        let mut out = String::with_capacity(range.len());
        let mut at = range.start;
        let first = self.sentences.partition_point(|s| (s.byte_end as usize) <= range.start);
        for sentence in &self.sentences[first..] {
            if at >= range.end {
                break;
            }
            let (start, end) = (sentence.byte_start as usize, sentence.byte_end as usize);
            let lead_start = start - sentence.lead.len();
            if lead_start > at {
                break;
            }
            let piece = format!("{}{}", sentence.lead, sentence.text);
            let from = at - lead_start;
            let to = range.end.min(end) - lead_start;
            out.push_str(&piece[from..to]);
            at = lead_start + to;
        }
        if at < range.end {
            bail!("internal: bytes {}..{} of the text are not in sentences.csv", at, range.end);
        }
        Ok(out)
    }

    /// What the rules found in `range` (offsets in the document), in offsets
    /// of a text that begins at `origin`.
    fn passage(&self, text: &'a str, origin: usize, range: Range<usize>) -> Passage<'a> {
        let inside = |s: usize, e: usize| range.start <= s && e <= range.end;
        let local = |s: i64, e: i64| s as usize - origin..e as usize - origin;
        let mut passage = Passage { text, ..Passage::default() };
        for span in self.spans.iter().filter(|s| inside(s.byte_start as usize, s.byte_end as usize)) {
            let whole = local(span.byte_start, span.byte_end);
            match span.kind.as_str() {
                SPAN_ATTRIBUTION => {
                    if let (Some(s), Some(e)) = (span.inner_start, span.inner_end) {
                        passage.attributions.push(Attribution { whole, source: local(s, e) });
                    }
                }
                SPAN_PERIOD => {
                    let Some(first) = &span.first else { continue };
                    if let Some(years) = YearSpan::of(whole, first, span.last.as_deref(), span.open == Some(true)) {
                        passage.periods.push(years);
                    }
                }
                SPAN_CLAUSE => passage.clause_breaks.push(whole),
                _ => {}
            }
        }
        passage.places =
            self.places.iter().filter(|(p, _)| inside(p.start, p.end)).map(|(p, name)| (p.start - origin..p.end - origin, *name)).collect();
        passage
    }
}

/// A candidate's sentence and the paragraph before it, with what the rules
/// found in each.
pub struct FigureText {
    pub sentence: String,
    pub quote: Range<usize>,
    /// The paragraph before the sentence, trimmed, and where it begins in
    /// the document.
    pub before: String,
    before_start: usize,
}

impl FigureText {
    pub fn of(candidate: &Candidate, document: &DocumentText) -> Result<FigureText> {
        let sentence_range = candidate.sentence_byte_start as usize..candidate.sentence_byte_end as usize;
        let sentence = document.slice(sentence_range.clone())?;
        let quote = candidate.byte_start as usize - sentence_range.start..candidate.byte_end as usize - sentence_range.start;
        let raw = document.slice(candidate.context_byte_start as usize..sentence_range.start)?;
        let before_start = candidate.context_byte_start as usize + (raw.len() - raw.trim_start().len());
        Ok(FigureText { before: raw.trim().to_string(), sentence, quote, before_start })
    }

    pub fn sentence(&self) -> Sentence<'_> {
        Sentence { text: &self.sentence, quote: self.quote.clone() }
    }

    /// The sentence's spans and the paragraph's, as passages.
    pub fn passages<'t>(&'t self, candidate: &Candidate, document: &DocumentText<'t>) -> (Passage<'t>, Passage<'t>) {
        let start = candidate.sentence_byte_start as usize;
        let sentence = document.passage(&self.sentence, start, start..candidate.sentence_byte_end as usize);
        let before = document.passage(&self.before, self.before_start, self.before_start..self.before_start + self.before.len());
        (sentence, before)
    }
}

/// What normalize knows of a document as a whole, for figures whose own
/// sentence and paragraph leave something unsaid.
#[derive(Debug, Default)]
pub struct DocumentContext {
    /// The place the document talks about most.
    pub main_place: Option<String>,
    /// The year the manifest says the document was published.
    pub published: Option<i32>,
    /// The year of publication, when the document reports events of its own
    /// time: the contexts of its figures name that year or the one before.
    /// A historical text published in 2021 says nothing of 2021.
    pub current_year: Option<i32>,
}

impl DocumentContext {
    pub fn of(document: &DocumentRecord, candidates: &[&Candidate], text: &DocumentText) -> DocumentContext {
        let published = document.published.as_deref().and_then(year_of_date);
        let names = |year: i32| {
            candidates.iter().any(|c| {
                let range = c.context_byte_start as usize..c.sentence_byte_end as usize;
                text.spans.iter().filter(|s| s.kind == SPAN_PERIOD).any(|s| {
                    let inside = range.start <= s.byte_start as usize && s.byte_end as usize <= range.end;
                    let years = s.first.as_deref().and_then(|f| YearSpan::of(0..0, f, s.last.as_deref(), false));
                    inside && years.is_some_and(|p| p.start <= year && year - 1 <= p.end)
                })
            })
        };
        DocumentContext { main_place: main_place(candidates, text), published, current_year: published.filter(|&year| names(year)) }
    }
}

/// The place a document's figures' sentences name most, for figures whose
/// own context names none.
fn main_place(candidates: &[&Candidate], text: &DocumentText) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for candidate in candidates {
        let sentence = candidate.sentence_byte_start as usize..candidate.sentence_byte_end as usize;
        for (_, place) in text.places.iter().filter(|(p, _)| sentence.start <= p.start && p.end <= sentence.end) {
            *counts.entry(place).or_default() += 1;
        }
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(p, _)| p.to_string())
}
