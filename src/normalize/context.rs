//! Figure context from the sentence and its paragraph: what the number
//! counts (measure), where (place), when (period) and on whose word
//! (attributed_to). The words and patterns are data in `rules/context.toml`.

use std::sync::OnceLock;

use regex::Regex;

use crate::extract::records::Candidate;
use crate::rules::{Lexicon, RuleKind, RuleSet};

/// A sentence with the quote's byte span inside it.
pub struct Sentence<'a> {
    pub text: &'a str,
    pub quote: std::ops::Range<usize>,
}

impl<'a> Sentence<'a> {
    pub fn of(candidate: &'a Candidate) -> Sentence<'a> {
        let text = candidate.sentence.as_str();
        let start_chars = (candidate.char_start - candidate.sentence_char_start).max(0) as usize;
        let len_chars = (candidate.char_end - candidate.char_start).max(0) as usize;
        let byte_at = |chars: usize| text.char_indices().nth(chars).map_or(text.len(), |(b, _)| b);
        let start = byte_at(start_chars);
        let end = byte_at(start_chars + len_chars);
        Sentence { text, quote: start..end }
    }

    /// Byte distance from the quote to a span (0 when they touch or overlap).
    fn distance(&self, span: &std::ops::Range<usize>) -> usize {
        if span.end <= self.quote.start {
            self.quote.start - span.end
        } else {
            span.start.saturating_sub(self.quote.end)
        }
    }
}

/// The measure of a count or share: the trigger word nearest the number,
/// trying the counted noun first, skipping words inside a named source (who
/// gives a figure is not what it counts: "according to the State Archive"
/// says nothing about records). `None` when nothing in the sentence says.
pub fn measure(
    sentence: &Sentence,
    subject: Option<&str>,
    sources: &[Attribution],
    lexicon: &Lexicon,
) -> Option<String> {
    if let Some(subject) = subject {
        if let Some(found) = lexicon.measures.iter().find(|(w, _)| starts_a_word(subject, w)) {
            return Some(found.1.clone());
        }
    }
    let (lowered, origin) = lowercase_with_origin(sentence.text);
    let mut best: Option<(usize, &str)> = None;
    for (word, measure) in &lexicon.measures {
        for (at, _) in lowered.match_indices(word.as_str()) {
            if !is_word_start(&lowered, at) {
                continue;
            }
            let span = origin[at]..origin[at + word.len()];
            if sources.iter().any(|s| s.source.start <= span.start && span.start < s.source.end) {
                continue;
            }
            let distance = sentence.distance(&span);
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, measure));
            }
        }
    }
    best.map(|(_, m)| m.to_string())
}

/// The text lower-cased, with the byte offset in `text` of every byte of the
/// result (plus one past the end), since lower-casing may change lengths.
fn lowercase_with_origin(text: &str) -> (String, Vec<usize>) {
    let mut lowered = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices() {
        let before = lowered.len();
        lowered.extend(c.to_lowercase());
        origin.resize(origin.len() + lowered.len() - before, at);
    }
    origin.push(text.len());
    (lowered, origin)
}

fn is_word_start(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
}

fn starts_a_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| is_word_start(text, at))
}

/// Places named in `text`, as (byte span, canonical name).
fn places_in<'l>(text: &str, lexicon: &'l Lexicon) -> Vec<(std::ops::Range<usize>, &'l str)> {
    lexicon
        .gazetteer
        .find(text)
        .into_iter()
        .filter(|(_, entity)| entity.entity_type == "place")
        .map(|(span, entity)| (span, entity.name.as_str()))
        .collect()
}

/// The place the sentence ties the number to: one named in the number's own
/// clause after it ("about 10,000 in Kyrgyzstan"), else the nearest before it
/// in the sentence, else the last one in the paragraph so far.
pub fn place(sentence: &Sentence, paragraph_before: &str, lexicon: &Lexicon) -> Option<String> {
    let found = places_in(sentence.text, lexicon);
    let clause_end = sentence.text[sentence.quote.end..]
        .find([',', ';', ':', '(', ')', '—', '–'])
        .map_or(sentence.text.len(), |i| sentence.quote.end + i);
    if let Some((_, place)) = found.iter().find(|(r, _)| r.start >= sentence.quote.end && r.end <= clause_end) {
        return Some(place.to_string());
    }
    if let Some((_, place)) = found.iter().rev().find(|(r, _)| r.end <= sentence.quote.start) {
        return Some(place.to_string());
    }
    places_in(paragraph_before, lexicon).last().map(|(_, p)| p.to_string())
}

/// The place a document talks about most, for figures whose own context
/// names none.
pub fn main_place<'a>(texts: impl Iterator<Item = &'a str>, lexicon: &Lexicon) -> Option<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for text in texts {
        for (_, place) in places_in(text, lexicon) {
            *counts.entry(place).or_default() += 1;
        }
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(p, _)| p.to_string())
}

