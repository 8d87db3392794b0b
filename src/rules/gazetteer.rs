//! The gazetteer: the people, places, organizations and events the rules know
//! by name — the hand-written `rules/entities.toml` and the places generated
//! into `rules/lexicons/places.tsv` — with each place's parent, and the
//! automata that find their aliases in a text. A leaf data type: extract uses
//! it to find mentions, normalize to name places, and hierarchy questions
//! ("is Almaty inside Kazakhstan?") are answered here.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::AhoCorasick;
use anyhow::Result;

use crate::text::{is_cyrillic, is_whole_word, SpanSet};

/// A person, place, organization or event the gazetteer knows by name.
#[derive(Debug, Clone, Default)]
pub struct KnownEntity {
    pub name: String,
    pub entity_type: String,
    pub aliases: Vec<String>,
    /// The place this one lies in now (a city's country), by canonical name.
    pub parent: Option<String>,
    /// Places this one lay in for a time ("Kazakhstan" in the Soviet Union,
    /// 1936–1991): what a claim about a year may ask.
    pub within: Vec<Membership>,
    /// Generated (`rules/lexicons/places.tsv`): every alias matches only as
    /// written, whatever its number of words, and a Cyrillic one takes no
    /// case ending (the list has every case form).
    pub generated: bool,
}

/// A place a place lay in for a span of years (both ends included).
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    pub place: String,
    pub from: i32,
    pub until: i32,
}

