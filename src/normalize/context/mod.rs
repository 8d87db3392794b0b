//! Figure context: what a number counts (measure), where (place), when
//! (period) and on whose word (attributed_to). Each has its file; this one
//! joins what extract found — the sentences, the context rules' spans, the
//! gazetteer's places — to each candidate on byte offsets, and says what a
//! document as a whole implies.

pub mod attribution;
pub mod english;
pub mod measure;
pub mod passage;
pub mod period;
pub mod place;
pub mod sentence;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::contract::{Candidate, DocumentRecord, SpanRecord, SPAN_ATTRIBUTION, SPAN_HEADING, SPAN_PERIOD};
use attribution::{NamedSource, SourcesOfText};
use passage::{Attribution, DocumentText, YearSpan};
use sentence::{asides, AsideKind};
use crate::rules::lexicon::Lexicon;
use period::year_of_date;

/// What normalize knows of a document as a whole, for figures whose own
/// sentence and paragraph leave something unsaid.
#[derive(Debug, Default)]
pub struct DocumentContext {
    /// The place the document talks about most.
    pub main_place: Option<String>,
    /// For a document that names no place: the place of the events and
    /// institutions it names most (a text on the ИТЛ and the NKVD is about
    /// the Soviet Union).
    pub scene_place: Option<String>,
    /// The year the manifest says the document was published.
    pub published: Option<i32>,
    /// The year of publication, when the document reports events of its own
    /// time: the contexts of its figures name that year or the one before.
    /// A historical text published in 2021 says nothing of 2021.
    pub current_year: Option<i32>,
    /// Where the text's headings stand, in order.
    pub headings: Vec<Range<usize>>,
    /// Every year expression of the text, in order, in document offsets.
    pub periods: Vec<YearSpan>,
    /// The events the text names with their years, in order.
    events: Vec<YearSpan>,
    /// The places the headings name: (heading, place), in order.
    heading_places: Vec<(Range<usize>, String)>,
    /// Who the headings say speaks for their sections: (heading, source).
    heading_sources: Vec<(Range<usize>, String)>,
    /// The paragraphs, in order.
    paragraphs: Vec<Range<usize>>,
    /// Every source the stored sentences name and the quotations of the
    /// figures' paragraphs.
    pub sources: SourcesOfText,
}

impl DocumentContext {
    pub fn of(document: &DocumentRecord, candidates: &[&Candidate], text: &DocumentText, lexicon: &Lexicon) -> DocumentContext {
        let published = document.published.as_deref().and_then(year_of_date);
        let names = |year: i32| {
            candidates.iter().any(|c| {
                let range = c.context_byte_start as usize..c.sentence_byte_end as usize;
                text.spans_inside(&range).filter(|s| s.kind == SPAN_PERIOD).any(|s| {
                    let years = text.years(s, 0..0);
                    years.is_some_and(|p| p.start <= year && year - 1 <= p.end)
                })
            })
        };
        let span = |s: &SpanRecord| s.byte_start as usize..s.byte_end as usize;
        let headings: Vec<Range<usize>> = text.spans.iter().filter(|s| s.kind == SPAN_HEADING).map(|s| span(s)).collect();
        let mut periods: Vec<YearSpan> = text
            .spans
            .iter()
            .filter(|s| s.kind == SPAN_PERIOD)
            .filter_map(|s| text.years(s, span(s)))
            .collect();
        periods.sort_by_key(|p| (p.span.start, p.span.end));
        let heading_places = headings
            .iter()
            .filter_map(|h: &Range<usize>| {
                let place = text.places.iter().find(|(p, _)| h.start <= p.start && p.end <= h.end)?;
                Some((h.clone(), place.1.to_string()))
            })
            .collect();
        // Only a heading that introduces what follows ("From Anarchist
        // Fighter:") names its section's speaker, not a title with a colon
        // in it ("Country Report: Kazakhstan").
        let heading_sources = headings
            .iter()
            .filter(|h| text.slice((*h).clone()).is_ok_and(|line| line.trim_end().ends_with(':')))
            .filter_map(|h: &Range<usize>| {
                let found = text.spans_inside(h).find(|s| s.kind == SPAN_ATTRIBUTION)?;
                let source = (found.inner_start? as usize)..(found.inner_end? as usize);
                let name = text.slice(source).ok()?;
                Some((h.clone(), name.trim().to_string())).filter(|(_, n)| !n.is_empty())
            })
            .collect();
        let paragraphs: Vec<Range<usize>> = text.paragraphs().collect();
        DocumentContext {
            sources: sources_of_text(text, &paragraphs, lexicon),
            paragraphs,
            main_place: main_place(candidates, text, lexicon),
            scene_place: most_named(text.scenes.iter().map(|s| s.place)),
            published,
            current_year: published.filter(|&year| names(year)),
            headings,
            periods,
            events: text.events.clone(),
            heading_places,
            heading_sources,
        }
    }

