//! Small helpers over text that every stage needs the same way: white space
//! folding, word boundaries, spans, scripts. One definition each, so that
//! "a word" means the same thing in the rules, in extract and in normalize.

use std::collections::BTreeMap;
use std::ops::Range;

/// Runs of white space folded to one space, ends trimmed: "a\n  b " → "a b".
pub fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    squash_into(s, &mut out);
    out
}

/// [`squash`], appended to `out`: the hot paths fold many short pieces
/// into one buffer.
pub fn squash_into(s: &str, out: &mut String) {
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// [`squash`] and lower case: how lexicon phrases are compared.
pub fn fold(s: &str) -> String {
    squash(s).to_lowercase()
}

pub fn overlaps<T: Ord>(a: &Range<T>, b: &Range<T>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Spans already taken, answering "does this span overlap one of them?" in
/// logarithmic time rather than by a pass over all of them (which made a
/// long document quadratic). Holds the union of the spans as disjoint
/// intervals, merging those that overlap but not those that only touch, so
/// that a span overlaps one of the inserted spans exactly when it overlaps
/// the union. An empty span is never taken.
#[derive(Debug, Default)]
pub struct SpanSet {
    end_by_start: BTreeMap<usize, usize>,
}

impl SpanSet {
    pub fn overlaps(&self, span: &Range<usize>) -> bool {
        self.end_by_start.range(..span.end).next_back().is_some_and(|(_, &end)| span.start < end)
    }

    pub fn insert(&mut self, span: &Range<usize>) {
        if span.is_empty() {
            return;
        }
        let (mut start, mut end) = (span.start, span.end);
        let absorbed: Vec<usize> = self
            .end_by_start
            .range(..end)
            .rev()
            .take_while(|(_, &e)| e > start)
            .map(|(&s, _)| s)
            .collect();
        for s in absorbed {
            let e = self.end_by_start.remove(&s).expect("an interval just found");
            start = start.min(s);
            end = end.max(e);
        }
        self.end_by_start.insert(start, end);
    }
}

/// Which of a list of spans lie inside a range, found by a binary search
/// over their starts rather than by a pass over all of them for every range
/// (which made normalizing a long document quadratic).
#[derive(Debug, Default)]
pub struct SpansInside {
    /// (start, end, index in the list), sorted.
    by_start: Vec<(usize, usize, usize)>,
}

impl SpansInside {
    pub fn new(spans: impl Iterator<Item = Range<usize>>) -> SpansInside {
        let mut by_start: Vec<(usize, usize, usize)> = spans.enumerate().map(|(i, s)| (s.start, s.end, i)).collect();
        by_start.sort_unstable();
        SpansInside { by_start }
    }

    /// The indexes, in list order, of the spans that lie inside `range`.
    pub fn inside(&self, range: &Range<usize>) -> Vec<usize> {
        let first = self.by_start.partition_point(|&(start, _, _)| start < range.start);
        let mut found: Vec<usize> = self.by_start[first..]
            .iter()
            .take_while(|&&(start, _, _)| start <= range.end)
            .filter(|&&(_, end, _)| end <= range.end)
            .map(|&(_, _, i)| i)
            .collect();
        found.sort_unstable();
        found
    }
}

/// Where each line of a text starts, so that the line around a byte is
/// found by a binary search, not by scanning back and forth.
pub struct LineStarts {
    starts: Vec<usize>,
    len: usize,
}

impl LineStarts {
    pub fn new(text: &str) -> LineStarts {
        let starts = std::iter::once(0).chain(line_breaks(text.as_bytes())).collect();
        LineStarts { starts, len: text.len() }
    }

    /// The byte range of the line holding byte `at`, without its newline.
    pub fn line_around(&self, at: usize) -> Range<usize> {
        let index = self.starts.partition_point(|&start| start <= at) - 1;
        let end = self.starts.get(index + 1).map_or(self.len, |&next| next - 1);
        self.starts[index]..end
    }
}

pub fn contains<T: Ord>(outer: &Range<T>, inner: &Range<T>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// Whether no letter or digit stands just before `at`.
pub fn is_word_start(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
}

/// Whether no letter or digit stands just after `at`.
pub fn is_word_end(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// A span whose ends are not inside a word: "Russia" is not in "Russian".
/// An end that is itself punctuation ("U.S.") needs no boundary.
pub fn is_whole_word(text: &str, span: &Range<usize>) -> bool {
    let inside = &text[span.clone()];
    let starts_word = inside.chars().next().is_some_and(char::is_alphanumeric);
    let ends_word = inside.chars().next_back().is_some_and(char::is_alphanumeric);
    (!starts_word || is_word_start(text, span.start)) && (!ends_word || is_word_end(text, span.end))
}

/// Whether `phrase` occurs in `text` as whole words.
pub fn has_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| is_word_start(text, at) && is_word_end(text, at + phrase.len()))
}

/// The word a text ends with ("" when it ends in punctuation).
pub fn last_word(text: &str) -> &str {
    let start = text.char_indices().rev().find(|(_, c)| !c.is_alphanumeric()).map_or(0, |(i, c)| i + c.len_utf8());
    &text[start..]
}

/// The text lower-cased, with the byte offset in `text` of every byte of the
/// result (plus one past the end), since lower-casing may change lengths.
pub fn lowercase_with_origin(text: &str) -> (String, Vec<usize>) {
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

/// Where each line after the first starts: after a line feed, and after a
/// carriage return that no line feed follows (a lone CR, as old Mac files
/// and some scrapers write it). CRLF is one line break. These are the lines
/// an editor or a spreadsheet shows, and the lines every `line` and every
/// `file:line` of tally counts.
pub fn line_breaks(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&at| bytes[at] == b'\n' || bytes.get(at + 1) != Some(&b'\n'))
        .map(|at| at + 1)
}

/// The lines of a text or a file, for many lookups: each a binary search.
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(bytes: &[u8]) -> Lines {
        Lines { starts: std::iter::once(0).chain(line_breaks(bytes)).collect() }
    }

    /// The 1-based line that holds byte `at`.
    pub fn of(&self, at: usize) -> usize {
        self.starts.partition_point(|&start| start <= at)
    }
}

/// The 1-based line of byte `at` (see [`line_breaks`]).
pub fn line_of(text: &str, at: usize) -> usize {
    line_of_bytes(text.as_bytes(), at)
}

/// [`line_of`] for bytes that need not be UTF-8 (a CSV file, a text that is
/// not valid UTF-8).
pub fn line_of_bytes(bytes: &[u8], at: usize) -> usize {
    line_breaks(bytes).take_while(|&start| start <= at).count() + 1
}

/// Characters that a reader does not see and that never change what a
/// word or a number is: zero-width space, non-joiner and joiner, word
/// joiner, soft hyphen, and a byte-order mark in mid-text. A scanner or an
/// OCR pass leaves them inside numbers ("1,\u{200b}000").
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{00ad}' | '\u{feff}')
}