/// Years, year ranges, decades and "between/from X to Y" spans in a text.
fn periods_in(text: &str) -> Vec<(std::ops::Range<usize>, i32, i32)> {
    static PERIOD: OnceLock<Regex> = OnceLock::new();
    let re = PERIOD.get_or_init(|| {
        let year = r"(?:mid-?|early\s+|late\s+)?(?:1[0-9]{3}|20[0-9]{2})(?:['’]?s)?";
        Regex::new(&format!(
            r"(?i)\b(?:(?:between|from)\s+(?:the\s+)?(?P<a>{year})\s+(?:and|to|until|till)\s+(?:the\s+)?(?P<b>{year})|(?P<c>{year})(?:\s*[-–—]\s*(?P<d>1[0-9]{{3}}|20[0-9]{{2}}|[0-9]{{2}}))?)\b"
        ))
        .expect("valid period regex")
    });
    let mut out = Vec::new();
    for caps in re.captures_iter(text) {
        let whole = caps.get(0).expect("group 0").range();
        let (first, second) = match (caps.name("a"), caps.name("b"), caps.name("c")) {
            (Some(a), Some(b), _) => (a.as_str(), Some(b.as_str())),
            (_, _, Some(c)) => (c.as_str(), caps.name("d").map(|d| d.as_str())),
            _ => continue,
        };
        let (start, end_of_first) = year_span(first);
        let end = match second {
            Some(s) if s.len() == 2 => (start / 100) * 100 + s.parse::<i32>().unwrap_or(0),
            Some(s) => year_span(s).1,
            None => end_of_first,
        };
        if end >= start {
            out.push((whole, start, end));
        }
    }
    out
}

/// "1937" → 1937–1937; "1930s" → 1930–1939; "mid-1920s" → 1925–1929;
/// "early 1930s" → 1930–1933; "late 1930s" → 1937–1939.
fn year_span(text: &str) -> (i32, i32) {
    let lower = text.to_lowercase();
    let digits: String = lower.chars().filter(char::is_ascii_digit).collect();
    let year: i32 = digits.parse().unwrap_or(0);
    if !(lower.ends_with('s')) {
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

/// The period of the year expression nearest the number in its sentence,
/// else the last one earlier in its paragraph.
pub fn period(sentence: &Sentence, paragraph_before: &str) -> Option<(i32, i32)> {
    let in_sentence = periods_in(sentence.text);
    let nearest = in_sentence.iter().min_by_key(|(r, _, _)| sentence.distance(r));
    if let Some((_, start, end)) = nearest {
        return Some((*start, *end));
    }
    periods_in(paragraph_before).last().map(|(_, s, e)| (*s, *e))
}

/// A named source in a sentence: the span of the whole match (to measure
/// its distance from the number) and of the name itself.
pub struct Attribution {
    pub whole: std::ops::Range<usize>,
    pub source: std::ops::Range<usize>,
}

/// Every match of the attribution rules in the sentence.
pub fn attributions(sentence: &Sentence, rules: &RuleSet) -> Vec<Attribution> {
    rules
        .rules
        .iter()
        .filter(|r| r.kind == RuleKind::Attribution)
        .flat_map(|r| {
            r.regex.captures_iter(sentence.text).filter_map(|c| {
                let source = c.name("source")?.range();
                Some(Attribution { whole: c.get(0).expect("group 0").range(), source })
            })
        })
        .collect()
}

/// Who the sentence says gives its figures: the source of the attribution
/// match nearest the number.
pub fn attributed_to(sentence: &Sentence, sources: &[Attribution]) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for found in sources {
        let distance = sentence.distance(&found.whole);
        let cleaned = clean_source(&sentence.text[found.source.clone()]);
        if !cleaned.is_empty() && best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, cleaned));
        }
    }
    best.map(|(_, s)| s)
}

fn clean_source(source: &str) -> String {
    let trimmed = source.trim().trim_end_matches(['’', '\'']);
    let without_article = trimmed
        .strip_prefix("the ")
        .or_else(|| trimmed.strip_prefix("The "))
        .unwrap_or(trimmed);
    without_article.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decades_and_ranges_become_year_spans() {
        let spans: Vec<(i32, i32)> =
            periods_in("between the mid-1920s and 1956, in 1936-38 and the 1930s").iter().map(|p| (p.1, p.2)).collect();
        assert_eq!(spans, vec![(1925, 1956), (1936, 1938), (1930, 1939)]);
        let spans: Vec<(i32, i32)> = periods_in("From the mid-1800's to the 1980's").iter().map(|p| (p.1, p.2)).collect();
        assert_eq!(spans, vec![(1850, 1989)]);
    }
}
