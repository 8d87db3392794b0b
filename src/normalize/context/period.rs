//! When a figure is (`figures.period_start`, `period_end`): the periods the
//! period rules found in its sentence and paragraph, the nearest in the
//! number's own clause first.

use std::ops::Range;

use super::attribution::hands_over;
use super::sentence::{asides, words, Sentence};
use super::passage::{Attribution, Passage, YearSpan};
use crate::rules::lexicon::Lexicon;
use crate::text::{has_phrase, overlaps};

/// "2022", "2022-01", "2022-01-15" → 2022.
pub fn year_of_date(date: &str) -> Option<i32> {
    let year = date.get(..4)?;
    year.chars().all(|c| c.is_ascii_digit()).then(|| year.parse().ok()).flatten()
}

/// The period of the year expression nearest the number in its sentence
/// (one in an aside that does not hold the number, or after it in another
/// clause, is not its year), else the last one earlier in its paragraph,
/// else the years of an event the sentence names. An
/// open span ("since 1991") runs to the year of publication.
pub fn period(
    sentence: &Sentence,
    periods: &[YearSpan],
    events: &[YearSpan],
    clause_breaks: &[Range<usize>],
    sources: &[Attribution],
    before: &Passage,
    published: Option<i32>,
    lexicon: &Lexicon,
) -> Option<(i32, i32)> {
    let asides = asides(sentence.text, &lexicon.words);
    let quote = &sentence.quote;
    let own_clause =
        |p: &YearSpan| p.span.start < quote.end || !clause_breaks.iter().any(|b| quote.end <= b.start && b.end <= p.span.start);
    // "On September 18, the office announced that some 2.4 million cards
    // …": a year before a report that hands over to the number dates the
    // report, not what the number counts.
    let reported_from = sources
        .iter()
        .filter(|a| a.whole.end <= quote.start && hands_over(sentence.text, &a.whole, lexicon))
        .map(|a| a.whole.end)
        .max()
        .unwrap_or(0);
    // Nor does the time of writing date what a report of it tells.
    let reported = reported_from > 0;
    let own = periods
        .iter()
        .filter(|p| p.span.start >= reported_from && sentence.speaks_of_the_number(&asides, &p.span) && own_clause(p))
        // At equal distance the year after the number is its own: "from
        // 510,307 in 1934 to 1,727,970 in 1953".
        .min_by_key(|p| (sentence.distance(&p.span), p.span.end <= quote.start));
    let earlier = || before.periods.iter().rev().find(|p| !(reported && p.of_writing));
    // "Many died in 1944-45. The deaths in this period …": a phrase that
    // points back nearer the number than any year of its own dates it by
    // the period named before.
    // The time pointed back to is the last named before the phrase: in the
    // sentence itself ("in 1934 … in that year 586,477"), else earlier.
    // "That same 1934" names its year.
    let pointed_to = pointing_back(sentence, lexicon)
        .filter(|phrase| sentence.speaks_of_the_number(&asides, phrase))
        .filter(|phrase| !periods.iter().any(|p| overlaps(&p.span, phrase)))
        .filter(|phrase| own.is_none_or(|p| sentence.distance(phrase) < sentence.distance(&p.span)))
        .map(|phrase| periods.iter().rev().find(|p| p.span.end <= phrase.start && !p.of_writing).or_else(earlier));
    // An event the gazetteer knows the years of dates a figure told of it
    // ("во время январских событий погибло 230") when no year is named,
    // unless the sentence speaks of an era ("during the Stalin era").
    let event = || {
        events
            .iter()
            .filter(|e| sentence.speaks_of_the_number(&asides, &e.span) && own_clause(e))
            .min_by_key(|e| sentence.distance(&e.span))
            .filter(|_| !names_an_era(sentence, lexicon))
    };
    let found = match pointed_to {
        Some(Some(period)) => period,
        _ => own.or_else(earlier).or_else(event)?,
    };
    let end = match published {
        Some(year) if found.open && year > found.end => year,
        _ => found.end,
    };
    Some((found.start, end))
}

/// The phrase of the sentence nearest its number that points back to a
/// time named before ("this period", "those 17 months", "в те годы"): one of
/// the demonstratives, then within three words one of the time nouns.
fn pointing_back(sentence: &Sentence, lexicon: &Lexicon) -> Option<Range<usize>> {
    let words: Vec<Range<usize>> = words(sentence.text).collect();
    let words_lower: Vec<String> = words.iter().map(|w| sentence.text[w.clone()].to_lowercase()).collect();
    (0..words.len())
        .filter(|&i| lexicon.words.demonstratives.contains(&words_lower[i]))
        .filter_map(|i| {
            let noun = (i + 1..words.len().min(i + 4)).find(|&j| lexicon.words.time_nouns.contains(&words_lower[j]))?;
            Some(words[i].start..words[noun].end)
        })
        .min_by_key(|phrase| sentence.distance(phrase))
}

/// Whether the sentence dates its figures by an era rather than a year.
pub fn names_an_era(sentence: &Sentence, lexicon: &Lexicon) -> bool {
    let lowered = sentence.text.to_lowercase();
    lexicon.words.era_words.iter().any(|w| has_phrase(&lowered, w))
}
