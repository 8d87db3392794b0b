//! The join: what extract found in a document — its sentences, the context
//! rules' spans, the gazetteer's places — put together for each candidate on
//! byte offsets, as passages the context readers work on.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use anyhow::{bail, Result};

use super::sentence::Sentence;
use crate::contract::{
    Candidate, MentionCandidate, SentenceRecord, SpanRecord, PERIOD_DATE, PERIOD_OF_WRITING, SPAN_ATTRIBUTION, SPAN_CLAUSE,
    SPAN_PARAGRAPH, SPAN_PERIOD,
};
use crate::rules::gazetteer::Gazetteer;
use crate::text::{SpanSet, SpansInside};

/// A stretch of text and what the rules found in it, in offsets of `text`.
#[derive(Debug, Default)]
pub struct Passage<'a> {
    pub text: &'a str,
    pub attributions: Vec<Attribution>,
    pub periods: Vec<YearSpan>,
    /// The events named, with their years.
    pub events: Vec<YearSpan>,
    /// The events named that the gazetteer knows the place of, with it.
    pub event_places: Vec<(Range<usize>, &'a str)>,
    pub places: Vec<(Range<usize>, &'a str)>,
    /// The places that only name an institution's jurisdiction.
    pub jurisdictions: Vec<Range<usize>>,
    pub clause_breaks: Vec<Range<usize>>,
}

/// One document's text as far as its figures need it, with the spans and
/// places extract found in it.
pub struct DocumentText<'a> {
    /// The stored sentences by start: (start, end, lead, text).
    sentences: Vec<&'a SentenceRecord>,
    /// The context rules' spans, without the years that a figure's own
    /// number is ("1000 people every hour" names no year 1000).
    pub spans: Vec<&'a SpanRecord>,
    /// The year of publication, which a period of the time of writing
    /// names ("on Sunday").
    pub published: Option<i32>,
    /// The year of each date without its year, by its start: the year
    /// named last before it in its paragraph.
    dated: BTreeMap<usize, i32>,
    /// Places the gazetteer named: (span, canonical name).
    pub places: Vec<(Range<usize>, &'a str)>,
    /// Events the gazetteer knows the years of, as the periods they name
    /// ("во время январских событий": 2022), by start.
    pub events: Vec<YearSpan>,
    /// The events and organizations named that the gazetteer knows the
    /// place of: (span, place, whether it is an event), by start.
    pub scenes: Vec<Scene<'a>>,
    /// The places named right after an organization as its jurisdiction
    /// ("КГБ СССР", "МВД РК"): part of the institution's name, so where
    /// the text's figures happen only if their own sentence says so.
    jurisdictions: SpanSet,
    /// The spans and places by position, so that a passage finds its own
    /// by a binary search, not by a pass over the document's (which made a
    /// long document quadratic).
    spans_index: SpansInside,
    places_index: SpansInside,
    events_index: SpansInside,
    scenes_index: SpansInside,
}

/// An event or organization named in a text, and the place the gazetteer
/// knows it by: where it happened, what it governed.
#[derive(Debug, Clone)]
pub struct Scene<'a> {
    pub span: Range<usize>,
    pub place: &'a str,
    pub event: bool,
}

impl<'a> DocumentText<'a> {
    pub fn new(
        sentences: Vec<&'a SentenceRecord>,
        spans: Vec<&'a SpanRecord>,
        mentions: &[&'a MentionCandidate],
        candidates: &[&Candidate],
        published: Option<i32>,
        gazetteer: &'a Gazetteer,
    ) -> DocumentText<'a> {
        let mut events: Vec<YearSpan> = mentions
            .iter()
            .filter(|m| m.entity_type == "event")
            .filter_map(|m| {
                let (start, end) = gazetteer.entity(&m.entity_name, "event")?.years?;
                Some(YearSpan { span: m.byte_start as usize..m.byte_end as usize, start, end, open: false, of_writing: false })
            })
            .collect();
        events.sort_by_key(|e| (e.span.start, e.span.end));
        let mut scenes: Vec<Scene> = mentions
            .iter()
            .filter(|m| m.entity_type == "event" || m.entity_type == "organization")
            .filter_map(|m| {
                let place = gazetteer.entity(&m.entity_name, &m.entity_type)?.place.as_deref()?;
                Some(Scene { span: m.byte_start as usize..m.byte_end as usize, place, event: m.entity_type == "event" })
            })
            .collect();
        scenes.sort_by_key(|s| (s.span.start, s.span.end));
        let places = mentions
            .iter()
            .filter(|m| m.entity_type == "place")
            .map(|m| (m.byte_start as usize..m.byte_end as usize, m.entity_name.as_str()))
            .collect::<Vec<(Range<usize>, &str)>>();
        let mut figures = SpanSet::default();
        for candidate in candidates {
            figures.insert(&(candidate.byte_start as usize..candidate.byte_end as usize));
        }
        let spans: Vec<&SpanRecord> = spans
            .into_iter()
            .filter(|s| s.kind != SPAN_PERIOD || !figures.overlaps(&(s.byte_start as usize..s.byte_end as usize)))
            .collect();
        let dated = dated_years(&spans);
        let spans_index = SpansInside::new(spans.iter().map(|s| s.byte_start as usize..s.byte_end as usize));
        let places_index = SpansInside::new(places.iter().map(|(p, _)| p.clone()));
        let events_index = SpansInside::new(events.iter().map(|e| e.span.clone()));
        let scenes_index = SpansInside::new(scenes.iter().map(|s| s.span.clone()));
        let mut text = DocumentText {
            sentences,
            spans,
            published,
            dated,
            places,
            events,
            scenes,
            jurisdictions: SpanSet::default(),
            spans_index,
            places_index,
            events_index,
            scenes_index,
        };
        text.jurisdictions = text.jurisdictions(mentions);
        text
    }

