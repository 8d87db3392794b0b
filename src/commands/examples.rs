//! The rules' own examples, run through the stages they describe: each rule's
//! examples and counter-examples through the whole rule set (a figure rule's
//! example must give its marked quote by that rule), and each word list's
//! context examples through extract and normalize (the figure must come out
//! with the fields the example names). `tally rules` reports them; every
//! command that uses the rules checks them first, so a failing example stops
//! a run.

use std::ops::Range;

use anyhow::{bail, Result};

use crate::contract::DocumentRecord;
use crate::extract::figures::find_figures;
use crate::extract::mentions::find_names;
use crate::normalize::{interpret_document, Found, Interpreted};
use crate::rules::lexicon::ContextExample;
use crate::rules::{check_example_vocabulary, RuleKind, RuleSet};

/// The number of examples checked, or every failure.
pub fn check(rules: &RuleSet) -> Result<usize> {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (index, rule) in rules.rules.iter().enumerate() {
        for example in &rule.examples {
            checked += 1;
            if let Err(problem) = check_rule_example(rules, index, example) {
                failures.push(format!("{}: rule {}: example {example:?}: {problem}", rule.origin, rule.id));
            }
        }
        for counter in &rule.counter_examples {
            checked += 1;
            let found = match rule.kind {
                RuleKind::Figure => find_figures(rules, counter).into_iter().any(|m| m.rule == index),
                RuleKind::Entity => find_names(rules, counter).iter().any(|m| m.rule == rule.id),
                RuleKind::Exclude | RuleKind::Attribution | RuleKind::Period | RuleKind::Clause => rule.regex.is_match(counter.as_str()),
            };
            if found {
                failures.push(format!("{}: rule {}: counter-example {counter:?} matched", rule.origin, rule.id));
            }
        }
    }
    for (name, list) in rules.lexicon.words.all() {
        for example in &list.examples {
            checked += 1;
            let at = format!("rules/words.toml: words.{name}");
            check_example_vocabulary(example, &at, &mut failures);
            if let Err(problem) = check_context_example(rules, example) {
                failures.push(format!("{at}: example {:?}: {problem}", example.text));
            }
        }
    }
    if failures.is_empty() {
        Ok(checked)
    } else {
        bail!("{}", failures.join("\n"))
    }
}

/// An example marks what the rule must claim with `[[...]]`.
fn check_rule_example(rules: &RuleSet, index: usize, example: &str) -> Result<(), String> {
    let (text, marked) = unmark(example).ok_or("mark the expected span with [[...]]")?;
    let rule = &rules.rules[index];
    match rule.kind {
        RuleKind::Figure => {
            let found = find_figures(rules, &text);
            if found.iter().any(|m| m.rule == index && m.span == marked) {
                return Ok(());
            }
            let got: Vec<String> =
                found.iter().map(|m| format!("{:?} by {}", &text[m.span.clone()], rules.rules[m.rule].id)).collect();
            Err(format!("expected {:?}, found [{}]", &text[marked], got.join(", ")))
        }
        RuleKind::Entity => {
            let found = find_names(rules, &text);
            if found.iter().any(|m| m.rule == rule.id && m.span == marked) {
                return Ok(());
            }
            let got: Vec<String> = found.iter().map(|m| format!("{:?} by {}", &text[m.span.clone()], m.rule)).collect();
            Err(format!("expected the name {:?}, found [{}]", &text[marked], got.join(", ")))
        }
        RuleKind::Attribution | RuleKind::Period | RuleKind::Clause => {
            if rule.regex.find_iter(text.as_str()).any(|m| m.start() < marked.end && marked.start < m.end()) {
                Ok(())
            } else {
                Err("the rule does not match the marked span".into())
            }
        }
        RuleKind::Exclude => {
            if !rule.regex.is_match(text.as_str()) {
                return Err("the rule does not match".into());
            }
            let overlapping: Vec<String> = find_figures(rules, &text)
                .iter()
                .filter(|m| m.span.start < marked.end && marked.start < m.span.end)
                .map(|m| format!("{:?}", &text[m.span.clone()]))
                .collect();
            if overlapping.is_empty() {
                Ok(())
            } else {
                Err(format!("figures still found in the excluded span: {}", overlapping.join(", ")))
            }
        }
    }
}

/// A context example: the text as a one-document corpus, the marked figure
/// interpreted as normalize would, and each field the example names compared.
fn check_context_example(rules: &RuleSet, example: &ContextExample) -> Result<(), String> {
    let (text, marked) = unmark(&example.text).ok_or("mark the figure with [[...]]")?;
    let found = crate::extract::read_text("example", &text, "", rules, &[]);
    let document = DocumentRecord { doc_id: "example".into(), ..DocumentRecord::default() };
    let candidates: Vec<_> = found.candidates.iter().collect();
    let context = Found {
        sentences: found.sentences.iter().collect(),
        spans: found.spans.iter().collect(),
        mentions: found.mentions.iter().collect(),
    };
    let interpreted = interpret_document(&document, &candidates, &context, &rules.lexicon).map_err(|e| e.to_string())?;
    let at = |c: &crate::contract::Candidate| c.byte_start as usize..c.byte_end as usize;
    let figure = interpreted.iter().find_map(|i| match i {
        Interpreted::Figure { candidate, figure, sentence } if at(candidate) == marked => Some((figure, sentence)),
        _ => None,
    });
    let Some((figure, sentence)) = figure else {
        let got: Vec<&str> = found.candidates.iter().map(|c| c.quote.as_str()).collect();
        return Err(format!("no figure {:?} (found {got:?})", &text[marked]));
    };
    let mut wrong = Vec::new();
    let mut compare = |field: &str, expected: &Option<String>, got: Option<String>| {
        if let Some(expected) = expected {
            let got = got.unwrap_or_default();
            if *expected != got {
                wrong.push(format!("{field} is {got:?}, not {expected:?}"));
            }
        }
    };
    compare("unit", &example.unit, Some(figure.unit.clone()));
    compare("measure", &example.measure, Some(figure.measure.clone()));
    compare("subject", &example.subject, figure.subject.clone());
    compare("place", &example.place, figure.place.clone());
    compare("attributed_to", &example.attributed_to, figure.attributed_to.clone());
    compare("sentence", &example.sentence, Some(sentence.clone()));
    let period = match (figure.period_start, figure.period_end) {
        (Some(s), Some(e)) if s == e => s.to_string(),
        (Some(s), Some(e)) => format!("{s}-{e}"),
        _ => String::new(),
    };
    compare("period", &example.period, Some(period));
    if let Some(value) = example.value {
        if figure.value != Some(value) {
            wrong.push(format!("value is {:?}, not {value}", figure.value));
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(wrong.join("; "))
    }
}

/// Removes the `[[` `]]` marks and returns the text and the marked byte span.
pub fn unmark(example: &str) -> Option<(String, Range<usize>)> {
    let open = example.find("[[")?;
    let close = example[open..].find("]]")? + open;
    let text = format!("{}{}{}", &example[..open], &example[open + 2..close], &example[close + 2..]);
    Some((text, open..close - 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_examples_hold() {
        let rules = RuleSet::load(None).unwrap();
        let checked = check(&rules).unwrap_or_else(|e| panic!("{e}"));
        assert!(checked > 50, "only {checked} examples");
    }

    #[test]
    fn unmark_finds_the_span() {
        let (text, span) = unmark("shot [[about 25,000]] of them").unwrap();
        assert_eq!(text, "shot about 25,000 of them");
        assert_eq!(&text[span], "about 25,000");
    }
}
