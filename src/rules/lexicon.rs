//! Surface words and their canonical values, shared by the rules (as
//! generated fragments) and by normalize (as lookups): qualifiers, units,
//! counted nouns, measure triggers, the number words, the grammar's word
//! lists and the gazetteer.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::gazetteer::Gazetteer;
use super::people::PersonNouns;
use super::place_words::PlaceWords;
use crate::number::NumberWords;
use crate::text::{fold, without_invisible};

#[derive(Debug, Default)]
pub struct Lexicon {
    /// (phrase, canonical qualifier), longest phrase first.
    pub qualifiers: Vec<(String, String)>,
    /// (phrase, unit code, unit class), longest phrase first.
    pub units: Vec<(String, String, String)>,
    /// Unit phrases that are a multiple of their unit: "decades" 10 (years).
    pub unit_multiples: BTreeMap<String, f64>,
    /// Nouns that count people: the open lexicons and the curated lists.
    pub person_nouns: PersonNouns,
    /// Verbs whose object is people ("killed", "задержаны"): a bare number
    /// near them counts people.
    pub people_verbs: BTreeSet<String>,
    /// (word prefix, measure)
    pub measures: Vec<(String, String)>,
    /// Finds every measure word of `measures` in a lower-cased text in one
    /// pass; pattern i is `measures[i]`.
    pub measure_finder: Option<aho_corasick::AhoCorasick>,
    /// The known people, places, organizations and events; its places are
    /// the canonical values of figures.place.
    pub gazetteer: Gazetteer,
    /// Adjectives and nouns of people that name a place of the gazetteer
    /// ("Soviet", "чеченцев"): a figure's place when its sentence names none.
    pub place_words: PlaceWords,
    /// Capitalized words that never begin a name ("The", "According").
    pub not_names: BTreeSet<String>,
    /// What each number word is worth (`rules/numbers.toml`).
    pub numbers: NumberWords,
    /// The grammar's closed word lists (`rules/words.toml`).
    pub words: WordLists,
    /// How a source named in Russian is given in English.
    pub in_english: SourcesInEnglish,
}

/// The tables of `[lexicon.source_words]`, `[lexicon.romanization]` and
/// `[lexicon.genitive_name_endings]` (rules/lexicon.toml).
#[derive(Debug, Default)]
pub struct SourcesInEnglish {
    /// Russian word or phrase, lower case → English.
    pub source_words: BTreeMap<String, String>,
    pub romanization: BTreeMap<char, String>,
    /// Genitive ending → nominative ending; "_" is any consonant.
    pub genitive_name_endings: BTreeMap<String, String>,
}

impl Lexicon {
    pub fn qualifier(&self, phrase: &str) -> Option<&str> {
        let phrase = fold(phrase);
        self.qualifiers.iter().find(|(p, _)| *p == phrase).map(|(_, q)| q.as_str())
    }

    /// The unit code and class of a unit phrase ("square kilometers" → km2, area).
    pub fn unit(&self, phrase: &str) -> Option<(&str, &str)> {
        self.unit_phrase(phrase).map(|(_, code, class)| (code.as_str(), class.as_str()))
    }

    /// How many of its unit a unit phrase stands for: "decades" 10 (years),
    /// "years" 1.
    pub fn unit_multiple(&self, phrase: &str) -> f64 {
        self.unit_phrase(phrase).and_then(|(p, _, _)| self.unit_multiples.get(p)).copied().unwrap_or(1.0)
    }

    fn unit_phrase(&self, phrase: &str) -> Option<&(String, String, String)> {
        // "\$", "\u{feff}$": an escape or an invisible character is no part of it.
        let phrase = fold(without_invisible(phrase).trim_start_matches('\\'));
        self.units
            .iter()
            .find(|(p, _, _)| *p == phrase)
            .or_else(|| self.units.iter().find(|(p, _, _)| phrase.starts_with(p.as_str())))
    }
}

