//! Which nouns count people: the open lexicons generated from WordNet (English
//! nouns whose first sense is a person) and OpenCorpora (Russian animate
//! nouns in every case form), `rules/lexicons/`, and the curated lists of
//! `rules/lexicon.toml` for what those resources lack (group nouns, Russian
//! substantivized participles, demonyms WordNet files as languages) or get
//! wrong for a count (animals). A leaf data type: normalize asks it about the
//! head of a counted noun phrase. Every lookup is a hash lookup.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::text::is_cyrillic;

/// The nouns that count people, and how to look a word form up in them.
#[derive(Debug, Default)]
pub struct PersonNouns {
    /// English lemmas, lower case ("victim", "border guard").
    english: HashSet<String>,
    /// Russian forms, as stems and paradigms of endings; ё written е.
    russian: StemForms<()>,
    /// Curated word forms that count people whatever the lexicons say.
    pub curated: BTreeSet<String>,
    /// Curated word forms that never count people (animals: "коров").
    pub not_people: BTreeSet<String>,
    /// Curated English plurals WordNet's detachment rules do not undo
    /// ("children" → "child").
    pub plural_exceptions: HashMap<String, String>,
}

/// WordNet's detachment rules for nouns (morphy): a plural ending and what
/// replaces it. Plurals they do not undo ("children", "wives") are the
/// curated `plural_exceptions` (WordNet's own morphy reads them from
/// noun.exc): a rule "ves" → "f" would make "graves" a "graf", a count.
const DETACHMENTS: &[(&str, &str)] =
    &[("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y")];

impl PersonNouns {
    /// Reads `rules/lexicons/person-nouns.en.txt`: one lemma a line, `#`
    /// comments. Returns each bad line as (line, problem).
    pub fn read_english(&mut self, text: &str) -> Vec<(usize, String)> {
        let mut problems = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            if line != line.trim() || line.chars().any(char::is_uppercase) {
                problems.push((i + 1, format!("{line:?} is not a lower-case lemma")));
                continue;
            }
            self.english.insert(line.to_string());
        }
        problems
    }

    /// Reads `rules/lexicons/person-nouns.ru.txt`: lines `=N endings…`
    /// define paradigm N, lines `STEM N` a lemma. Returns each bad line as
    /// (line, problem).
    pub fn read_russian(&mut self, text: &str) -> Vec<(usize, String)> {
        let mut problems = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let read = match line.strip_prefix('=') {
                Some(definition) => self.russian.define(definition),
                None => match line.split_once(' ') {
                    Some((stem, paradigm)) => self.russian.add(stem, paradigm, ()),
                    None => Err(format!("{line:?} is not a stem and a defined paradigm number")),
                },
            };
            if let Err(problem) = read {
                problems.push((i + 1, problem));
            }
        }
        problems
    }

    /// The English lemmas and Russian stems, counted (for `tally rules`).
    pub fn sizes(&self) -> (usize, usize) {
        (self.english.len(), self.russian.stem_count())
    }

    /// Whether a noun phrase's head counts people: its last word, or its
    /// last two or three words as one lemma ("head of state"), lower case,
    /// in any number and, in Russian, any case.
    pub fn names_people(&self, phrase: &[&str]) -> bool {
        let Some(&head) = phrase.last() else { return false };
        if self.not_people.contains(head) {
            return false;
        }
        if self.counts_people(head) {
            return true;
        }
        (2..=3.min(phrase.len())).any(|n| {
            let before = phrase[phrase.len() - n..phrase.len() - 1].join(" ");
            self.english_lemmas(head).iter().any(|lemma| self.english.contains(&format!("{before} {lemma}")))
        })
    }

    /// Whether one word form, lower case, counts people (`counts_people`,
    /// under the name a set's lookup has).
    pub fn contains(&self, word: &str) -> bool {
        self.counts_people(word)
    }

    /// Whether one word form, lower case, counts people.
    pub fn counts_people(&self, word: &str) -> bool {
        if self.curated.contains(word) {
            return true;
        }
        if self.not_people.contains(word) {
            return false;
        }
        // "Russian-Koreans", "ex-prisoners": a compound counts what its last
        // part counts.
        if let Some((_, last)) = word.rsplit_once('-').filter(|(first, last)| !first.is_empty() && last.chars().count() > 2) {
            if self.counts_people(last) {
                return true;
            }
        }
        if word.chars().any(is_cyrillic) {
            return self.russian_form(&word.replace('ё', "е"));
        }
        self.english_lemmas(word).iter().any(|lemma| self.english.contains(lemma.as_str()))
    }

    /// The lemmas an English word form may be: itself, a curated exception,
    /// or what a detachment rule leaves.
    fn english_lemmas(&self, word: &str) -> Vec<String> {
        let mut lemmas = vec![word.to_string()];
        if let Some(lemma) = self.plural_exceptions.get(word) {
            lemmas.push(lemma.clone());
        }
        lemmas.extend(detached(word));
        lemmas
    }

    /// A Russian form: some stem of it with a paradigm that has the rest as
    /// an ending.
    fn russian_form(&self, word: &str) -> bool {
        self.russian.find(word).is_some()
    }
}