    /// The places named right after an organization, a space apart: its
    /// jurisdiction ("КГБ СССР", "NKVD USSR").
    fn jurisdictions(&self, mentions: &[&MentionCandidate]) -> SpanSet {
        let organization_ends: BTreeSet<usize> =
            mentions.iter().filter(|m| m.entity_type == "organization").map(|m| m.byte_end as usize).collect();
        let mut jurisdictions = SpanSet::default();
        for place in mentions.iter().filter(|m| m.entity_type == "place") {
            let start = place.byte_start as usize;
            let spaced = |end: &usize| self.slice(*end..start).is_ok_and(|gap| !gap.is_empty() && gap.chars().all(char::is_whitespace));
            if organization_ends.range(start.saturating_sub(3)..start).any(spaced) {
                jurisdictions.insert(&(start..place.byte_end as usize));
            }
        }
        jurisdictions
    }

    /// Whether the place named at `span` only names an institution's
    /// jurisdiction.
    pub fn is_jurisdiction(&self, span: &Range<usize>) -> bool {
        self.jurisdictions.overlaps(span)
    }

    /// The years of a period span: those it names, or the year of
    /// publication for one that names the time of writing.
    pub fn years(&self, span: &SpanRecord, at: Range<usize>) -> Option<YearSpan> {
        let first = span.first.as_deref()?;
        if first == PERIOD_OF_WRITING || first == PERIOD_DATE {
            let named = self.dated.get(&(span.byte_start as usize)).copied().filter(|_| first == PERIOD_DATE);
            let of_writing = named.is_none();
            return named.or(self.published).map(|year| YearSpan { span: at, start: year, end: year, open: false, of_writing });
        }
        YearSpan::of(at, first, span.last.as_deref(), span.open == Some(true))
    }

    /// The stored sentences, in order: (range in the document, text).
    pub fn sentences(&self) -> impl Iterator<Item = (Range<usize>, &'a str)> + '_ {
        self.sentences.iter().map(|s| (s.byte_start as usize..s.byte_end as usize, s.text.as_str()))
    }

    /// The paragraphs of the text, in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.spans.iter().filter(|s| s.kind == SPAN_PARAGRAPH).map(|s| s.byte_start as usize..s.byte_end as usize)
    }

    /// The context rules' spans that lie inside `range`, in their order.
    pub fn spans_inside(&self, range: &Range<usize>) -> impl Iterator<Item = &'a SpanRecord> + '_ {
        self.spans_index.inside(range).into_iter().map(|i| self.spans[i])
    }

