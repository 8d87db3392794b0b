//! Named entities in a text: the gazetteer's known names first, then the
//! pattern rules for names it does not know, then later mentions of the
//! names those patterns found. The names and patterns are data in
//! `rules/entities.toml`.

use std::collections::BTreeSet;
use std::ops::Range;

use aho_corasick::AhoCorasick;
use anyhow::Result;

use crate::rules::{RuleKind, RuleSet};

/// The rule id of a mention found by the gazetteer.
pub const GAZETTEER_RULE: &str = "entity.gazetteer";
/// The rule id of a later mention of a name a pattern rule found in the same
/// document (the full name again, or a person's surname alone).
pub const NAME_AGAIN_RULE: &str = "entity.name_again";

/// A person, place, organization or event the gazetteer knows by name.
#[derive(Debug, Clone)]
pub struct KnownEntity {
    pub name: String,
    pub entity_type: String,
    pub aliases: Vec<String>,
}

/// The known entities and automata over all their aliases.
#[derive(Debug)]
pub struct Gazetteer {
    pub entities: Vec<KnownEntity>,
    /// One-word aliases, matched as written ("UN" is not "un").
    exact: AliasMatcher,
    /// Aliases of several words, matched in any ASCII capitalization
    /// ("Kazakh Famine", "the january events").
    any_case: AliasMatcher,
}

#[derive(Debug)]
struct AliasMatcher {
    automaton: AhoCorasick,
    /// For each pattern of the automaton: its entity and whether it may take
    /// a Cyrillic case ending.
    entity_of: Vec<(usize, bool)>,
}

impl Default for Gazetteer {
    fn default() -> Gazetteer {
        Gazetteer::new(Vec::new()).expect("an empty gazetteer builds")
    }
}

/// Case endings are short: "Казахстан" + "е", "Токаев" + "ым".
const MAX_CYRILLIC_ENDING: usize = 3;

impl Gazetteer {
    pub fn new(entities: Vec<KnownEntity>) -> Result<Gazetteer> {
        let build = |several_words: bool| -> Result<AliasMatcher> {
            let mut patterns = Vec::new();
            let mut entity_of = Vec::new();
            for (index, entity) in entities.iter().enumerate() {
                for alias in entity.aliases.iter().filter(|a| a.contains(char::is_whitespace) == several_words) {
                    patterns.push(alias.as_str());
                    entity_of.push((index, alias.chars().next_back().is_some_and(is_cyrillic)));
                }
            }
            let automaton = AhoCorasick::builder().ascii_case_insensitive(several_words).build(&patterns)?;
            Ok(AliasMatcher { automaton, entity_of })
        };
        let (exact, any_case) = (build(false)?, build(true)?);
        Ok(Gazetteer { entities, exact, any_case })
    }

    pub fn entity(&self, name: &str, entity_type: &str) -> Option<&KnownEntity> {
        self.entities.iter().find(|e| e.name == name && e.entity_type == entity_type)
    }

