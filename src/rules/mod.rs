//! The rules as the program holds them: the data files under `rules/`
//! (number grammar, exclusions, context rules, word lists, number words,
//! lexicon, gazetteer) loaded, checked and compiled once, before any work
//! starts. What the rules find in a text is extract's business; this module
//! only says what they are.

mod files;
mod fragments;
pub mod gazetteer;
pub mod lexicon;

use std::path::Path;

use anyhow::{bail, Context, Result};
use regex::Regex;
use serde::Deserialize;

pub use files::check_example_vocabulary;
use files::Source;
use lexicon::Lexicon;

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
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// A match is a figure.
    Figure,
    /// A match claims its span so that no figure is taken from it (dates,
    /// years, page furniture).
    Exclude,
    /// A match names who gives the figures of its sentence (group `source`).
    Attribution,
    /// A match is a name the gazetteer does not know (group `name`), of the
    /// rule's `entity_type`.
    Entity,
    /// A match names years: a year, a range, a decade, an open span.
    Period,
    /// A match ends one clause of a sentence and begins a coordinated one.
    Clause,
}

/// The named groups a rule may capture.
pub const GROUP_NAMES: &[&str] = &[
    "quote", "qualifier", "number", "low", "high", "vague", "unit", "source", "name", "span_start", "span_end", "since", "year",
    "year_end",
];

#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub kind: RuleKind,
    pub description: String,
    pub priority: i32,
    /// For an entity rule, the type of the names it finds.
    pub entity_type: Option<String>,
    pub regex: Regex,
    pub examples: Vec<String>,
    pub counter_examples: Vec<String>,
    /// `file:line` of the rule, for messages.
    pub origin: String,
}

#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub lexicon: Lexicon,
}

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
        match files::compile(&sources) {
            Ok(rules) => Ok(rules),
            Err(problems) => bail!("{}", problems.join("\n")),
        }
    }

    /// The rules of one kind, with their index in `rules`.
    pub fn of_kind(&self, kind: RuleKind) -> impl Iterator<Item = (usize, &Rule)> {
        self.rules.iter().enumerate().filter(move |(_, r)| r.kind == kind)
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

    #[test]
    fn shipped_rules_load() {
        let rules = RuleSet::load(None).unwrap_or_else(|e| panic!("{e}"));
        assert!(rules.rules.len() > 40);
        assert!(rules.lexicon.numbers.cardinal.get("двадцать") == Some(&20.0));
        assert!(rules.lexicon.words.relative_pronouns.contains("which"));
    }
}