    /// The places named inside `range`, in text order.
    pub fn places_inside(&self, range: &Range<usize>) -> impl Iterator<Item = &(Range<usize>, &'a str)> + '_ {
        self.places_index.inside(range).into_iter().map(|i| &self.places[i])
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
        let local = |s: i64, e: i64| s as usize - origin..e as usize - origin;
        let mut passage = Passage { text, ..Passage::default() };
        for span in self.spans_inside(&range) {
            let whole = local(span.byte_start, span.byte_end);
            match span.kind.as_str() {
                SPAN_ATTRIBUTION => {
                    if let (Some(s), Some(e)) = (span.inner_start, span.inner_end) {
                        passage.attributions.push(Attribution { whole, source: local(s, e) });
                    }
                }
                SPAN_PERIOD => passage.periods.extend(self.years(span, whole)),
                SPAN_CLAUSE => passage.clause_breaks.push(whole),
                _ => {}
            }
        }
        passage.events = self
            .events_index
            .inside(&range)
            .into_iter()
            .map(|i| {
                let event = &self.events[i];
                YearSpan { span: event.span.start - origin..event.span.end - origin, ..event.clone() }
            })
            .collect();
        passage.event_places = self
            .scenes_index
            .inside(&range)
            .into_iter()
            .map(|i| &self.scenes[i])
            .filter(|scene| scene.event)
            .map(|scene| (scene.span.start - origin..scene.span.end - origin, scene.place))
            .collect();
        passage.places = self.places_inside(&range).map(|(p, name)| (p.start - origin..p.end - origin, *name)).collect();
        passage.jurisdictions = passage.places.iter().filter(|(p, _)| self.is_jurisdiction(&(p.start + origin..p.end + origin))).map(|(p, _)| p.clone()).collect();
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

/// The year each date without its year stands in: the year last named
/// before it in its paragraph, if any, by the date's start.
fn dated_years(spans: &[&SpanRecord]) -> BTreeMap<usize, i32> {
    let paragraph_starts: Vec<usize> = spans.iter().filter(|s| s.kind == SPAN_PARAGRAPH).map(|s| s.byte_start as usize).collect();
    let paragraph_of = |at: usize| paragraph_starts.partition_point(|&s| s <= at);
    let mut periods: Vec<&&SpanRecord> = spans.iter().filter(|s| s.kind == SPAN_PERIOD).collect();
    periods.sort_by_key(|s| s.byte_start);
    let mut dated = BTreeMap::new();
    let mut last: Option<(usize, i32)> = None;
    for span in periods {
        let at = span.byte_start as usize;
        match span.first.as_deref() {
            Some(PERIOD_DATE) => {
                if let Some((_, year)) = last.filter(|(paragraph, _)| *paragraph == paragraph_of(at)) {
                    dated.insert(at, year);
                }
            }
            Some(PERIOD_OF_WRITING) | None => {}
            Some(first) => {
                if let Some(years) = YearSpan::of(0..0, first, span.last.as_deref(), false) {
                    last = Some((paragraph_of(at), years.end));
                }
            }
        }
    }
    dated
}

/// A named source in a text: the span of the whole match (to measure its
/// distance from the number) and of the name itself.
#[derive(Debug, Clone)]
pub struct Attribution {
    pub whole: Range<usize>,
    pub source: Range<usize>,
}

/// A year expression: its span, its first and last year, and whether it only
/// opens a span that runs on to the time of writing ("since 1991", "began in
/// 2021").
#[derive(Debug, Clone)]
pub struct YearSpan {
    pub span: Range<usize>,
    pub start: i32,
    pub end: i32,
    pub open: bool,
    /// Named as the time of writing ("on Sunday"), not as a year.
    pub of_writing: bool,
}

impl YearSpan {
    /// The years of a period rule's match: its first year as written
    /// ("mid-1920s") and its last when it names one ("1956", "38"). `None`
    /// when the last comes before the first.
    pub fn of(span: Range<usize>, first: &str, last: Option<&str>, open: bool) -> Option<YearSpan> {
        let (start, end_of_first) = year_span(first);
        let end = match last {
            Some(s) if s.len() == 2 => (start / 100) * 100 + s.parse::<i32>().unwrap_or(0),
            Some(s) => year_span(s).1,
            None => end_of_first,
        };
        (end >= start).then_some(YearSpan { span, start, end, open, of_writing: false })
    }
}

/// "1937" → 1937–1937; "1930s" and "1930-х" → 1930–1939; "mid-1920s" →
/// 1925–1929; "early 1930s" → 1930–1933; "late 1930s" → 1937–1939.
fn year_span(text: &str) -> (i32, i32) {
    let lower = text.to_lowercase();
    let digits: String = lower.chars().filter(char::is_ascii_digit).collect();
    let year: i32 = digits.parse().unwrap_or(0);
    if !lower.ends_with(['s', 'х', 'е']) {
        return (year, year);
    }
    let step = if year % 100 == 0 { 100 } else { 10 };
    let (start, end) = (year, year + step - 1);
    if lower.starts_with("mid") {
        (start + step / 2, end)
    } else if lower.starts_with("early") {
        (start, start + step * 3 / 10)
    } else if lower.starts_with("late") {
        (start + step * 7 / 10, end)
    } else {
        (start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decades_and_ranges_become_year_spans() {
        let span = |first: &str, last: Option<&str>| YearSpan::of(0..1, first, last, false).map(|p| (p.start, p.end));
        assert_eq!(span("mid-1920s", Some("1956")), Some((1925, 1956)));
        assert_eq!(span("1936", Some("38")), Some((1936, 1938)));
        assert_eq!(span("1930s", None), Some((1930, 1939)));
        assert_eq!(span("mid-1800's", Some("1980's")), Some((1850, 1989)));
        assert_eq!(span("1940-х", None), Some((1940, 1949)));
        assert_eq!(span("early 1930s", None), Some((1930, 1933)));
        assert_eq!(span("1950", Some("1940")), None);
    }
}
