//! The gazetteer: the people, places, organizations and events the rules know
//! by name — the hand-written `rules/entities.toml` and the places generated
//! into `rules/lexicons/places.tsv` — with the places each place lies in
//! (always, or for a span of years), and the automata that find their
//! aliases in a text. A leaf data type: extract uses it to find mentions,
//! normalize to name places and to group figures about places inside each
//! other into claims ("was Almaty inside the Soviet Union in 1931–1933?").

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA as ContiguousNfa;
use aho_corasick::Anchored;
use anyhow::Result;

use crate::text::{is_cyrillic, is_whole_word, is_word_start, SpanSet};

/// A person, place, organization or event the gazetteer knows by name.
#[derive(Debug, Clone, Default)]
pub struct KnownEntity {
    pub name: String,
    pub entity_type: String,
    pub aliases: Vec<String>,
    /// The place this one lies in at all times (a city's country), by
    /// canonical name.
    pub parent: Option<String>,
    /// Places this one lay in for a span of years ("Kazakhstan" in the Soviet
    /// Union, 1922–1991): they hold only for a question about those years.
    pub within: Vec<Membership>,
    /// For an event: its first and last year, which date a figure told of
    /// it ("погибло 230 человек во время январских событий").
    pub years: Option<(i32, i32)>,
    /// For an event or organization: the place it happened in or governed
    /// ("Jeltoqsan": Almaty; "NKVD": Soviet Union), where a figure told of
    /// it is when the text names no place for it.
    pub place: Option<String>,
    /// Generated (`rules/lexicons/places.tsv`): every alias matches only as
    /// written, whatever its number of words, and a Cyrillic one takes no
    /// case ending (the list has every case form).
    pub generated: bool,
    /// The generated spellings of a hand entry's place that its own aliases
    /// do not list ("Беларуси" for a "Belarus" written by hand), matched as
    /// generated aliases are; not published among its aliases.
    pub spellings: Vec<String>,
}

/// A place a place lay in for a span of years, both ends included; an
/// open end (`None`) reaches back or on without limit ("Karakalpakstan" in
/// Uzbekistan since 1936).
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    pub place: String,
    pub from: Option<i32>,
    pub until: Option<i32>,
}

/// One place inside another, by index into `entities`: a parent (no years)
/// or a membership.
#[derive(Debug, Clone, Copy)]
struct Link {
    outer: usize,
    from: Option<i32>,
    until: Option<i32>,
}

impl Link {
    /// Whether the relation holds in every year of `period`; a period that
    /// is not known follows only the relations without years.
    fn holds_for(&self, period: Option<(i32, i32)>) -> bool {
        match period {
            None => self.from.is_none() && self.until.is_none(),
            Some((start, end)) => self.from.is_none_or(|from| from <= start) && self.until.is_none_or(|until| end <= until),
        }
    }
}

/// The known entities and automata over all their aliases.
#[derive(Debug)]
pub struct Gazetteer {
    pub entities: Vec<KnownEntity>,
    /// name → its entities (one of each type), indices into `entities`:
    /// built once, so a lookup per pair of figures costs one hash.
    by_name: HashMap<String, Vec<usize>>,
    /// For each entity: the places it lies in directly, parent first.
    outer: Vec<Vec<Link>>,
    /// Aliases matched as written: one-word aliases ("UN" is not "un") and
    /// every generated alias.
    exact: AliasMatcher,
    /// Hand-written aliases of several words, matched in any ASCII
    /// capitalization ("Kazakh Famine", "the january events").
    any_case: AliasMatcher,
}

/// The aliases of one kind, walked as a trie from each place in a text
/// where one can begin: a match must begin a word (or begin with
/// punctuation), so the few such places are looked at instead of every byte.
#[derive(Debug)]
struct AliasMatcher {
    automaton: ContiguousNfa,
    /// For each pattern of the automaton: its entity and how it matches.
    entity_of: Vec<(usize, Spelling)>,
    /// The pairs of bytes an alias can open with, as a bit set indexed by
    /// `first << 8 | second` (every second byte for an alias of one byte).
    openings: Vec<u64>,
}