    /// Every alias found as a whole word, as (byte span, entity); where two
    /// overlap, the longer wins ("Kassym-Jomart Tokayev" over "Tokayev").
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, &KnownEntity)> {
        let mut found: Vec<(Range<usize>, usize)> = Vec::new();
        let all_matches = [&self.exact, &self.any_case].into_iter().flat_map(|matcher| {
            matcher.automaton.find_overlapping_iter(text).map(|m| (m, matcher.entity_of[m.pattern().as_usize()]))
        });
        for (m, (entity, takes_ending)) in all_matches {
            let mut end = m.end();
            if takes_ending {
                let ending: usize =
                    text[end..].chars().take_while(|c| c.is_lowercase() && is_cyrillic(*c)).map(char::len_utf8).sum();
                if text[end..end + ending].chars().count() > MAX_CYRILLIC_ENDING {
                    continue;
                }
                end += ending;
            }
            if is_whole_word(text, m.start()..end) {
                found.push((m.start()..end, entity));
            }
        }
        found.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.start.cmp(&b.0.start)));
        let mut accepted: Vec<(Range<usize>, usize)> = Vec::new();
        for (span, entity) in found {
            if !accepted.iter().any(|(taken, _)| overlaps(taken, &span)) {
                accepted.push((span, entity));
            }
        }
        accepted.sort_by_key(|(span, _)| span.start);
        accepted.into_iter().map(|(span, entity)| (span, &self.entities[entity])).collect()
    }
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// A span whose ends are not inside a word: "Russia" is not in "Russian".
/// An end that is itself punctuation ("U.S.") needs no boundary.
fn is_whole_word(text: &str, span: Range<usize>) -> bool {
    let inside = &text[span.clone()];
    let starts_word = inside.chars().next().is_some_and(char::is_alphanumeric);
    let ends_word = inside.chars().next_back().is_some_and(char::is_alphanumeric);
    let before_ok = !starts_word || text[..span.start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
    let after_ok = !ends_word || text[span.end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
    before_ok && after_ok
}

/// One mention of a named entity: where it stands, the entity's name and
/// type, and the rule that found it.
#[derive(Debug, Clone, PartialEq)]
pub struct NameMatch {
    pub span: Range<usize>,
    pub name: String,
    pub entity_type: String,
    pub rule: String,
}

/// Every mention of a named entity in `text`, in text order, none
/// overlapping. The gazetteer's names claim their spans first; pattern
/// matches are resolved like figure rules (priority, then length, then
/// position) among the spans left; then the names the patterns found are
/// looked for again in the rest of the text.
pub fn find_mentions(rules: &RuleSet, text: &str) -> Vec<NameMatch> {
    let gazetteer = &rules.lexicon.gazetteer;
    let mut mentions: Vec<NameMatch> = gazetteer
        .find(text)
        .into_iter()
        .map(|(span, entity)| NameMatch {
            span,
            name: entity.name.clone(),
            entity_type: entity.entity_type.clone(),
            rule: GAZETTEER_RULE.to_string(),
        })
        .collect();

    // (priority, rule, name span) of every pattern match
    let mut candidates: Vec<(i32, usize, Range<usize>)> = Vec::new();
    for (index, rule) in rules.rules.iter().enumerate().filter(|(_, r)| r.kind == RuleKind::Entity) {
        for caps in rule.regex.captures_iter(text) {
            let Some(name) = caps.name("name") else { continue };
            if is_heading(line_around(text, name.start())) {
                continue;
            }
            if let Some(span) = without_leading_non_names(text, name.range(), &rules.lexicon.not_names) {
                candidates.push((rule.priority, index, span));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(b.2.len().cmp(&a.2.len())).then(a.2.start.cmp(&b.2.start)));
    let mut found_by_patterns: Vec<NameMatch> = Vec::new();
    for (_, index, span) in candidates {
        if mentions.iter().chain(&found_by_patterns).any(|m| overlaps(&m.span, &span)) {
            continue;
        }
        let rule = &rules.rules[index];
        found_by_patterns.push(NameMatch {
            name: text[span.clone()].split_whitespace().collect::<Vec<_>>().join(" "),
            span,
            entity_type: rule.entity_type.clone().unwrap_or_default(),
            rule: rule.id.clone(),
        });
    }
    mentions.extend(found_by_patterns.iter().cloned());
    mentions.extend(names_again(text, &found_by_patterns, &mentions, &rules.lexicon.not_names));
    mentions.sort_by_key(|m| (m.span.start, m.span.end));
    mentions
}

fn line_around(text: &str, at: usize) -> &str {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    &text[start..end]
}

/// A title-case line ("Eyewitness Accounts from Almaty; Analysis from
/// Russian Anarchists"): at least three words of five letters or more, nearly
/// all capitalized.
fn is_heading(line: &str) -> bool {
    let long_words: Vec<&str> =
        line.split_whitespace().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 5).collect();
    let capitalized = long_words.iter().filter(|w| w.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase)).count();
    long_words.len() >= 3 && capitalized * 5 >= long_words.len() * 4
}

/// A pattern's name without the sentence-opening words in front of it ("Then
/// Aida Bek" → "Aida Bek"); `None` when nothing of a name is left.
fn without_leading_non_names(text: &str, mut span: Range<usize>, not_names: &BTreeSet<String>) -> Option<Range<usize>> {
    loop {
        let inside = &text[span.clone()];
        let first_end = inside.find(char::is_whitespace);
        let first = &inside[..first_end.unwrap_or(inside.len())];
        if !not_names.contains(first) {
            return Some(span);
        }
        let rest = first_end?;
        let skip = inside[rest..].find(|c: char| !c.is_whitespace())?;
        span.start += rest + skip;
    }
}

/// Later mentions of the names the patterns found: the whole name again
/// anywhere in the text, and a person's surname on its own ("Aida Bekova …
/// Bekova said"), where no other mention stands.
fn names_again(text: &str, found: &[NameMatch], taken: &[NameMatch], not_names: &BTreeSet<String>) -> Vec<NameMatch> {
    let mut searches: Vec<(String, &NameMatch)> = Vec::new();
    for found in found {
        searches.push((text[found.span.clone()].to_string(), found));
        let words: Vec<&str> = found.name.split(' ').collect();
        if found.entity_type == "person" && words.len() > 1 {
            let surname = words[words.len() - 1];
            if surname.chars().count() >= 4 && !not_names.contains(surname) {
                searches.push((surname.to_string(), found));
            }
        }
    }
    let mut again: Vec<NameMatch> = Vec::new();
    for (needle, found) in searches {
        for (at, _) in text.match_indices(needle.as_str()) {
            let span = at..at + needle.len();
            if !is_whole_word(text, span.clone()) || taken.iter().chain(&again).any(|m| overlaps(&m.span, &span)) {
                continue;
            }
            again.push(NameMatch {
                span,
                name: found.name.clone(),
                entity_type: found.entity_type.clone(),
                rule: NAME_AGAIN_RULE.to_string(),
            });
        }
    }
    again
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        Gazetteer::new(vec![
            KnownEntity {
                name: "Kazakhstan".into(),
                entity_type: "place".into(),
                aliases: vec!["Kazakhstan".into(), "Казахстан".into()],
            },
            KnownEntity { name: "Russia".into(), entity_type: "place".into(), aliases: vec!["Russia".into()] },
            KnownEntity {
                name: "Kassym-Jomart Tokayev".into(),
                entity_type: "person".into(),
                aliases: vec!["Kassym-Jomart Tokayev".into(), "Tokayev".into()],
            },
        ])
        .unwrap()
    }

    #[test]
    fn whole_words_case_endings_and_the_longest_alias() {
        let text = "Russian troops; Kassym-Jomart Tokayev's Kazakhstan, в Казахстане, казахстанский Казахстанского";
        let gazetteer = gazetteer();
        let found: Vec<(&str, &str)> =
            gazetteer.find(text).into_iter().map(|(span, e)| (&text[span], e.name.as_str())).collect();
        assert_eq!(
            found,
            vec![
                ("Kassym-Jomart Tokayev", "Kassym-Jomart Tokayev"),
                ("Kazakhstan", "Kazakhstan"),
                ("Казахстане", "Kazakhstan"),
            ]
        );
    }

    #[test]
    fn headings_are_lines_of_capitalized_words() {
        assert!(is_heading("Money Woes Keep Kyrgyz Archives Closed"));
        assert!(is_heading("Eyewitness Accounts from Almaty; Analysis from Russian Anarchists"));
        assert!(!is_heading("The historian Aida Bekova found the lists in Almaty."));
    }

    #[test]
    fn leading_sentence_words_are_not_part_of_a_name() {
        let not_names: BTreeSet<String> = ["Then".to_string(), "But".to_string()].into();
        let text = "But Then Aida Bek";
        let span = without_leading_non_names(text, 0..text.len(), &not_names).unwrap();
        assert_eq!(&text[span], "Aida Bek");
        assert_eq!(without_leading_non_names("Then", 0..4, &not_names), None);
    }
}
