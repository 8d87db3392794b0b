//! The geometry of a sentence around its number: where the quote stands,
//! how far something is from it, and which parts of the sentence speak of
//! something else (brackets, quotations, relative clauses), so that a year or
//! place in them is not taken for the figure's.

use std::ops::Range;

use crate::rules::lexicon::WordLists;
use crate::text::{contains, is_cyrillic};

/// The fewest letters before a participle's ending ("рассекреч-енным").
const PARTICIPLE_STEM: usize = 4;

/// A sentence with the quote's byte span inside it.
pub struct Sentence<'a> {
    pub text: &'a str,
    pub quote: Range<usize>,
}

impl Sentence<'_> {
    /// Byte distance from the quote to a span (0 when they touch or overlap).
    pub fn distance(&self, span: &Range<usize>) -> usize {
        if span.end <= self.quote.start {
            self.quote.start - span.end
        } else {
            span.start.saturating_sub(self.quote.end)
        }
    }

    /// Whether the sentence's own grammar ties a span to the number: not when
    /// the span sits in an aside that does not hold the number. A number in
    /// brackets still reads the other brackets: "($453.5 million in 2019) …
    /// ($131.3 million respectively)".
    pub fn speaks_of_the_number(&self, asides: &[Aside], span: &Range<usize>) -> bool {
        let in_brackets = asides.iter().any(|a| a.kind == AsideKind::Brackets && contains(&a.span, &self.quote));
        !asides.iter().any(|a| {
            contains(&a.span, span) && !contains(&a.span, &self.quote) && !(in_brackets && a.kind == AsideKind::Brackets)
        })
    }
}

/// A part of a sentence that speaks of something else than its main clause.
pub struct Aside {
    pub span: Range<usize>,
    pub kind: AsideKind,
}

#[derive(PartialEq)]
pub enum AsideKind {
    /// "($453.5 million in 2019)", "[the territory of]"
    Brackets,
    /// A quoted phrase: someone's words or a name ("“hotels in Vienna”").
    Quotation,
    /// ", who was executed in 1937 in Moscow,"
    RelativeClause,
}

/// The asides of a text. A Markdown link's text ("[Zhanaozen](#)") is
/// running text, not an aside. A relative clause opens with one of the
/// relative pronouns of `rules/words.toml`, or, in Russian, with a
/// participle (", рассекреченным только в 1980-х годах,"), perhaps after
/// an adverb.
pub fn asides(text: &str, words: &WordLists) -> Vec<Aside> {
    let mut found = Vec::new();
    let mut open: Vec<(char, usize)> = Vec::new();
    for (at, c) in text.char_indices() {
        let opener = match c {
            ')' => '(',
            ']' => '[',
            '”' => '“',
            '»' => '«',
            '"' if open.last().is_some_and(|(o, _)| *o == '"') => '"',
            '(' | '[' | '“' | '«' | '"' => {
                open.push((c, at));
                continue;
            }
            _ => continue,
        };
        let Some(depth) = open.iter().rposition(|(o, _)| *o == opener) else { continue };
        let start = open[depth].1;
        open.truncate(depth);
        let end = at + c.len_utf8();
        let kind = if matches!(opener, '(' | '[') { AsideKind::Brackets } else { AsideKind::Quotation };
        let link_text = c == ']' && text[end..].starts_with('(');
        if !link_text {
            found.push(Aside { span: start..end, kind });
        }
    }
    for (at, _) in text.match_indices(", ") {
        let clause = &text[at + 2..];
        let mut opening = clause.split_whitespace().take(2).map(|w| w.trim_end_matches(|c: char| !c.is_alphabetic()));
        let first_word: String = clause.chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
        let participle = |word: &str| {
            word.chars().next().is_some_and(|c| c.is_lowercase() && is_cyrillic(c))
                // "данным", "военным" end so but are a noun and an
                // adjective: a participle has a longer stem.
                && words.participle_endings.iter().any(|ending| {
                    word.ends_with(ending) && word.chars().count() >= ending.chars().count() + PARTICIPLE_STEM
                })
        };
        if words.relative_pronouns.contains(&first_word) || opening.any(participle) {
            let end = clause_punctuation(clause).map_or(text.len(), |i| at + 2 + i);
            found.push(Aside { span: at..end, kind: AsideKind::RelativeClause });
        }
    }
    found
}

/// Where a relative clause at the start of `text` ends: at a comma,
/// semicolon, dash, a bracket it did not open, or a full stop that ends a
/// sentence (not the one in "53.2").
fn clause_punctuation(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' if depth > 0 => depth -= 1,
            ')' | ']' => return Some(i),
            ',' | ';' | '!' | '?' | '—' | '–' if depth == 0 => return Some(i),
            '.' if depth == 0 && text[i + 1..].chars().next().is_none_or(char::is_whitespace) => return Some(i),
            _ => {}
        }
    }
    None
}

/// The byte spans of the words of a text: runs of letters, with the
/// hyphens and apostrophes inside them ("Kabardino-Balkarian").
pub fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let part_of_word = |c: char| c.is_alphabetic() || matches!(c, '-' | '\'' | '’');
    text.char_indices().filter(move |&(at, c)| c.is_alphabetic() && !text[..at].ends_with(part_of_word)).map(move |(start, _)| {
        let len = text[start..].find(|c: char| !part_of_word(c)).unwrap_or(text.len() - start);
        start..start + text[start..start + len].trim_end_matches(|c: char| !c.is_alphabetic()).len()
    })
}

/// The text with its closed bracketed parts left out; a bracket still open
/// at the end is kept ("300 soldiers (from" still ends with "from").
pub fn without_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut opened_at: Vec<usize> = Vec::new();
    for c in text.chars() {
        match c {
            '(' | '[' => {
                opened_at.push(out.len());
                out.push(c);
            }
            ')' | ']' if !opened_at.is_empty() => out.truncate(opened_at.pop().unwrap_or(0)),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_clauses_and_brackets_are_asides_but_link_text_is_not() {
        let rules = crate::rules::RuleSet::load(None).unwrap();
        let of = |text: &str| -> Vec<String> {
            asides(text, &rules.lexicon.words).into_iter().map(|a| text[a.span].to_string()).collect()
        };
        let text = "Ivan, who was born in 1901, saw [Kyiv](#) (then a province).";
        assert_eq!(of(text), vec!["(#)", "(then a province)", ", who was born in 1901"]);
        let text = "По данным, частично рассекреченным в 1989 году, убито 5 человек.";
        assert_eq!(of(text), vec![", частично рассекреченным в 1989 году"]);
        assert!(of("В 1962 году, по данным КГБ, убито 5 человек.").is_empty());
    }
}
