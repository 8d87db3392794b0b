//! Words that name a place without being its name: adjectives and nouns of
//! people ("Soviet", "Chechens", "крымских", "чеченцев"), generated from
//! WordNet and OpenCorpora into `rules/lexicons/place-words.tsv`, each with
//! the gazetteer's place it names. A leaf data type: normalize asks it about
//! the words of a figure's sentence when the sentence names no place. Every
//! lookup is a hash lookup.

use std::collections::HashMap;

use super::people::{detached, StemForms};
use crate::text::is_cyrillic;

/// The place words and the places they name.
#[derive(Debug, Default)]
pub struct PlaceWords {
    /// The places named, canonical; the maps hold indices into it.
    places: Vec<String>,
    /// English words as written ("Soviet", "Chechen"): capitalized, so
    /// "soviet" (a council) is not one.
    english: HashMap<String, Entry>,
    /// Russian forms, lower case, ё written е.
    russian: StemForms<Entry>,
}

/// A place word: the place it names (an index into `places`) and whether
/// it is an adjective or a noun of people.
#[derive(Debug, Clone, Copy)]
struct Entry {
    place: usize,
    adjective: bool,
}

/// A place word found: the place it names, and whether it names it
/// standing alone: a noun of people in the plural ("Chechens", "чеченцев")
/// does; an adjective, or an English noun in the singular, names a place
/// only before a noun ("Russian officials"; "translated into Russian" is a
/// language).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlaceWord<'a> {
    pub place: &'a str,
    pub alone: bool,
}

/// The header of `rules/lexicons/place-words.tsv`, after its comments and
/// paradigms.
const HEADER: &str = "word\tparadigm\tplace\tkind\thow";

impl PlaceWords {
    /// Reads `rules/lexicons/place-words.tsv`: `#` comments, paradigm
    /// definitions (`=N endings…`), the header, then a word a line (an
    /// English word with no paradigm, a Russian stem with one), its place,
    /// its kind (`adjective` or `people`) and how it was found. Returns
    /// each bad line as (line, problem) and where each place is first
    /// named, for the caller to check against the gazetteer.
    pub fn read(&mut self, text: &str) -> (Vec<(usize, String)>, Vec<(usize, String)>) {
        let mut problems = Vec::new();
        let mut named = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut header = false;
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            if !header {
                match line.strip_prefix('=') {
                    Some(definition) => problems.extend(self.russian.define(definition).err().map(|p| (i + 1, p))),
                    None if line == HEADER => header = true,
                    None => problems.push((i + 1, format!("the header is not {HEADER:?}"))),
                }
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [word, paradigm, place, kind, _how] = fields[..] else {
                problems.push((i + 1, format!("{} fields, not 5", fields.len())));
                continue;
            };
            let adjective = match kind {
                "adjective" => true,
                "people" => false,
                _ => {
                    problems.push((i + 1, format!("kind {kind:?} is not adjective or people")));
                    continue;
                }
            };
            if word.is_empty() || place.is_empty() {
                problems.push((i + 1, "a place word needs a word and a place".to_string()));
                continue;
            }
            let next = self.places.len();
            let at = *index.entry(place.to_string()).or_insert(next);
            if at == next {
                self.places.push(place.to_string());
                named.push((i + 1, place.to_string()));
            }
            let entry = Entry { place: at, adjective };
            if paradigm.is_empty() {
                self.english.insert(word.to_string(), entry);
            } else if let Err(problem) = self.russian.add(word, paradigm, entry) {
                problems.push((i + 1, problem));
            }
        }
        (problems, named)
    }

    /// The place a word names, if it is a place word: an English one as
    /// written or in the plural ("Chechens", "Belarusians": a plural is a
    /// noun of people, which stands alone), a Russian one in any case form
    /// and capitalization.
    pub fn place_of(&self, word: &str) -> Option<PlaceWord<'_>> {
        let (entry, alone) = if word.chars().any(is_cyrillic) {
            let entry = self.russian.find(&word.to_lowercase().replace('ё', "е")).copied()?;
            (entry, !entry.adjective)
        } else if let Some(&entry) = self.english.get(word) {
            (entry, false)
        } else {
            // An adjective takes no plural: "Belarusians" is a noun of people.
            let entry = detached(word).find_map(|singular| self.english.get(&singular)).copied()?;
            (entry, true)
        };
        Some(PlaceWord { place: &self.places[entry.place], alone })
    }

    /// Names the places the hand gazetteer renamed by their hand names.
    pub fn rename(&mut self, renamed: &HashMap<String, String>) {
        for place in &mut self.places {
            if let Some(hand_name) = renamed.get(place.as_str()) {
                *place = hand_name.clone();
            }
        }
    }

    /// The English words and Russian stems, counted (for `tally rules`).
    pub fn sizes(&self) -> (usize, usize) {
        (self.english.len(), self.russian.stem_count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> PlaceWords {
        let mut words = PlaceWords::default();
        let text = "# header\n=0 ая ие ий им ими их ого ое ой ом ому ою ую\n=1 ец ца цам цами цах це цев цем цу цы\n\
                    word\tparadigm\tplace\tkind\thow\nSoviet\t\tSoviet Union\tadjective\tpertainym\n\
                    Chechen\t\tChechnya\tpeople\tinhabitant\nCrimean\t\tCrimea\tadjective\tname+n\n\
                    крымск\t0\tCrimea\tadjective\tadjective of крым\nчечен\t1\tChechnya\tpeople\tpeople, чеченский\n";
        let (problems, named) = words.read(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(named, vec![(5, "Soviet Union".to_string()), (6, "Chechnya".to_string()), (7, "Crimea".to_string())]);
        words
    }

    #[test]
    fn adjectives_and_demonyms_in_any_number_and_case() {
        let words = words();
        for (word, place, alone) in [
            ("Soviet", "Soviet Union", false),
            ("Chechen", "Chechnya", false),
            ("Chechens", "Chechnya", true),
            ("Crimean", "Crimea", false),
            // An adjective takes no plural: "Crimeans" are people.
            ("Crimeans", "Crimea", true),
            ("крымских", "Crimea", false),
            ("Крымские", "Crimea", false),
            ("чеченцев", "Chechnya", true),
            ("чеченцы", "Chechnya", true),
        ] {
            assert_eq!(words.place_of(word), Some(PlaceWord { place, alone }), "{word}");
        }
        for word in ["soviet", "Crimea", "крым", "чечня", "Kazakhs"] {
            assert_eq!(words.place_of(word), None, "{word}");
        }
    }

    #[test]
    fn bad_lines_are_reported_by_number() {
        let mut words = PlaceWords::default();
        let text = "=1 а\nword\tparadigm\tplace\tkind\thow\nстем\t0\tX\tpeople\tx\nSoviet\tSoviet Union\nX\t\tX\tnoun\tx\n";
        let (problems, _) = words.read(text);
        assert_eq!(problems.iter().map(|p| p.0).collect::<Vec<_>>(), vec![1, 3, 4, 5]);
    }
}