/// The known entities and automata over all their aliases.
#[derive(Debug)]
pub struct Gazetteer {
    pub entities: Vec<KnownEntity>,
    /// (name, type) → index into `entities`.
    by_name: HashMap<(String, String), usize>,
    /// Aliases matched as written: one-word aliases ("UN" is not "un") and
    /// every generated alias.
    exact: AliasMatcher,
    /// Hand-written aliases of several words, matched in any ASCII
    /// capitalization ("Kazakh Famine", "the january events").
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
        let build = |any_case: bool| -> Result<AliasMatcher> {
            let mut patterns = Vec::new();
            let mut entity_of = Vec::new();
            for (index, entity) in entities.iter().enumerate() {
                let matched_any_case = |alias: &&String| !entity.generated && alias.contains(char::is_whitespace);
                for alias in entity.aliases.iter().filter(|a| matched_any_case(a) == any_case) {
                    patterns.push(alias.as_str());
                    // A generated place lists its Russian case forms.
                    let takes_ending = !entity.generated && alias.chars().next_back().is_some_and(is_cyrillic);
                    entity_of.push((index, takes_ending));
                }
            }
            // A DFA over the tens of thousands of generated aliases would
            // take hundreds of megabytes; the library picks a contiguous NFA.
            let automaton = AhoCorasick::builder().ascii_case_insensitive(any_case).build(&patterns)?;
            Ok(AliasMatcher { automaton, entity_of })
        };
        let (exact, any_case) = (build(false)?, build(true)?);
        let by_name = entities.iter().enumerate().map(|(i, e)| ((e.name.clone(), e.entity_type.clone()), i)).collect();
        Ok(Gazetteer { entities, by_name, exact, any_case })
    }

    pub fn entity(&self, name: &str, entity_type: &str) -> Option<&KnownEntity> {
        self.by_name.get(&(name.to_string(), entity_type.to_string())).map(|&i| &self.entities[i])
    }

    /// The place a place lies in now, by canonical name: a city's country,
    /// a subdivision's country.
    pub fn parent(&self, place: &str) -> Option<&str> {
        self.entity(place, "place")?.parent.as_deref()
    }

    /// Whether `place` lies inside `other` now, through its parents
    /// ("Almaty" in "Kazakhstan"). A place is not inside itself.
    #[allow(dead_code, reason = "the hierarchy questions of the claims table; tested here")]
    pub fn is_within(&self, place: &str, other: &str) -> bool {
        self.is_within_in(place, other, None)
    }

    /// Whether `place` lay inside `other` in `year`: through its parents and
    /// the memberships of that year ("Almaty" in the "Soviet Union" in 1937,
    /// not in 2022). Without a year, the parents alone.
    #[allow(dead_code, reason = "the hierarchy questions of the claims table; tested here")]
    pub fn is_within_in(&self, place: &str, other: &str, year: Option<i32>) -> bool {
        let mut seen: Vec<&str> = vec![place];
        let mut frontier: Vec<&str> = vec![place];
        while let Some(current) = frontier.pop() {
            let Some(entity) = self.entity(current, "place") else { continue };
            let memberships = entity.within.iter().filter(|m| year.is_some_and(|y| m.from <= y && y <= m.until));
            for next in entity.parent.iter().chain(memberships.map(|m| &m.place)) {
                if next == other {
                    return true;
                }
                if !seen.contains(&next.as_str()) {
                    seen.push(next);
                    frontier.push(next);
                }
            }
        }
        false
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
            if is_whole_word(text, &(m.start()..end)) && !(self.entities[entity].generated && begins_a_longer_name(text, end)) {
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

/// Whether a capitalized word follows `at` after one space: a generated
/// place there is the first word of a longer name the list does not know
/// ("Salvador Allende", "Oyan Qazaqstan").
fn begins_a_longer_name(text: &str, at: usize) -> bool {
    let mut after = text[at..].chars();
    after.next() == Some(' ') && after.next().is_some_and(char::is_uppercase)
}

/// The header of `rules/lexicons/places.tsv`, after its `#` comments.
const PLACES_HEADER: &str = "name\tkind\tparent\tcode\tspellings";

/// Reads `rules/lexicons/places.tsv`: places with their parent and
/// spellings. Returns each bad line as (line, problem).
pub fn read_places(text: &str) -> (Vec<KnownEntity>, Vec<(usize, String)>) {
    let mut places = Vec::new();
    let mut problems = Vec::new();
    let mut header = false;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        if !header {
            if line != PLACES_HEADER {
                problems.push((i + 1, format!("the header is not {PLACES_HEADER:?}")));
            }
            header = true;
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [name, _kind, parent, _code, spellings] = fields[..] else {
            problems.push((i + 1, format!("{} fields, not 5", fields.len())));
            continue;
        };
        if name.is_empty() || spellings.is_empty() {
            problems.push((i + 1, "a place needs a name and a spelling".to_string()));
            continue;
        }
        places.push(KnownEntity {
            name: name.to_string(),
            entity_type: "place".to_string(),
            aliases: spellings.split('|').map(str::to_string).collect(),
            parent: (!parent.is_empty()).then(|| parent.to_string()),
            within: Vec::new(),
            generated: true,
        });
    }
    (places, problems)
}

/// The hand-written entities with the generated places added: the hand
/// layer wins. A generated place that has a hand place's name or shares a
/// spelling with one is that place: it only lends the hand entry its parent
/// when the entry names none. A spelling a hand entity of another type
/// claims is dropped from the generated place. Parents are renamed to the
/// hand names their generated places merged into.
pub fn with_generated(mut hand: Vec<KnownEntity>, generated: Vec<KnownEntity>) -> Vec<KnownEntity> {
    let mut hand_place_of: HashMap<&str, usize> = HashMap::new();
    let mut claimed: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (i, entity) in hand.iter().enumerate() {
        claimed.extend(entity.aliases.iter().cloned());
        if entity.entity_type == "place" {
            hand_place_of.insert(&entity.name, i);
            for alias in &entity.aliases {
                hand_place_of.entry(alias).or_insert(i);
            }
        }
    }
    let mut merged: Vec<(usize, Option<String>)> = Vec::new();
    let mut renamed: HashMap<String, String> = HashMap::new();
    let mut added = Vec::new();
    for place in generated {
        let same = std::iter::once(&place.name).chain(&place.aliases).find_map(|a| hand_place_of.get(a.as_str()).copied());
        if let Some(i) = same {
            renamed.insert(place.name.clone(), hand[i].name.clone());
            merged.push((i, place.parent));
            continue;
        }
        let aliases: Vec<String> = place.aliases.iter().filter(|a| !claimed.contains(*a)).cloned().collect();
        if !aliases.is_empty() {
            added.push(KnownEntity { aliases, ..place });
        }
    }
    let rename = |parent: Option<String>| parent.map(|p| renamed.get(&p).cloned().unwrap_or(p));
    for (i, parent) in merged {
        if hand[i].parent.is_none() {
            hand[i].parent = rename(parent).filter(|p| *p != hand[i].name);
        }
    }
    for place in &mut added {
        place.parent = rename(place.parent.take());
    }
    hand.extend(added);
    hand
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
                within: vec![Membership { place: "Soviet Union".into(), from: 1936, until: 1991 }],
                ..KnownEntity::default()
            },
            KnownEntity { name: "Russia".into(), entity_type: "place".into(), aliases: vec!["Russia".into()], ..KnownEntity::default() },
            KnownEntity {
                name: "Kassym-Jomart Tokayev".into(),
                entity_type: "person".into(),
                aliases: vec!["Kassym-Jomart Tokayev".into(), "Tokayev".into()],
                ..KnownEntity::default()
            },
            KnownEntity {
                name: "Almaty".into(),
                entity_type: "place".into(),
                aliases: vec!["Almaty".into()],
                parent: Some("Kazakhstan".into()),
                ..KnownEntity::default()
            },
            KnownEntity {
                name: "Kyiv Oblast".into(),
                entity_type: "place".into(),
                aliases: vec!["Kyiv Oblast".into(), "Киевской области".into()],
                generated: true,
                ..KnownEntity::default()
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
    fn parents_and_memberships_of_a_year() {
        let gazetteer = gazetteer();
        assert_eq!(gazetteer.parent("Almaty"), Some("Kazakhstan"));
        assert!(gazetteer.is_within("Almaty", "Kazakhstan"));
        assert!(!gazetteer.is_within("Kazakhstan", "Almaty"));
        assert!(!gazetteer.is_within("Almaty", "Almaty"));
        assert!(!gazetteer.is_within("Almaty", "Soviet Union"));
        assert!(gazetteer.is_within_in("Almaty", "Soviet Union", Some(1937)));
        assert!(!gazetteer.is_within_in("Almaty", "Soviet Union", Some(2022)));
    }

    #[test]
    fn generated_aliases_match_only_as_written() {
        let gazetteer = gazetteer();
        let text = "in kyiv oblast; in Kyiv Oblast; в Киевской области; Kyiv Oblast Council";
        let found: Vec<&str> = gazetteer.find(text).into_iter().map(|(span, _)| &text[span]).collect();
        assert_eq!(found, vec!["Kyiv Oblast", "Киевской области"]);
    }

    #[test]
    fn generated_places_fill_in_and_the_hand_layer_wins() {
        let text = "# comment\nname\tkind\tparent\tcode\tspellings\nKazakhstan\tcountry\t\tKZ\tKazakhstan|Республика Казахстан\n\
                    Almaty\tcity\tKazakhstan\tgeonames:1\tAlmaty|Alma-Ata\nKaraganda\tcity\tKazakhstan\tgeonames:2\tKaraganda|Tokayev\nbad line\n";
        let (generated, problems) = read_places(text);
        assert_eq!(problems, vec![(6, "1 fields, not 5".to_string())]);
        let hand = vec![
            KnownEntity { name: "Qazaqstan".into(), entity_type: "place".into(), aliases: vec!["Kazakhstan".into()], ..KnownEntity::default() },
            KnownEntity { name: "Almaty".into(), entity_type: "place".into(), aliases: vec!["Almaty".into()], ..KnownEntity::default() },
            KnownEntity { name: "Kassym-Jomart Tokayev".into(), entity_type: "person".into(), aliases: vec!["Tokayev".into()], ..KnownEntity::default() },
        ];
        let all = with_generated(hand, generated);
        let names: Vec<(&str, Option<&str>, Vec<&str>)> =
            all.iter().map(|e| (e.name.as_str(), e.parent.as_deref(), e.aliases.iter().map(String::as_str).collect())).collect();
        assert_eq!(
            names,
            vec![
                ("Qazaqstan", None, vec!["Kazakhstan"]),
                ("Almaty", Some("Qazaqstan"), vec!["Almaty"]),
                ("Kassym-Jomart Tokayev", None, vec!["Tokayev"]),
                ("Karaganda", Some("Qazaqstan"), vec!["Karaganda"]),
            ]
        );
    }
}