impl AliasMatcher {
    fn new(patterns: &[&str], entity_of: Vec<(usize, Spelling)>, any_case: bool) -> Result<AliasMatcher> {
        // A DFA over the tens of thousands of generated aliases would take
        // hundreds of megabytes; the contiguous NFA is compact, and an
        // anchored walk never follows its failure transitions.
        let automaton = ContiguousNfa::builder().ascii_case_insensitive(any_case).prefilter(false).build(patterns)?;
        let mut openings = vec![0u64; 1 << 10];
        let cases = |b: u8| if any_case { vec![b.to_ascii_lowercase(), b.to_ascii_uppercase()] } else { vec![b] };
        for pattern in patterns {
            let bytes = pattern.as_bytes();
            let Some(&first) = bytes.first() else { continue };
            let seconds: Vec<u8> = bytes.get(1).map_or_else(|| (0..=255).collect(), |&b| cases(b));
            for first in cases(first) {
                for &second in &seconds {
                    let pair = usize::from(first) << 8 | usize::from(second);
                    openings[pair / 64] |= 1 << (pair % 64);
                }
            }
        }
        Ok(AliasMatcher { automaton, entity_of, openings })
    }

    /// Every alias that matches in `text` where it could be a whole word, as
    /// (byte span, pattern): by start, and at one start in the order the
    /// automaton reports them (the shorter first). These are the matches of
    /// an overlapping search over the whole text that begin a word or begin
    /// with punctuation.
    fn matches(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        let bytes = text.as_bytes();
        let aut = &self.automaton;
        let start = aut.start_state(Anchored::Yes).expect("the automaton has an anchored start");
        let mut found = Vec::new();
        for at in 0..bytes.len() {
            let pair = usize::from(bytes[at]) << 8 | usize::from(bytes.get(at + 1).copied().unwrap_or(0));
            if self.openings[pair / 64] & (1 << (pair % 64)) == 0 {
                continue;
            }
            // An alias is UTF-8, so it opens on a character: `at` is one.
            let opens_word = text[at..].chars().next().is_some_and(char::is_alphanumeric);
            if opens_word && !is_word_start(text, at) {
                continue;
            }
            let mut state = start;
            for (end, &byte) in bytes.iter().enumerate().skip(at) {
                state = aut.next_state(Anchored::Yes, state, byte);
                if aut.is_dead(state) {
                    break;
                }
                if !aut.is_match(state) {
                    continue;
                }
                // A state also reports the aliases that end its path, which
                // begin later and are found from their own start.
                for i in 0..aut.match_len(state) {
                    let pattern = aut.match_pattern(state, i);
                    if aut.pattern_len(pattern) == end + 1 - at {
                        found.push((at..end + 1, pattern.as_usize()));
                    }
                }
            }
        }
        found
    }
}

