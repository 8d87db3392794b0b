//! Anchoring a decision to the text: its quote inside the one place its
//! context occurs, however the text is wrapped. Extract does this, since it
//! is the stage that reads texts.

use std::ops::Range;

use crate::contract::Anchor;

/// A regex that matches `s` with any run of white space where `s` has white
/// space.
fn folded_pattern(s: &str) -> regex::Regex {
    let pattern = s.split_whitespace().map(regex::escape).collect::<Vec<_>>().join(r"\s+");
    regex::Regex::new(&pattern).expect("escaped text is a valid regex")
}

/// Finds `quote` inside the one place `context` occurs in `text`: the byte
/// span of the quote, or why it cannot be found. The quote must stand as a
/// whole number phrase: "5" is not found inside "25".
pub fn locate(text: &str, context: &str, quote: &str) -> Result<Range<usize>, Anchor> {
    let context_pattern = folded_pattern(context);
    let mut contexts = context_pattern.find_iter(text);
    let found = contexts.next().ok_or(Anchor::NoContext)?;
    if contexts.next().is_some() {
        return Err(Anchor::RepeatedContext);
    }
    let region = found.range();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let quotes: Vec<Range<usize>> = folded_pattern(quote)
        .find_iter(&text[region.clone()])
        .map(|m| region.start + m.start()..region.start + m.end())
        .filter(|span| {
            let before = text[..span.start].chars().next_back();
            let after = text[span.end..].chars().next();
            let first = text[span.clone()].chars().next();
            let last = text[span.clone()].chars().next_back();
            !(word(first) && word(before)) && !(word(last) && word(after))
        })
        .collect();
    match quotes.as_slice() {
        [span] => Ok(span.clone()),
        [] => Err(Anchor::NoContext),
        _ => Err(Anchor::RepeatedQuote),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_folds_white_space_and_respects_words() {
        let text = "In 1921, 25 people and\n5 horses; later 5 more.";
        let span = locate(text, "25 people and 5 horses", "5").unwrap();
        assert_eq!(&text[span.clone()], "5");
        assert_eq!(span.start, text.find("\n5").unwrap() + 1);
        assert_eq!(locate(text, "no such words", "5"), Err(Anchor::NoContext));
        assert_eq!(locate("5 and 5", "5 and 5", "5"), Err(Anchor::RepeatedQuote));
        assert_eq!(locate("a 5 b. a 5 b.", "a 5 b", "5"), Err(Anchor::RepeatedContext));
    }
}
