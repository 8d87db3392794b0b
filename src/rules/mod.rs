//! The rules as the program holds them: the data files under `rules/`
//! (number grammar, exclusions, context rules, word lists, number words,
//! lexicon, gazetteer) loaded, checked and compiled once, before any work
//! starts. What the rules find in a text is extract's business; this module
//! only says what they are.

mod files;
mod fragments;
pub mod gazetteer;
pub mod lexicon;
mod rule;

use std::path::Path;

use anyhow::{bail, Context, Result};

pub use files::check_example_vocabulary;
use files::Source;
pub use rule::{Rule, RuleKind, RuleSet};

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