/// The word lists of `rules/words.toml`, each by the name the code uses.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordLists {
    pub abbreviations: WordList,
    pub relative_pronouns: WordList,
    pub participle_endings: WordList,
    pub governed_by_skip: WordList,
    pub list_joints: WordList,
    pub elsewhere_markers: WordList,
    pub comparison_markers: WordList,
    pub articles: WordList,
    pub era_words: WordList,
    pub demonstratives: WordList,
    pub time_nouns: WordList,
    pub hands_over: WordList,
    pub refers_back: WordList,
    pub genitive_leads: WordList,
    pub part_markers: WordList,
    pub event_measures: WordList,
    pub short_spans: WordList,
    pub function_words: WordList,
    pub noun_phrase_openers: WordList,
    pub irregular_plurals: WordList,
    pub russian_adjective_endings: WordList,
    pub genitive_plural_adjective_endings: WordList,
    pub agent_noun_suffixes: WordList,
    pub verb_endings: WordList,
    pub irregular_verbs: WordList,
    pub people_events: WordList,
    pub auxiliaries: WordList,
    pub pronouns: WordList,
    pub anonymous_sources: WordList,
    pub of_which: WordList,
    pub destination_markers: WordList,
    pub movement_measures: WordList,
    pub people_measures: WordList,
    pub people_totals: WordList,
}

impl WordLists {
    /// Every list with its name, for checks and `tally rules`.
    pub fn all(&self) -> [(&'static str, &WordList); 34] {
        [
            ("abbreviations", &self.abbreviations),
            ("relative_pronouns", &self.relative_pronouns),
            ("participle_endings", &self.participle_endings),
            ("governed_by_skip", &self.governed_by_skip),
            ("list_joints", &self.list_joints),
            ("elsewhere_markers", &self.elsewhere_markers),
            ("comparison_markers", &self.comparison_markers),
            ("articles", &self.articles),
            ("era_words", &self.era_words),
            ("demonstratives", &self.demonstratives),
            ("time_nouns", &self.time_nouns),
            ("hands_over", &self.hands_over),
            ("refers_back", &self.refers_back),
            ("genitive_leads", &self.genitive_leads),
            ("part_markers", &self.part_markers),
            ("event_measures", &self.event_measures),
            ("short_spans", &self.short_spans),
            ("function_words", &self.function_words),
            ("noun_phrase_openers", &self.noun_phrase_openers),
            ("irregular_plurals", &self.irregular_plurals),
            ("russian_adjective_endings", &self.russian_adjective_endings),
            ("genitive_plural_adjective_endings", &self.genitive_plural_adjective_endings),
            ("agent_noun_suffixes", &self.agent_noun_suffixes),
            ("verb_endings", &self.verb_endings),
            ("irregular_verbs", &self.irregular_verbs),
            ("people_events", &self.people_events),
            ("auxiliaries", &self.auxiliaries),
            ("pronouns", &self.pronouns),
            ("anonymous_sources", &self.anonymous_sources),
            ("of_which", &self.of_which),
            ("destination_markers", &self.destination_markers),
            ("movement_measures", &self.movement_measures),
            ("people_measures", &self.people_measures),
            ("people_totals", &self.people_totals),
        ]
    }
}

/// One closed list of words, lower case.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordList {
    pub description: String,
    #[serde(deserialize_with = "word_set")]
    pub words: BTreeSet<String>,
    #[serde(default)]
    pub examples: Vec<ContextExample>,
}

impl WordList {
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
    }
}

fn word_set<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<BTreeSet<String>, D::Error> {
    let words: Vec<String> = Vec::deserialize(deserializer)?;
    Ok(words.iter().map(|w| fold(w)).collect())
}

/// A sentence written for a word list or a context rule, with the figure
/// marked `[[...]]` and what normalize must make of it. A field left out is
/// not checked; "" means empty.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextExample {
    pub text: String,
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub measure: Option<String>,
    pub subject: Option<String>,
    pub place: Option<String>,
    /// "1937" or "1937-1938", or "" for none.
    pub period: Option<String>,
    pub attributed_to: Option<String>,
    pub sentence: Option<String>,
}
