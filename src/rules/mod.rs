//! The rules as the program holds them: the data files under `rules/`
//! (number grammar, exclusions, context rules, word lists, number words,
//! lexicon, gazetteer, what makes figures answer the same question, and the
//! lists generated into `rules/lexicons/`) loaded, checked and compiled once,
//! before any work starts. What the rules find in a text is extract's business; this module
//! only says what they are.

pub mod files;
mod fragments;
pub mod gazetteer;
pub mod lexicon;
pub mod people;
pub mod place_words;
pub mod questions;
mod rule;
pub mod scan;

use std::path::Path;

use anyhow::{bail, Context, Result};

pub use files::check_example_vocabulary;
use files::Source;
pub use rule::{RuleKind, RuleSet};

/// The shipped rules, compiled into the binary so that `tally` works from any
/// directory. `--rules DIR` replaces them.
const EMBEDDED: &[(&str, &str)] = &[
    ("lexicon.toml", include_str!("../../rules/lexicon.toml")),
    ("numbers.toml", include_str!("../../rules/numbers.toml")),
    ("words.toml", include_str!("../../rules/words.toml")),
    ("figures.toml", include_str!("../../rules/figures.toml")),
    ("exclusions.toml", include_str!("../../rules/exclusions.toml")),
    ("context.toml", include_str!("../../rules/context.toml")),
    ("entities.toml", include_str!("../../rules/entities.toml")),
    ("claims.toml", include_str!("../../rules/claims.toml")),
];

/// The generated lists the shipped rule files name (`[lexicon.generated]`),
/// by their path relative to `rules/`.
const EMBEDDED_LISTS: &[(&str, &str)] = &[
    ("lexicons/person-nouns.en.txt", include_str!("../../rules/lexicons/person-nouns.en.txt")),
    ("lexicons/person-nouns.ru.txt", include_str!("../../rules/lexicons/person-nouns.ru.txt")),
    ("lexicons/places.tsv", include_str!("../../rules/lexicons/places.tsv")),
    ("lexicons/place-words.tsv", include_str!("../../rules/lexicons/place-words.tsv")),
];

impl RuleSet {
    /// The shipped rules, or those of `dir` when given.
    pub fn load(dir: Option<&Path>) -> Result<RuleSet> {
        let sources: Vec<Source> = match dir {
            None => EMBEDDED
                .iter()
                .map(|(name, text)| Source { path: Path::new("rules").join(name), text: text.to_string() })
                .collect(),
            Some(dir) => read_rule_dir(dir)?,
        };
        let embedded_list = |path: &str| -> Result<Source, String> {
            let (_, text) = EMBEDDED_LISTS.iter().find(|(name, _)| *name == path).ok_or_else(|| format!("{path}: no such list"))?;
            Ok(Source { path: Path::new("rules").join(path), text: text.to_string() })
        };
        let list_in_dir = |path: &str| -> Result<Source, String> {
            let full = dir.unwrap_or(Path::new("rules")).join(path);
            let text = std::fs::read_to_string(&full).map_err(|e| format!("{}: cannot read: {e}", full.display()))?;
            Ok(Source { path: full, text })
        };
        let read_list: files::ReadList = if dir.is_some() { &list_in_dir } else { &embedded_list };
        match files::compile(&sources, read_list) {
            Ok(rules) => Ok(rules),
            Err(problems) => bail!("{}", problems.join("\n")),
        }
    }
}

