//! The gazetteer: the people, places, organizations and events the rules know
//! by name (`rules/entities.toml`), and the automata that find their aliases
//! in a text. A leaf data type: extract uses it to find mentions, normalize to
//! name places.

use std::ops::Range;

use aho_corasick::AhoCorasick;
use anyhow::Result;

use crate::text::{is_cyrillic, is_whole_word, SpanSet};

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
            let automaton = AhoCorasick::builder()
                .ascii_case_insensitive(several_words)
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(&patterns)?;
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
                // Looks one letter past the longest ending, not to the end
                // of a run of letters that may be the rest of a huge file.
                let ending: Vec<char> =
                    text[end..].chars().take_while(|c| c.is_lowercase() && is_cyrillic(*c)).take(MAX_CYRILLIC_ENDING + 1).collect();
                if ending.len() > MAX_CYRILLIC_ENDING {
                    continue;
                }
                end += ending.iter().map(|c| c.len_utf8()).sum::<usize>();
            }
            if is_whole_word(text, &(m.start()..end)) {
                found.push((m.start()..end, entity));
            }
        }
        found.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.start.cmp(&b.0.start)));
        let mut accepted: Vec<(Range<usize>, usize)> = Vec::new();
        let mut taken = SpanSet::default();
        for (span, entity) in found {
            if !taken.overlaps(&span) {
                taken.insert(&span);
                accepted.push((span, entity));
            }
        }
        accepted.sort_by_key(|(span, _)| span.start);
        accepted.into_iter().map(|(span, entity)| (span, &self.entities[entity])).collect()
    }
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
}
