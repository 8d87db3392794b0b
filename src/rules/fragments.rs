//! Fragments: the named pieces of regex that rule patterns use as `{name}`,
//! written in `[fragments]` tables or generated from the lexicon and the
//! number words, so that a word added to a table is matched by every rule
//! that names the table.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use regex::Regex;

use super::lexicon::Lexicon;

/// A fragment's body and where it was defined (`file:line`, or the table it
/// was generated from), for messages.
pub type Fragments = BTreeMap<String, (String, String)>;

/// Phrases as one case-insensitive alternation, longest first. The words of a
/// phrase match across any white space. With `whole`, a phrase that ends in
/// a letter or digit ends at a word boundary ("year" is not "yearly"), one
/// that ends in punctuation ("руб.", "sq. mi.", "%") ends where it ends;
/// without, a phrase may begin a longer word ("three" in "threefold").
pub fn alternation<'a>(phrases: impl IntoIterator<Item = &'a str>, whole: bool) -> String {
    let mut phrases: Vec<&str> = phrases.into_iter().collect();
    phrases.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    phrases.dedup();
    let mut out = String::new();
    for (i, phrase) in phrases.iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        for (j, word) in phrase.split(' ').enumerate() {
            if j > 0 {
                out.push_str(r"\s+");
            }
            out.push_str(&regex::escape(word));
        }
        if whole && phrase.ends_with(|c: char| c.is_alphabetic() || c.is_ascii_digit()) {
            out.push_str(r"\b");
        }
    }
    format!("(?i:{out})")
}

/// Fragments made from the lexicon: `{qualifier}` (every qualifier but the
/// range words), `{unit_CLASS}` for each unit class, `{person_noun}` (the
/// curated person and group nouns), and for
/// each number-word table NAME of `rules/numbers.toml` `{NAME}` (its words,
/// which may begin a longer word: "three" in "threefold") and `{NAME_whole}`
/// (whole words only).
pub fn generated(lexicon: &Lexicon, number_tables: &BTreeMap<String, Vec<String>>) -> Vec<(String, String, String)> {
    let mut fragments = vec![(
        "qualifier".to_string(),
        alternation(lexicon.qualifiers.iter().filter(|(_, q)| q != "range").map(|(p, _)| p.as_str()), true),
        "rules/lexicon.toml [lexicon.qualifiers]".to_string(),
    )];
    let classes: std::collections::BTreeSet<&str> = lexicon.units.iter().map(|(_, _, c)| c.as_str()).collect();
    for class in classes {
        let phrases = lexicon.units.iter().filter(|(_, _, c)| c == class).map(|(p, _, _)| p.as_str());
        fragments.push((format!("unit_{class}"), alternation(phrases, true), format!("[lexicon.units.{class}]")));
    }
    // The curated lists only: the open lexicons are hash lookups, never a
    // regex alternation of 150,000 forms.
    let curated = lexicon.person_nouns.curated.iter().map(String::as_str);
    fragments.push(("person_noun".into(), alternation(curated, true), "[lexicon] person_nouns, group_nouns".into()));
    for (name, words) in number_tables {
        let origin = format!("rules/numbers.toml [{name}]");
        fragments.push((name.clone(), alternation(words.iter().map(String::as_str), false), origin.clone()));
        fragments.push((format!("{name}_whole"), alternation(words.iter().map(String::as_str), true), origin));
    }
    fragments
}

/// Replaces `{name}` by `(?:fragment)`. Names are lower-case identifiers, so
/// repetition counts (`{1,3}`), Unicode classes (`\p{Lu}`) and escapes
/// (`\u{a0}`) pass untouched.
pub fn expand(pattern: &str, fragments: &Fragments) -> Result<String, String> {
    expand_at(pattern, fragments, 0)
}

fn expand_at(pattern: &str, fragments: &Fragments, depth: usize) -> Result<String, String> {
    static NAME: OnceLock<Regex> = OnceLock::new();
    if depth > 8 {
        return Err("fragments nest too deeply (a fragment that names itself?)".into());
    }
    let name_re = NAME.get_or_init(|| Regex::new(r"(\\[pPux])?\{([a-z][a-z0-9_]+)\}").expect("a valid regex"));
    let mut out = String::new();
    let mut last = 0;
    for caps in name_re.captures_iter(pattern) {
        let whole = caps.get(0).expect("group 0");
        if caps.get(1).is_some() {
            continue;
        }
        let name = &caps[2];
        let (body, _) = fragments.get(name).ok_or_else(|| format!("unknown fragment {{{name}}}"))?;
        out.push_str(&pattern[last..whole.start()]);
        let _ = write!(out, "(?:{})", expand_at(body, fragments, depth + 1)?);
        last = whole.end();
    }
    out.push_str(&pattern[last..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternations_put_longer_phrases_first_and_end_words_at_a_boundary() {
        assert_eq!(alternation(["year", "years", "руб."], true), r"(?i:руб\.|years\b|year\b)");
        assert_eq!(alternation(["more than"], true), r"(?i:more\s+than\b)");
        assert_eq!(alternation(["three", "thirteen"], false), r"(?i:thirteen|three)");
    }

    #[test]
    fn fragments_expand_but_counts_and_classes_stay() {
        let fragments: Fragments = [("dd".to_string(), (r"\d{1,3}".to_string(), "x".to_string()))].into();
        assert_eq!(expand(r"{dd}\p{Lu}{2}", &fragments).unwrap(), r"(?:\d{1,3})\p{Lu}{2}");
        assert!(expand("{nope}", &fragments).unwrap_err().contains("unknown fragment {nope}"));
    }
}
