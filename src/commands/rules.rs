//! `tally rules`: every rule and word list, and a check of all their
//! examples.

use anyhow::Result;

use super::examples;
use crate::rules::RuleSet;

pub fn run(rules: &RuleSet) -> Result<()> {
    let width = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for rule in &rules.rules {
        let kind = format!("{:?}", rule.kind).to_lowercase();
        println!("{:<width$}  {kind:<11}  {}", rule.id, rule.description);
    }
    for (name, list) in rules.lexicon.words.all() {
        println!("{:<width$}  {:<11}  {} ({} words)", format!("words.{name}"), "word list", list.description, list.words.len());
    }
    let numbers = &rules.lexicon.numbers;
    println!(
        "{} gazetteer entities, {} number words",
        rules.lexicon.gazetteer.entities.len(),
        numbers.cardinal.len() + numbers.scale.len() + numbers.vague.len() + numbers.half.len() + numbers.half_scale.len()
    );
    let checked = examples::check(rules)?;
    println!("{} rules, {checked} examples and counter-examples checked, all hold", rules.rules.len());
    Ok(())
}
