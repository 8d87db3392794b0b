//! Sentence boundaries, so every figure carries the sentence that holds it.
//!
//! Deliberately simple and predictable: a blank line ends a paragraph; a
//! single line break ends a sentence unless the text is visibly hard-wrapped
//! (the line ends mid-clause and the next goes on in lower case); `.`, `!`,
//! `?` end a sentence before white space and a capital, a digit or a quote,
//! except after common abbreviations and initials.

use std::ops::Range;

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "vol", "fig", "gen", "col", "lt", "sgt", "capt", "gov", "sen",
    "rep", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "approx", "sq", "mi", "km", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "u.s", "u.k", "u.s.s.r", "гос",
    "т.е", "т.д", "г", "гг", "им",
];

/// Byte ranges of the sentences of `text`, trimmed, in order.
pub fn sentence_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let boundary_end = match c {
            '\n' if !continues_on_next_line(text, at) => Some(at),
            '.' | '!' | '?' | '…' => {
                let mut j = i + 1;
                while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '»' | ')' | ']' | '\'' | '.') {
                    j += 1;
                }
                let after_closers = chars.get(j).map_or(text.len(), |&(b, _)| b);
                if ends_sentence(text, at, c, after_closers) {
                    Some(after_closers)
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some(end) = boundary_end {
            push_trimmed(&mut spans, text, start..end);
            start = end;
        }
        i += 1;
    }
    push_trimmed(&mut spans, text, start..text.len());
    spans
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

fn ends_sentence(text: &str, at: usize, mark: char, after_closers: usize) -> bool {
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
    !(is_initial || ABBREVIATIONS.contains(&word.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        sentence_spans(text).into_iter().map(|r| &text[r]).collect()
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