    /// Who the heading of the section holding the paragraph at `paragraph`
    /// says speaks for it ("According to Anarchist Fighter:"), for figures
    /// whose sentence and paragraph name no source.
    pub fn section_source(&self, paragraph: usize) -> Option<&str> {
        let heading = self.headings.iter().rev().find(|h| h.end <= paragraph)?;
        self.heading_sources.iter().find(|(h, _)| h == heading).map(|(_, source)| source.as_str())
    }

    /// The paragraph that holds `at`.
    pub fn paragraph_of(&self, at: usize) -> Option<&Range<usize>> {
        let after = self.paragraphs.partition_point(|p| p.start <= at);
        after.checked_sub(1).map(|p| &self.paragraphs[p]).filter(|p| at < p.end)
    }

    /// The place the heading of the section holding the paragraph at
    /// `paragraph` names ("Testimony from Almaty:"): the setting of its
    /// section.
    pub fn section_place(&self, paragraph: usize) -> Option<&str> {
        let heading = self.headings.iter().rev().find(|h| h.end <= paragraph)?;
        self.heading_places.iter().find(|(h, _)| h == heading).map(|(_, place)| place.as_str())
    }

    /// The period of the section that holds the paragraph beginning at
    /// `paragraph`, for a figure whose own sentence and paragraph name no
    /// year: the years its heading names, unless they are the date of the
    /// text itself (a dateline); else, when every year the text names lies
    /// within the first period it names, before the paragraph, that period:
    /// a text that tells of one time dates all its figures by it. A text
    /// that ranges over several times dates none by the others.
    pub fn section_period(&self, paragraph: usize) -> Option<(i32, i32)> {
        let dateline = |p: &YearSpan| self.published.is_some_and(|y| p.start == p.end && (p.end == y || p.end + 1 == y));
        let named = || self.periods.iter().filter(|p| !p.of_writing && !dateline(p));
        let heading = self.headings.iter().rev().find(|h| h.end <= paragraph);
        let within = |h: &Range<usize>, p: &YearSpan| h.start <= p.span.start && p.span.end <= h.end;
        let in_heading = heading.and_then(|h| named().find(|p| within(h, p)));
        // "В Казахстане назвали число погибших во время январских событий":
        // a heading that names an event and no year dates its section by
        // the event's years.
        let event_in_heading = || heading.and_then(|h| self.events.iter().find(|e| within(h, e)));
        let of_the_text = || {
            let first = named().next().filter(|p| p.span.end <= paragraph)?;
            named().all(|p| first.start - 1 <= p.start && p.end <= first.end + 1).then_some(first)
        };
        // A text that names no year but one event tells of that event's time.
        let of_its_event = || {
            let first = self.events.first().filter(|e| e.span.end <= paragraph && named().next().is_none())?;
            self.events.iter().all(|e| (e.start, e.end) == (first.start, first.end)).then_some(first)
        };
        in_heading
            .or_else(event_in_heading)
            .or_else(of_the_text)
            .or_else(of_its_event)
            .map(|p| (p.start, match self.published { Some(y) if p.open && y > p.end => y, _ => p.end }))
    }
}