/// `s` without its [`is_invisible`] characters.
pub fn without_invisible(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(is_invisible) {
        std::borrow::Cow::Owned(s.chars().filter(|&c| !is_invisible(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// `at`, moved forward to the next char boundary of `text`.
pub fn ceil_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_set_answers_like_a_pass_over_its_spans() {
        let spans = [3..7, 10..12, 7..8, 20..30, 25..26, 0..1];
        let mut set = SpanSet::default();
        let mut inserted: Vec<Range<usize>> = Vec::new();
        for span in spans {
            for probe in (0..32).flat_map(|s| (s..33).map(move |e| s..e)) {
                assert_eq!(set.overlaps(&probe), inserted.iter().any(|i| overlaps(i, &probe)), "{probe:?} after {inserted:?}");
            }
            set.insert(&span);
            inserted.push(span);
        }
    }

    #[test]
    fn spans_inside_a_range_come_as_a_pass_over_them_gives_them() {
        let spans = [5..9, 0..3, 2..2, 7..8, 3..12, 9..9, 12..14];
        let index = SpansInside::new(spans.iter().cloned());
        for range in (0..15).flat_map(|s| (s..15).map(move |e| s..e)) {
            let expected: Vec<usize> = (0..spans.len()).filter(|&i| contains(&range, &spans[i])).collect();
            assert_eq!(index.inside(&range), expected, "{range:?}");
        }
    }

    #[test]
    fn the_line_around_a_byte() {
        let text = "ab\ncd\n\nef";
        let lines = LineStarts::new(text);
        assert_eq!(lines.line_around(0), 0..2);
        assert_eq!(lines.line_around(2), 0..2);
        assert_eq!(lines.line_around(4), 3..5);
        assert_eq!(lines.line_around(6), 6..6);
        assert_eq!(lines.line_around(8), 7..9);
        assert_eq!(lines.line_around(9), 7..9);
    }

    #[test]
    fn a_line_ends_at_lf_crlf_or_a_lone_cr() {
        let text = "a\r\nb\rc\nd\r";
        assert_eq!(line_breaks(text.as_bytes()).collect::<Vec<_>>(), [3, 5, 7, 9]);
        assert_eq!(line_of(text, text.find('b').unwrap()), 2);
        assert_eq!(line_of(text, text.find('c').unwrap()), 3);
        assert_eq!(line_of(text, text.find('d').unwrap()), 4);
        assert_eq!(without_invisible("1,\u{200b}000\u{ad}"), "1,000");
    }

    #[test]
    fn words_and_spaces() {
        assert_eq!(squash(" a\n\t b  "), "a b");
        assert_eq!(fold("More\u{a0}Than"), "more than");
        assert!(is_whole_word("in Russia.", &(3..9)));
        assert!(!is_whole_word("Russian", &(0..6)));
        assert!(is_whole_word("the U.S. said", &(4..8)));
        assert_eq!(last_word("in the"), "the");
        assert_eq!(last_word("end."), "");
        assert!(has_phrase("during those years, 5", "those years"));
        assert!(!has_phrase("erasure", "era"));
    }

    #[test]
    fn lower_case_keeps_its_origin() {
        let (lowered, origin) = lowercase_with_origin("İx");
        assert_eq!(origin.len(), lowered.len() + 1);
        assert_eq!(origin[lowered.len() - 1], "İ".len());
    }
}
