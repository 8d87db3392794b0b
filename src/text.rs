//! Small helpers over text that every stage needs the same way: white space
//! folding, word boundaries, spans, scripts. One definition each, so that
//! "a word" means the same thing in the rules, in extract and in normalize.

use std::ops::Range;

/// Runs of white space folded to one space, ends trimmed: "a\n  b " → "a b".
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// [`squash`] and lower case: how lexicon phrases are compared.
pub fn fold(s: &str) -> String {
    squash(s).to_lowercase()
}

pub fn overlaps<T: Ord>(a: &Range<T>, b: &Range<T>) -> bool {
    a.start < b.end && b.start < a.end
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

/// The 1-based line of byte `at`.
pub fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
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