/// The singulars an English plural may be by WordNet's detachment rules
/// ("Chechens" → "Chechen", "victims" → "victim", "policemen" →
/// "policeman"): one per rule whose ending it has.
pub fn detached(word: &str) -> impl Iterator<Item = String> + '_ {
    DETACHMENTS.iter().filter_map(move |(suffix, ending)| word.strip_suffix(suffix).map(|stem| format!("{stem}{ending}")))
}

/// Russian word forms as stems and numbered paradigms of endings, each stem
/// with a value: the compact form of the generated Russian lists (a line
/// `=N e1 e2 …` defines paradigm N, "-" being no ending; a stem takes each
/// ending of its paradigm). A form is found with at most a dozen hash
/// lookups (each split into stem and ending).
#[derive(Debug)]
pub struct StemForms<V> {
    /// Each stem with its paradigms (indices into `paradigms`) and values.
    stems: HashMap<String, Vec<(u16, V)>>,
    /// Each paradigm's endings.
    paradigms: Vec<HashSet<String>>,
    /// The longest ending of any paradigm, in characters.
    longest_ending: usize,
}

impl<V> Default for StemForms<V> {
    fn default() -> StemForms<V> {
        StemForms { stems: HashMap::new(), paradigms: Vec::new(), longest_ending: 0 }
    }
}

impl<V> StemForms<V> {
    /// Defines the next paradigm from what follows `=` on its line: its
    /// number, then its endings.
    pub fn define(&mut self, definition: &str) -> Result<(), String> {
        let mut fields = definition.split(' ');
        let number = fields.next().and_then(|n| n.parse::<usize>().ok());
        if number != Some(self.paradigms.len()) {
            return Err(format!("paradigm {definition:?} is not numbered {}", self.paradigms.len()));
        }
        let endings: HashSet<String> = fields.map(|e| if e == "-" { String::new() } else { e.to_string() }).collect();
        self.longest_ending = self.longest_ending.max(endings.iter().map(|e| e.chars().count()).max().unwrap_or(0));
        self.paradigms.push(endings);
        Ok(())
    }

    /// Adds a stem with a defined paradigm's number, as written.
    pub fn add(&mut self, stem: &str, paradigm: &str, value: V) -> Result<(), String> {
        match paradigm.parse::<u16>() {
            Ok(n) if usize::from(n) < self.paradigms.len() => {
                self.stems.entry(stem.to_string()).or_default().push((n, value));
                Ok(())
            }
            _ => Err(format!("{:?} is not a stem and a defined paradigm number", format!("{stem} {paradigm}"))),
        }
    }

    /// The value of the first stem of `word` whose paradigm has the rest as
    /// an ending, the longest stem first. At most `longest_ending + 1` hash
    /// lookups.
    pub fn find(&self, word: &str) -> Option<&V> {
        let boundaries: Vec<usize> = word.char_indices().map(|(i, _)| i).chain([word.len()]).collect();
        boundaries.iter().rev().take(self.longest_ending + 1).find_map(|&at| {
            let (stem, ending) = word.split_at(at);
            let stems = self.stems.get(stem)?;
            stems.iter().find(|(p, _)| self.paradigms[usize::from(*p)].contains(ending)).map(|(_, value)| value)
        })
    }

    /// The stems, counted.
    pub fn stem_count(&self) -> usize {
        self.stems.values().map(Vec::len).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nouns() -> PersonNouns {
        let mut nouns = PersonNouns::default();
        assert!(nouns.read_english("# header\nvictim\nguard\nhead of state\nchild\npoliceman\nthief\ngraf\n").is_empty());
        assert!(nouns.read_russian("# header\n=0 - а ам ами ах е ов ом у ы\n=1 ец ца цев цам\nшахтер 0\nчечен 1\n").is_empty());
        nouns.plural_exceptions.insert("children".into(), "child".into());
        nouns.plural_exceptions.insert("thieves".into(), "thief".into());
        nouns
    }

    #[test]
    fn english_plurals_by_detachment_and_exceptions() {
        let nouns = nouns();
        for word in ["victims", "guards", "children", "policemen", "thieves", "victim"] {
            assert!(nouns.counts_people(word), "{word}");
        }
        for word in ["cases", "heads", "states", "graves"] {
            assert!(!nouns.counts_people(word), "{word}");
        }
        assert!(nouns.names_people(&["heads", "of", "state"]) == false);
        assert!(nouns.names_people(&["political", "victims"]));
        assert!(nouns.names_people(&["head", "of", "state"]));
    }

    #[test]
    fn russian_forms_in_any_case_with_yo_folded() {
        let nouns = nouns();
        for word in ["шахтёров", "шахтерам", "шахтер", "чеченцев"] {
            assert!(nouns.counts_people(word), "{word}");
        }
        for word in ["шахт", "чеченка", "шахтерский"] {
            assert!(!nouns.counts_people(word), "{word}");
        }
    }

    #[test]
    fn bad_lines_are_reported_by_number() {
        let mut nouns = PersonNouns::default();
        assert_eq!(nouns.read_russian("=1 а\nстем 0\n").iter().map(|p| p.0).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(nouns.read_english("ok\nNot\n").iter().map(|p| p.0).collect::<Vec<_>>(), vec![2]);
    }
}