fn read_rule_dir(dir: &Path) -> Result<Vec<Source>> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("{}: cannot read rules directory", dir.display()))?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        bail!("{}: no .toml rule files", dir.display());
    }
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).with_context(|| format!("{}: cannot read", path.display()))?;
            Ok(Source { path, text })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scanner gives, rule for rule, what each rule's own iteration
    /// over the text gives, on every text the project has.
    #[test]
    fn the_scanners_find_what_each_rule_finds_alone() {
        let rules = RuleSet::load(None).unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        for dir in ["raw", "tests/fixtures/grammar", "tests/fixtures/unseen"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "txt") {
                    texts.push(std::fs::read_to_string(path).unwrap());
                }
            }
        }
        assert!(texts.len() > 15);
        let groups: [(&scan::Scanner, &[RuleKind]); 3] = [
            (&rules.scan.figures, &[RuleKind::Figure, RuleKind::Exclude]),
            (&rules.scan.entities, &[RuleKind::Entity]),
            (&rules.scan.periods, &[RuleKind::Period]),
        ];
        for text in &texts {
            for (scanner, kinds) in groups {
                let alone: Vec<(usize, std::ops::Range<usize>, Option<std::ops::Range<usize>>)> = rules
                    .rules
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| kinds.contains(&r.kind))
                    .flat_map(|(i, r)| {
                        r.regex.captures_iter(text.as_str()).filter_map(move |c| {
                            let whole = c.get_match()?.range();
                            (!whole.is_empty()).then(|| (i, whole, c.get_group_by_name("quote").map(|s| s.range())))
                        })
                    })
                    .collect();
                let scanned: Vec<_> = scanner.scan(text).iter().map(|h| (h.rule, h.whole(), h.group("quote"))).collect();
                assert_eq!(scanned, alone);
            }
        }
    }

    /// The person-noun criterion (first WordNet sense noun.person) on the
    /// words it was chosen by, Russian case forms, and the curated lists.
    #[test]
    fn shipped_lexicons_count_people_by_the_head() {
        let rules = RuleSet::load(None).unwrap();
        let people = &rules.lexicon.person_nouns;
        for word in ["victims", "deportees", "miners", "officials", "chechens", "germans", "guards", "children", "people", "troops",
                     "individuals", "силовиков", "крестьянам", "человек", "шахтёров", "шахтеров", "лиц", "погибших", "населения"] {
            assert!(people.counts_people(word), "{word} counts people");
        }
        // Families and households are groups of people, counted as items.
        for word in ["cards", "cases", "heads", "hands", "shots", "sources", "tractors", "домов", "коров", "лет", "families", "семей"] {
            assert!(!people.counts_people(word), "{word} counts no people");
        }
        assert!(people.names_people(&["political", "prisoners"]));
        assert!(people.names_people(&["перемещённых", "лиц"]));
        assert!(!people.names_people(&["prisoner", "cases"]));
    }

    #[test]
    fn shipped_gazetteer_knows_parents_and_no_common_words() {
        let rules = RuleSet::load(None).unwrap();
        let gazetteer = &rules.lexicon.gazetteer;
        assert_eq!(gazetteer.parent("Chechnya"), Some("Russia"));
        assert_eq!(gazetteer.parent("Kyiv Oblast"), Some("Ukraine"));
        assert_eq!(gazetteer.parent("Almaty"), Some("Kazakhstan"));
        assert!(gazetteer.is_within_in("Grozny", "Russia", None));
        assert!(gazetteer.is_within_in("Zhanaozen", "Kazakhstan", None));
        assert!(gazetteer.is_within_in("Zhanalyk", "Almaty Region", None));
        assert!(gazetteer.is_within_in("Almaty", "Soviet Union", Some((1931, 1933))));
        assert!(!gazetteer.is_within_in("Almaty", "Soviet Union", Some((2022, 2022))));
        assert!(gazetteer.is_within_in("Almaty", "Central Asia", None));
        assert!(gazetteer.is_within_in("Prague", "Europe", None));
        assert!(gazetteer.is_within_in("Karakalpakstan", "Uzbekistan", Some((1937, 1938))));
        assert!(!gazetteer.is_within_in("Karakalpakstan", "Uzbekistan", Some((1931, 1933))));
        let text = "Reading the report, Nice and Mobile people said: Мир, Орёл и Владимир. Santiago, Minsk, Phnom Penh.";
        let found: Vec<(&str, &str)> = gazetteer.find(text).into_iter().map(|(span, e)| (&text[span], e.name.as_str())).collect();
        assert_eq!(found, vec![("Santiago", "Santiago"), ("Minsk", "Minsk"), ("Phnom Penh", "Phnom Penh")]);
        assert_eq!(gazetteer.parent("Santiago"), Some("Chile"));
    }

    #[test]
    fn shipped_rules_load() {
        let rules = RuleSet::load(None).unwrap_or_else(|e| panic!("{e}"));
        assert!(rules.rules.len() > 40);
        assert!(rules.lexicon.numbers.cardinal.get("двадцать") == Some(&20.0));
        assert!(rules.lexicon.words.relative_pronouns.contains("which"));
    }
}