/// How an alias matches.
#[derive(Debug, Clone, Copy)]
struct Spelling {
    /// A hand-written Cyrillic alias may take a case ending.
    takes_ending: bool,
    /// A generated one is no place when a capitalized word follows it (the
    /// "Salvador" of "Salvador Allende").
    generated: bool,
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
                    entity_of.push((index, Spelling { takes_ending, generated: entity.generated }));
                }
                if !any_case {
                    for spelling in &entity.spellings {
                        patterns.push(spelling.as_str());
                        entity_of.push((index, Spelling { takes_ending: false, generated: true }));
                    }
                }
            }
            AliasMatcher::new(&patterns, entity_of, any_case)
        };
        let (exact, any_case) = (build(false)?, build(true)?);
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, entity) in entities.iter().enumerate() {
            by_name.entry(entity.name.clone()).or_default().push(i);
        }
        let place = |name: &str| by_name.get(name)?.iter().copied().find(|&i| entities[i].entity_type == "place");
        // A parent or membership of no known place links nothing: the loader
        // reports it.
        let outer = entities
            .iter()
            .map(|entity| {
                let parent = entity.parent.iter().map(|p| (p, None, None));
                let memberships = entity.within.iter().map(|m| (&m.place, m.from, m.until));
                let links = parent.chain(memberships).filter_map(|(p, from, until)| Some(Link { outer: place(p)?, from, until }));
                if entity.entity_type == "place" { links.collect() } else { Vec::new() }
            })
            .collect();
        Ok(Gazetteer { entities, by_name, outer, exact, any_case })
    }

    pub fn entity(&self, name: &str, entity_type: &str) -> Option<&KnownEntity> {
        self.index(name, entity_type).map(|i| &self.entities[i])
    }

    fn index(&self, name: &str, entity_type: &str) -> Option<usize> {
        self.by_name.get(name)?.iter().copied().find(|&i| self.entities[i].entity_type == entity_type)
    }

    /// The place a place lies in at all times, by canonical name: a city's
    /// country, a subdivision's country.
    pub fn parent(&self, place: &str) -> Option<&str> {
        self.entity(place, "place")?.parent.as_deref()
    }

    /// Whether `place` lies inside `other` through relations that hold in
    /// every year of `period` (first, last): its parents at all times, a
    /// membership only when the period lies within its years ("Almaty" in
    /// the "Soviet Union" in 1931–1933, not in 1990–1992). A period that is
    /// not known follows the parents alone. A place is not inside itself.
    pub fn is_within_in(&self, place: &str, other: &str, period: Option<(i32, i32)>) -> bool {
        let Some(start) = self.index(place, "place") else { return false };
        self.outward(start, |link| link.holds_for(period)).into_iter().skip(1).any(|i| self.entities[i].name == other)
    }

    /// Every place `place` lies in, in some year, nearest first: the only
    /// places (with those inside it) a question about it can share.
    pub fn around(&self, place: &str) -> Vec<&str> {
        let Some(start) = self.index(place, "place") else { return Vec::new() };
        self.outward(start, |_| true).into_iter().skip(1).map(|i| self.entities[i].name.as_str()).collect()
    }

    /// `start` and every place it lies in through links that `hold`, nearest
    /// first (breadth first, parents before memberships).
    fn outward(&self, start: usize, hold: impl Fn(&Link) -> bool) -> Vec<usize> {
        let mut found = vec![start];
        let mut next = 0;
        while next < found.len() {
            for link in self.outer[found[next]].iter().filter(|link| hold(link)) {
                if !found.contains(&link.outer) {
                    found.push(link.outer);
                }
            }
            next += 1;
        }
        found
    }

    /// A place that lies inside itself through others, if any, in any years:
    /// the chain from it back to it ("A", "B", "A").
    pub fn circle(&self) -> Option<Vec<&str>> {
        let mut state = vec![Visit::New; self.entities.len()];
        let mut path = Vec::new();
        let circle = (0..self.entities.len()).find_map(|start| self.circle_from(start, &mut state, &mut path))?;
        Some(circle.into_iter().map(|i| self.entities[i].name.as_str()).collect())
    }

    fn circle_from(&self, place: usize, state: &mut [Visit], path: &mut Vec<usize>) -> Option<Vec<usize>> {
        match state[place] {
            Visit::Done => return None,
            Visit::OnPath => {
                let from = path.iter().position(|&p| p == place).expect("a place on the path");
                return Some(path[from..].iter().copied().chain([place]).collect());
            }
            Visit::New => {}
        }
        state[place] = Visit::OnPath;
        path.push(place);
        for link in &self.outer[place] {
            if let Some(circle) = self.circle_from(link.outer, state, path) {
                return Some(circle);
            }
        }
        path.pop();
        state[place] = Visit::Done;
        None
    }

    /// Every alias found as a whole word, as (byte span, entity); where two
    /// overlap, the longer wins ("Kassym-Jomart Tokayev" over "Tokayev").
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, &KnownEntity)> {
        let mut found: Vec<(Range<usize>, usize)> = Vec::new();
        let all_matches = [&self.exact, &self.any_case].into_iter().flat_map(|matcher| {
            matcher.matches(text).into_iter().map(|(span, pattern)| (span, matcher.entity_of[pattern]))
        });
        for (m, (entity, spelling)) in all_matches {
            let mut end = m.end;
            if spelling.takes_ending {
                // Looks one letter past the longest ending, not to the end
                // of a run of letters that may be the rest of a huge file.
                let ending: Vec<char> =
                    text[end..].chars().take_while(|c| c.is_lowercase() && is_cyrillic(*c)).take(MAX_CYRILLIC_ENDING + 1).collect();
                if ending.len() > MAX_CYRILLIC_ENDING {
                    continue;
                }
                end += ending.iter().map(|c| c.len_utf8()).sum::<usize>();
            }
            if is_whole_word(text, &(m.start..end)) && !(spelling.generated && begins_a_longer_name(text, end)) {
                found.push((m.start..end, entity));
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

/// Where the search for a circle of places has been.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Visit {
    New,
    OnPath,
    Done,
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
            years: None,
            place: None,
            generated: true,
            spellings: Vec::new(),
        });
    }
    (places, problems)
}

