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
    // One pass over the bytes that may end a sentence, without holding the
    // text's chars: memory is the text's and the spans', however long a line is.
    while let Some(at) = next_mark(text.as_bytes(), from) {
        let c = text[at..].chars().next().expect("a mark is a character");
        from = at + c.len_utf8();
        let boundary_end = match c {
            '\n' if !continues_on_next_line(text, at) => Some(at),
            // A lone carriage return ends a line as a line feed does.
            '\r' if !text[at + 1..].starts_with('\n') && !continues_on_next_line(text, at) => Some(at),
            '.' | '!' | '?' | '…' => {
                let rest = &text[from..];
                let closers = rest.find(|c| !matches!(c, '"' | '”' | '’' | '»' | ')' | ']' | '\'' | '.')).unwrap_or(rest.len());
                let after_closers = from + closers;
                ends_sentence(text, at, c, after_closers, abbreviations).then_some(after_closers)
            }
            _ => None,
        };
        if let Some(end) = boundary_end {
            if end > start {
                push_trimmed(&mut spans, text, start..end);
                start = end;
            }
        }
    }
    push_trimmed(&mut spans, text, start..text.len());
    spans
}

/// The longest sentence, in bytes. A text without sentence ends (a scraper
/// that dropped every full stop and line break) is cut at white space into
/// pieces no longer than this, so that each figure's sentence and context
/// stay short however long the text's lines are: as far as a figure's
/// context reaches back (`locator::PARAGRAPH_CONTEXT_BYTES`), and three
/// times the longest sentence that holds a figure in the corpus (510 bytes).
pub const MAX_SENTENCE_BYTES: usize = 1500;

/// Pushes `range` without the white space and invisible characters (a
/// byte-order mark, a zero-width space) at its ends, cut into pieces of at
/// most [`MAX_SENTENCE_BYTES`].
/// The first byte at or after `from` that may end a sentence: a line break
/// (a line feed or a carriage return), `.`, `!`, `?`, or the first byte of
/// `…` (checked by the caller).
fn next_mark(bytes: &[u8], from: usize) -> Option<usize> {
    let ellipsis = "…".as_bytes()[0];
    bytes[from..].iter().position(|&b| matches!(b, b'\n' | b'\r' | b'.' | b'!' | b'?') || b == ellipsis).map(|i| from + i)
}

fn push_trimmed(spans: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let blank = |c: char| c.is_whitespace() || crate::text::is_invisible(c);
    let slice = &text[range.clone()];
    let mut start = range.start + (slice.len() - slice.trim_start_matches(blank).len());
    let end = range.end - (slice.len() - slice.trim_end_matches(blank).len());
    while end > start + MAX_SENTENCE_BYTES {
        let mut limit = start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let cut = text[start..limit].rfind(char::is_whitespace).filter(|&at| at > 0).map_or(limit, |at| start + at);
        let piece = text[start..cut].trim_end_matches(blank);
        spans.push(start..start + piece.len());
        start = cut + (text[cut..end].len() - text[cut..end].trim_start_matches(blank).len());
    }
    if start < end {
        spans.push(start..end);
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

/// The longest line taken for a heading, in characters.
const MAX_HEADING_CHARS: usize = 120;

/// The lines that head what follows them: a Markdown heading (`# …`), or a
/// short line standing alone — the text's first line, or one with a blank
/// line before and after it — that does not end as a sentence ends (a title,
/// a section heading, a dateline, "Testimony from Almaty:"). Byte spans of
/// the lines without their white space, in order.
pub fn heading_lines(text: &str) -> Vec<Range<usize>> {
    let starts: Vec<usize> = std::iter::once(0).chain(crate::text::line_breaks(text.as_bytes())).collect();
    let lines: Vec<Range<usize>> = starts.iter().zip(starts.iter().skip(1).copied().chain([text.len()])).map(|(&s, e)| s..e).collect();
    let blank = |i: usize| text[lines[i].clone()].trim().is_empty();
    let mut headings = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let content = text[line.clone()].trim();
        if content.is_empty() {
            continue;
        }
        let first_line = (0..i).all(blank);
        let alone = (i == 0 || blank(i - 1)) && (i + 1 == lines.len() || blank(i + 1));
        let markdown = content.starts_with('#');
        let ends_sentence = content
            .trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '*'])
            .ends_with(['.', '!', '?', '…', ';', ',']);
        let short = content.chars().count() <= MAX_HEADING_CHARS;
        if markdown || (short && !ends_sentence && (first_line || alone)) {
            let lead = text[line.clone()].len() - text[line.clone()].trim_start().len();
            headings.push(line.start + lead..line.start + lead + content.len());
        }
    }
    headings
}

/// Where each paragraph after the first begins: just after a line that holds
/// nothing but white space, or after a line that ends as a sentence ends
/// when the next begins as one does (many web texts put one paragraph on a
/// line, with no blank line between). Sorted.
pub fn paragraph_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut line_start = 0;
    for next in crate::text::line_breaks(text.as_bytes()) {
        // the line's text, line break and all white space trimmed
        let line = text[line_start..next].trim();
        let after = text[next..].trim_start_matches([' ', '\t']);
        let ends_sentence = line.trim_end_matches(['"', '\'', '”', '’', '»', ')']).ends_with(['.', '!', '?', '…', ':']);
        let next_begins = after.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "\"“«—–-(".contains(c));
        if line.is_empty() || (ends_sentence && next_begins) {
            starts.push(next);
        }
        line_start = next;
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

    #[test]
    fn a_text_without_sentence_ends_is_cut_at_white_space() {
        let text = "word ".repeat(2000) + "end";
        let spans = sentence_spans(&text, &WordList::default());
        assert!(spans.len() >= 3, "{spans:?}");
        for span in &spans {
            assert!(span.len() <= MAX_SENTENCE_BYTES);
            assert!(!text[span.clone()].starts_with(' ') && !text[span.clone()].ends_with(' '));
        }
        assert_eq!(spans[0].start, 0);
        assert_eq!(spans[spans.len() - 1].end, text.len());
        let words: usize = spans.iter().map(|s| text[s.clone()].split(' ').count()).sum();
        assert_eq!(words, 2001);
    }

    fn sentences(text: &str) -> Vec<&str> {
        let abbreviations: WordList =
            toml::from_str(r#"description = "" 
words = ["dr", "sq", "mi", "u.s"]"#).unwrap();
        sentence_spans(text, &abbreviations).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn headings_are_short_lines_that_stand_alone() {
        let text = "Deportation of 1944\nIn February 1944 they came.\n\nTestimony from Almaty:\n\nWe saw it. We left.\n\n## 3. Results\nA short line\nthat wraps.\n";
        let headings: Vec<&str> = heading_lines(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(headings, vec!["Deportation of 1944", "Testimony from Almaty:", "## 3. Results"]);
    }

    #[test]
    fn paragraphs_begin_after_blank_lines_and_after_lines_that_end_a_sentence() {
        let text = "One and\ntwo.\n\nThree.\n  \nFour ends.\nFive begins.";
        let starts = paragraph_starts(text);
        let at = |s: &str| text.find(s).unwrap();
        assert_eq!(starts, vec![at("Three"), at("  \n") + 3, at("Five")]);
        assert_eq!(paragraph_start(&starts, at("two")), 0);
        assert_eq!(paragraph_start(&starts, at("Three")), starts[0]);
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
