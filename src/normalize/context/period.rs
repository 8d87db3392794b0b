//! When a figure is (`figures.period_start`, `period_end`): the periods the
//! period rules found in its sentence and paragraph, the nearest in the
//! number's own clause first.

use std::ops::Range;

use super::sentence::{asides, Sentence};
use super::Passage;
use crate::rules::lexicon::Lexicon;
use crate::text::has_phrase;

/// A year expression: its span, its first and last year, and whether it only
/// opens a span that runs on to the time of writing ("since 1991", "began in
/// 2021").
#[derive(Debug, Clone)]
pub struct YearSpan {
    pub span: Range<usize>,
    pub start: i32,
    pub end: i32,
    pub open: bool,
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
        (end >= start).then_some(YearSpan { span, start, end, open })
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

/// "2022", "2022-01", "2022-01-15" → 2022.
pub fn year_of_date(date: &str) -> Option<i32> {
    let year = date.get(..4)?;
    year.chars().all(|c| c.is_ascii_digit()).then(|| year.parse().ok()).flatten()
}

/// The period of the year expression nearest the number in its sentence
/// (one in an aside that does not hold the number, or after it in another
/// clause, is not its year), else the last one earlier in its paragraph. An
/// open span ("since 1991") runs to the year of publication.
pub fn period(
    sentence: &Sentence,
    periods: &[YearSpan],
    clause_breaks: &[Range<usize>],
    before: &Passage,
    published: Option<i32>,
    lexicon: &Lexicon,
) -> Option<(i32, i32)> {
    let asides = asides(sentence.text, &lexicon.words.relative_pronouns);
    let quote = &sentence.quote;
    let own_clause =
        |p: &YearSpan| p.span.start < quote.end || !clause_breaks.iter().any(|b| quote.end <= b.start && b.end <= p.span.start);
    let found = periods
        .iter()
        .filter(|p| sentence.speaks_of_the_number(&asides, &p.span) && own_clause(p))
        .min_by_key(|p| sentence.distance(&p.span))
        .or_else(|| before.periods.last())?;
    let end = match published {
        Some(year) if found.open && year > found.end => year,
        _ => found.end,
    };
    Some((found.start, end))
}

/// Whether the sentence dates its figures by an era rather than a year.
pub fn names_an_era(sentence: &Sentence, lexicon: &Lexicon) -> bool {
    let lowered = sentence.text.to_lowercase();
    lexicon.words.era_words.iter().any(|w| has_phrase(&lowered, w))
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
