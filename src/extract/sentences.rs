//! Sentence boundaries, so every figure carries the sentence that holds it.
//!
//! Deliberately simple and predictable: a blank line ends a paragraph; a
//! single line break ends a sentence unless the text is visibly hard-wrapped
//! (the line ends mid-clause and the next goes on in lower case); `.`, `!`,
//! `?` end a sentence before white space and a capital, a digit or a quote,
//! except after the abbreviations of `rules/words.toml` and initials.
//!
//! Paragraphs are found here too: a figure's context reaches back to the
//! start of its paragraph.

use std::ops::Range;

use crate::rules::lexicon::WordList;

/// Byte ranges of the sentences of `text`, trimmed, in order.
pub fn sentence_spans(text: &str, abbreviations: &WordList) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = 0;
    let mut from = 0;
    while let Some(at) = next_mark(text.as_bytes(), from) {
        let c = text[at..].chars().next().expect("a mark is a character");
        from = at + c.len_utf8();
        let boundary_end = match c {
            '\n' if !continues_on_next_line(text, at) => Some(at),
            '.' | '!' | '?' | '…' => {
                let rest = &text[from..];
                let closers = rest.find(|c| !matches!(c, '"' | '”' | '’' | '»' | ')' | ']' | '\'' | '.')).unwrap_or(rest.len());
                let after_closers = from + closers;
                ends_sentence(text, at, c, after_closers, abbreviations).then_some(after_closers)
            }
            _ => None,
        };
        if let Some(end) = boundary_end {
            push_trimmed(&mut spans, text, start..end);
            start = end;
        }
    }
    push_trimmed(&mut spans, text, start..text.len());
    spans
}

/// The first byte at or after `from` that may end a sentence: a line break,
/// `.`, `!`, `?`, or the first byte of `…` (checked by the caller).
fn next_mark(bytes: &[u8], from: usize) -> Option<usize> {
    let ellipsis = "…".as_bytes()[0];
    bytes[from..].iter().position(|&b| matches!(b, b'\n' | b'.' | b'!' | b'?') || b == ellipsis).map(|i| from + i)
}

fn push_trimmed(spans: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let slice = &text[range.clone()];
    let trimmed_start = range.start + (slice.len() - slice.trim_start().len());
    let trimmed_end = range.end - (slice.len() - slice.trim_end().len());
    if trimmed_start < trimmed_end {
        spans.push(trimmed_start..trimmed_end);
    }
}

/// A hard-wrapped line: it ends inside a clause and the next line carries on.
fn continues_on_next_line(text: &str, newline: usize) -> bool {
    let before = text[..newline].trim_end_matches([' ', '\t', '\r']);
    let after = &text[newline + 1..];
    if after.starts_with('\n') || after.trim_start_matches([' ', '\t', '\r']).starts_with('\n') {
        return false;
    }
    let last = before.chars().next_back();
    let next = after.trim_start_matches([' ', '\t']).chars().next();
    let open_clause = last.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || matches!(c, ',' | '-' | ';'));
    let carries_on = next.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
    open_clause && carries_on
}

fn ends_sentence(text: &str, at: usize, mark: char, after_closers: usize, abbreviations: &WordList) -> bool {
    let rest = &text[after_closers..];
    let Some(space) = rest.chars().next() else { return true };
    if !space.is_whitespace() {
        return false;
    }
    let next = rest.trim_start().chars().next();
    let starts_new = next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“«‘'([".contains(c));
    if !starts_new {
        return false;
    }
    if mark != '.' {
        return true;
    }
    let word: String = text[..at]
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let word = word.to_lowercase();
    let is_initial = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    !(is_initial || abbreviations.contains(&word))
}

/// Where each paragraph after the first begins: just after a line that holds
/// nothing but white space. Sorted.
pub fn paragraph_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut line_start = 0;
    for (at, byte) in text.bytes().enumerate() {
        if byte == b'\n' {
            if text[line_start..at].trim().is_empty() {
                starts.push(at + 1);
            }
            line_start = at + 1;
        }
    }
    starts
}

/// Where the paragraph holding `at` begins, given [`paragraph_starts`].
pub fn paragraph_start(starts: &[usize], at: usize) -> usize {
    let before = starts.partition_point(|&s| s <= at);
    if before == 0 {
        0
    } else {
        starts[before - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let abbreviations: WordList =
            toml::from_str(r#"description = "" 
words = ["dr", "sq", "mi", "u.s"]"#).unwrap();
        sentence_spans(text, &abbreviations).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn paragraphs_begin_after_blank_lines() {
        let text = "One.\nTwo.\n\nThree.\n  \nFour.";
        let starts = paragraph_starts(text);
        assert_eq!(starts, vec![text.find("\n\n").unwrap() + 2, text.find("Four").unwrap()]);
        assert_eq!(paragraph_start(&starts, text.find("Two").unwrap()), 0);
        assert_eq!(paragraph_start(&starts, text.find("Three").unwrap()), starts[0]);
    }

    #[test]
    fn splits_on_stops_and_lines() {
        assert_eq!(
            sentences("First one. Second one!\n\nA heading\nNext “quoted.” Then 5 more."),
            vec!["First one.", "Second one!", "A heading", "Next “quoted.”", "Then 5 more."]
        );
    }

    #[test]
    fn keeps_abbreviations_and_wrapped_lines_together() {
        assert_eq!(sentences("An area (1,052,100 sq. mi.) is large. Dr. Smith came."), vec![
            "An area (1,052,100 sq. mi.) is large.",
            "Dr. Smith came."
        ]);
        assert_eq!(sentences("people were detained from 1926\nto 1956 in camps."), vec![
            "people were detained from 1926\nto 1956 in camps."
        ]);
        assert_eq!(sentences("J. Stalin ruled. The U.S. Senate met."), vec!["J. Stalin ruled.", "The U.S. Senate met."]);
    }
}