/// The sources every stored sentence names, and the quotations of the
/// paragraphs whose every sentence is stored (a figure's paragraph).
fn sources_of_text(text: &DocumentText, paragraphs: &[Range<usize>], lexicon: &Lexicon) -> SourcesOfText {
    let mut sources = Vec::new();
    for (range, sentence) in text.sentences() {
        for span in text.spans_inside(&range).filter(|s| s.kind == SPAN_ATTRIBUTION) {
            let (Some(start), Some(end)) = (span.inner_start, span.inner_end) else { continue };
            let local = |at: i64| at as usize - range.start;
            let found = Attribution { whole: local(span.byte_start)..local(span.byte_end), source: local(start)..local(end) };
            sources.extend(NamedSource::of(sentence, range.start, &found, lexicon));
        }
    }
    sources.sort_by_key(|s| (s.whole.start, s.whole.end));
    let mut quotations = Vec::new();
    for paragraph in paragraphs {
        let Ok(paragraph_text) = text.slice(paragraph.clone()) else { continue };
        quotations.extend(
            asides(&paragraph_text, &lexicon.words)
                .into_iter()
                .filter(|a| a.kind == AsideKind::Quotation)
                .map(|a| a.span.start + paragraph.start..a.span.end + paragraph.start),
        );
    }
    SourcesOfText { sources, quotations }
}

/// The place a document's figures' sentences name most, for figures whose
/// own context names none. A place counts once for each time a figure's
/// sentence names it, by name or by its place words ("Crimean Tatars",
/// "Soviet authorities"), and once more for each time the text names it
/// anywhere (a text that names Kazakhstan throughout is about Kazakhstan
/// even where a figure's sentence says "Soviet"); a jurisdiction in an
/// institution's name ("КГБ СССР") does not count. When the figures'
/// sentences name none, the place the text names most ("В казахстанском
/// поселке Кенгир вспыхнуло восстание" sets the scene of what follows).
/// Ties go to the first in alphabetical order, so the choice never depends
/// on the order of a hash map.
fn main_place(candidates: &[&Candidate], text: &DocumentText, lexicon: &Lexicon) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut counted_sentences = BTreeSet::new();
    for candidate in candidates {
        let sentence = candidate.sentence_byte_start as usize..candidate.sentence_byte_end as usize;
        for (_, place) in text.places_inside(&sentence).filter(|(span, _)| !text.is_jurisdiction(span)) {
            *counts.entry(place).or_default() += 1;
        }
        if !counted_sentences.insert(sentence.start) {
            continue;
        }
        let Ok(sentence_text) = text.slice(sentence) else { continue };
        for word in sentence::words(&sentence_text) {
            if let Some(named) = lexicon.place_words.place_of(&sentence_text[word]) {
                *counts.entry(named.place).or_default() += 1;
            }
        }
    }
    let named_in_text = || text.places.iter().filter(|(span, _)| !text.is_jurisdiction(span)).map(|(_, place)| *place);
    for place in named_in_text() {
        if let Some(count) = counts.get_mut(place) {
            *count += 1;
        }
    }
    let of_the_figures = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(p, _)| p.to_string());
    of_the_figures.or_else(|| most_named(named_in_text()))
}

/// The place named most often, the first of those named as often.
fn most_named<'a>(places: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut named: Vec<(&str, usize)> = Vec::new();
    for place in places {
        match named.iter_mut().find(|(p, _)| *p == place) {
            Some((_, n)) => *n += 1,
            None => named.push((place, 1)),
        }
    }
    let most = named.iter().map(|(_, n)| *n).max()?;
    named.into_iter().find(|(_, n)| *n == most).map(|(p, _)| p.to_string())
}