/// The hand-written entities with the generated places added: the hand
/// layer wins. A generated place that has a hand place's name or shares a
/// spelling with one is that place: it lends the hand entry its parent only
/// when the entry names none and does not place it in that parent for some
/// years, its spellings as aliases to an entry of its name that lists no
/// aliases (an entry that extends a generated place: "Czechia" in
/// "Europe"), and to any other the spellings its aliases lack ("Беларуси"),
/// matched as generated ones are. A spelling a hand entity claims is
/// dropped from the generated place. Parents are renamed to the hand names
/// their generated places merged into; so are other lists' references to
/// them, by the map of renamings returned with the entities ("Qaraghandy
/// Region" → "Karaganda Region").
pub fn with_generated(mut hand: Vec<KnownEntity>, generated: Vec<KnownEntity>) -> (Vec<KnownEntity>, HashMap<String, String>) {
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
    let mut merged: Vec<(usize, KnownEntity)> = Vec::new();
    let mut renamed: HashMap<String, String> = HashMap::new();
    let mut added = Vec::new();
    for place in generated {
        let same = std::iter::once(&place.name).chain(&place.aliases).find_map(|a| hand_place_of.get(a.as_str()).copied());
        if let Some(i) = same {
            renamed.insert(place.name.clone(), hand[i].name.clone());
            merged.push((i, place));
            continue;
        }
        let aliases: Vec<String> = place.aliases.iter().filter(|a| !claimed.contains(*a)).cloned().collect();
        if !aliases.is_empty() {
            added.push(KnownEntity { aliases, ..place });
        }
    }
    let rename = |parent: Option<String>| parent.map(|p| renamed.get(&p).cloned().unwrap_or(p));
    for (i, place) in merged {
        let entry = &mut hand[i];
        let unclaimed = place.aliases.iter().filter(|a| !claimed.contains(*a)).cloned();
        if entry.aliases.is_empty() && place.name == entry.name {
            entry.aliases = unclaimed.collect();
            entry.generated = true;
        } else {
            for spelling in unclaimed {
                if !entry.spellings.contains(&spelling) {
                    entry.spellings.push(spelling);
                }
            }
        }
        let parent = rename(place.parent).filter(|p| *p != entry.name && !entry.within.iter().any(|m| m.place == *p));
        if entry.parent.is_none() {
            entry.parent = parent;
        }
    }
    for place in &mut added {
        place.parent = rename(place.parent.take());
    }
    hand.extend(added);
    renamed.retain(|from, to| from != to);
    (hand, renamed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(name: &str) -> KnownEntity {
        KnownEntity { name: name.into(), entity_type: "place".into(), aliases: vec![name.into()], ..KnownEntity::default() }
    }

    fn gazetteer() -> Gazetteer {
        Gazetteer::new(vec![
            KnownEntity {
                name: "Kazakhstan".into(),
                entity_type: "place".into(),
                aliases: vec!["Kazakhstan".into(), "Казахстан".into()],
                parent: Some("Central Asia".into()),
                within: vec![Membership { place: "Soviet Union".into(), from: Some(1922), until: Some(1991) }],
                ..KnownEntity::default()
            },
            place("Central Asia"),
            place("Soviet Union"),
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
    fn aliases_are_found_where_a_word_or_punctuation_begins() {
        // Words begin with an alias's word, "'s-Hertogenbosch" with its
        // apostrophe (inside a word too); nothing inside a word matches.
        let gazetteer = Gazetteer::new(vec![place("'s-Hertogenbosch"), place("Asia"), place("Central Asia")]).unwrap();
        let text = "CentralAsia, Central Asia; l'Asia x's-Hertogenbosch";
        let found: Vec<&str> = gazetteer.find(text).into_iter().map(|(span, _)| &text[span]).collect();
        assert_eq!(found, vec!["Central Asia", "Asia", "'s-Hertogenbosch"]);
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
    fn places_nest_through_relations_that_hold_in_every_year_of_the_period() {
        let gazetteer = gazetteer();
        assert_eq!(gazetteer.parent("Almaty"), Some("Kazakhstan"));
        assert!(gazetteer.is_within_in("Almaty", "Kazakhstan", None));
        assert!(!gazetteer.is_within_in("Kazakhstan", "Almaty", None));
        assert!(!gazetteer.is_within_in("Almaty", "Almaty", None));
        assert!(gazetteer.is_within_in("Almaty", "Soviet Union", Some((1937, 1938))));
        assert!(!gazetteer.is_within_in("Almaty", "Soviet Union", Some((1990, 1992))));
        assert!(!gazetteer.is_within_in("Almaty", "Soviet Union", Some((2022, 2022))));
        assert!(!gazetteer.is_within_in("Almaty", "Soviet Union", None));
        assert!(gazetteer.is_within_in("Almaty", "Central Asia", Some((2022, 2022))));
        assert!(!gazetteer.is_within_in("Atlantis", "Kazakhstan", None));
        assert_eq!(gazetteer.around("Almaty"), ["Kazakhstan", "Central Asia", "Soviet Union"]);
        assert_eq!(gazetteer.circle(), None);
    }

    #[test]
    fn a_membership_open_at_one_end_holds_from_its_year_on() {
        let karakalpakstan = KnownEntity {
            within: vec![Membership { place: "Uzbekistan".into(), from: Some(1936), until: None }],
            ..place("Karakalpakstan")
        };
        let gazetteer = Gazetteer::new(vec![karakalpakstan, place("Uzbekistan")]).unwrap();
        assert!(gazetteer.is_within_in("Karakalpakstan", "Uzbekistan", Some((1937, 2022))));
        assert!(!gazetteer.is_within_in("Karakalpakstan", "Uzbekistan", Some((1930, 1937))));
        assert!(!gazetteer.is_within_in("Karakalpakstan", "Uzbekistan", None));
    }

    #[test]
    fn a_circle_is_found() {
        let a = KnownEntity { parent: Some("B".into()), ..place("A") };
        let b = KnownEntity { within: vec![Membership { place: "A".into(), from: Some(1900), until: Some(1950) }], ..place("B") };
        let gazetteer = Gazetteer::new(vec![a, b]).unwrap();
        assert_eq!(gazetteer.circle(), Some(vec!["A", "B", "A"]));
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
        let hand = || {
            vec![
                KnownEntity { aliases: vec!["Kazakhstan".into()], ..place("Qazaqstan") },
                place("Almaty"),
                KnownEntity { aliases: vec!["Tokayev".into()], entity_type: "person".into(), ..place("Kassym-Jomart Tokayev") },
            ]
        };
        let (all, _) = with_generated(hand(), generated.clone());
        let names = |all: &[KnownEntity]| -> Vec<(String, Option<String>, Vec<String>, bool)> {
            all.iter().map(|e| (e.name.clone(), e.parent.clone(), e.aliases.clone(), e.generated)).collect()
        };
        let row = |name: &str, parent: Option<&str>, aliases: &[&str], generated: bool| {
            (name.to_string(), parent.map(str::to_string), aliases.iter().map(|a| a.to_string()).collect::<Vec<_>>(), generated)
        };
        let hand_rows = [
            row("Qazaqstan", None, &["Kazakhstan"], false),
            row("Almaty", Some("Qazaqstan"), &["Almaty"], false),
            row("Kassym-Jomart Tokayev", None, &["Tokayev"], false),
        ];
        let mut expected = hand_rows.to_vec();
        expected.push(row("Karaganda", Some("Qazaqstan"), &["Karaganda"], true));
        assert_eq!(names(&all), expected);
        // A hand entry's aliases stay as written; the generated spellings
        // they lack are matched too, as generated ones are.
        assert_eq!(all[0].spellings, vec!["Республика Казахстан".to_string()]);
        assert_eq!(all[1].spellings, vec!["Alma-Ata".to_string()]);
        let gazetteer = Gazetteer::new(all.clone()).unwrap();
        let found: Vec<&str> = gazetteer.find("Alma-Ata, then Республика Казахстан").into_iter().map(|(_, e)| e.name.as_str()).collect();
        assert_eq!(found, vec!["Almaty", "Qazaqstan"]);

        // An entry without aliases extends the generated place of its name:
        // its spellings, its own memberships, and no parent the memberships
        // already bound in years.
        let karaganda = KnownEntity {
            aliases: Vec::new(),
            within: vec![Membership { place: "Qazaqstan".into(), from: Some(1936), until: None }],
            ..place("Karaganda")
        };
        let (all, _) = with_generated(hand().into_iter().chain([karaganda]).collect(), generated);
        let mut expected = hand_rows.to_vec();
        expected.push(row("Karaganda", None, &["Karaganda"], true));
        assert_eq!(names(&all), expected);
        assert_eq!(all[3].within.len(), 1);
    }
}
