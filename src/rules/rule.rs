//! A rule as the program holds it: its kind, priority, compiled pattern and
//! examples, and the rule set with the lexicon they share.

use regex_automata::meta::Regex;
use serde::Deserialize;

use super::lexicon::Lexicon;
use super::questions::Questions;
use super::scan::Scanners;

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
    "quote", "qualifier", "number", "low", "high", "vague", "fraction", "unit", "source", "name", "span_start", "span_end", "since", "now", "date", "year",
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
    /// The pattern with its fragments expanded.
    pub pattern: String,
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
    /// The rules compiled for scanning texts fast (`scan.rs`).
    pub scan: Scanners,
    /// What makes figures answer the same question, for claims.
    pub questions: Questions,
}
