//! `tally rules`: every rule and word list, and a check of all their
//! examples.

use std::io::Write;

use anyhow::Result;

use super::examples;
use crate::rules::RuleSet;

pub fn run(rules: &RuleSet) -> Result<()> {
    // writeln, not println: `tally rules | head` closes the pipe early, and
    // main treats that error as a normal end.
    let mut out = std::io::stdout().lock();
    let width = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for rule in &rules.rules {
        let kind = format!("{:?}", rule.kind).to_lowercase();
        writeln!(out, "{:<width$}  {kind:<11}  {}", rule.id, rule.description)?;
    }
    for (name, list) in rules.lexicon.words.all() {
        writeln!(out, "{:<width$}  {:<11}  {} ({} words)", format!("words.{name}"), "word list", list.description, list.words.len())?;
    }
    let numbers = &rules.lexicon.numbers;
    let gazetteer = &rules.lexicon.gazetteer;
    let places: Vec<&str> = gazetteer.entities.iter().filter(|e| e.entity_type == "place").map(|e| e.name.as_str()).collect();
    writeln!(
        out,
        "{} gazetteer entities ({} places, {} with a parent), {} number words",
        gazetteer.entities.len(),
        places.len(),
        places.iter().filter(|p| gazetteer.parent(p).is_some()).count(),
        numbers.cardinal.len() + numbers.scale.len() + numbers.vague.len() + numbers.half.len() + numbers.half_scale.len()
    )?;
    let people = &rules.lexicon.person_nouns;
    let (english, russian) = people.sizes();
    writeln!(
        out,
        "person nouns: {english} English lemmas (WordNet), {russian} Russian lemmas (OpenCorpora), {} curated forms",
        people.curated.len()
    )?;
    let (english, russian) = rules.lexicon.place_words.sizes();
    writeln!(out, "place words: {english} English adjectives and nouns of people (WordNet), {russian} Russian lemmas (OpenCorpora)")?;
    let checked = examples::check(rules)?;
    writeln!(out, "{} rules, {checked} examples and counter-examples checked, all hold", rules.rules.len())?;
    Ok(())
}
