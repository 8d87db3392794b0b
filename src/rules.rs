//! Load, check and compile the rule files under `rules/`.
//!
//! A rule file is TOML with up to three parts, merged across files:
//! `[fragments]` (named pieces of regex that patterns use as `{name}`),
//! `[lexicon.*]` (surface words and their canonical values: qualifiers, units,
//! counted nouns) and `[[rule]]` entries (id, kind, priority, description,
//! pattern, examples, counter_examples). `rules/README.md` documents the format.
//!
//! Loading reports every problem of every file at once, each as
//! `file:line: problem`, so a curator fixes a rules change in one pass.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::entities::{Gazetteer, KnownEntity};
use crate::schema::ENTITY_TYPES;

/// The shipped rules, compiled into the binary so that `tally` works from any
/// directory. `--rules DIR` replaces them.
const EMBEDDED: &[(&str, &str)] = &[
    ("lexicon.toml", include_str!("../rules/lexicon.toml")),
    ("figures.toml", include_str!("../rules/figures.toml")),
    ("exclusions.toml", include_str!("../rules/exclusions.toml")),
    ("context.toml", include_str!("../rules/context.toml")),
    ("entities.toml", include_str!("../rules/entities.toml")),
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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    /// Capitalized words that never begin a name.
    #[serde(default)]
    not_names: Vec<String>,
    #[serde(default)]
    fragments: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    lexicon: LexiconSpec,
    #[serde(default)]
    context: ContextSpec,
    #[serde(default)]
    rule: Vec<Spanned<RuleSpec>>,
    #[serde(default)]
    entity: Vec<Spanned<EntitySpec>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntitySpec {
    name: String,
    #[serde(rename = "type")]
    entity_type: String,
    aliases: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextSpec {
    /// measure → words that signal it
    #[serde(default)]
    measures: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconSpec {
    /// canonical qualifier → phrases
    #[serde(default)]
    qualifiers: BTreeMap<String, Vec<String>>,
    /// unit class (money, area, share, duration) → unit code → phrases
    #[serde(default)]
    units: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// nouns that count people, lower case
    #[serde(default)]
    person_nouns: Vec<String>,
    /// verbs whose object is people, lower case
    #[serde(default)]
    people_verbs: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    id: String,
    kind: RuleKind,
    description: String,
    #[serde(default)]
    priority: i32,
    /// The type of the names an entity rule finds.
    #[serde(default)]
    entity_type: Option<String>,
    pattern: Spanned<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    counter_examples: Vec<String>,
}

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

/// Surface words and their canonical values, shared by the rules (as
/// generated fragments) and by normalize (as lookups).
#[derive(Debug, Default)]
pub struct Lexicon {
    /// (phrase, canonical qualifier), longest phrase first.
    pub qualifiers: Vec<(String, String)>,
    /// (phrase, unit code, unit class), longest phrase first.
    pub units: Vec<(String, String, String)>,
    pub person_nouns: BTreeSet<String>,
    /// Verbs whose object is people ("killed", "задержаны"): a bare number
    /// near them counts people.
    pub people_verbs: BTreeSet<String>,
    /// (word prefix, measure)
    pub measures: Vec<(String, String)>,
    /// The known people, places, organizations and events; its places are
    /// the canonical values of figures.place.
    pub gazetteer: Gazetteer,
    /// Capitalized words that never begin a name ("The", "According").
    pub not_names: BTreeSet<String>,
}

impl Lexicon {
    pub fn qualifier(&self, phrase: &str) -> Option<&str> {
        let phrase = fold(phrase);
        self.qualifiers.iter().find(|(p, _)| *p == phrase).map(|(_, q)| q.as_str())
    }

    /// The unit code and class of a unit phrase ("square kilometers" → km2, area).
    pub fn unit(&self, phrase: &str) -> Option<(&str, &str)> {
        let phrase = fold(phrase.trim_start_matches('\\'));
        self.units
            .iter()
            .find(|(p, _, _)| *p == phrase)
            .or_else(|| self.units.iter().find(|(p, _, _)| phrase.starts_with(p.as_str())))
            .map(|(_, code, class)| (code.as_str(), class.as_str()))
    }
}

/// Lower case with runs of white space folded to one space.
pub fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub lexicon: Lexicon,
}

/// The spans of the named groups a figure rule may capture.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    pub qualifier: Option<Range<usize>>,
    pub number: Option<Range<usize>>,
    pub low: Option<Range<usize>>,
    pub high: Option<Range<usize>>,
    pub vague: Option<Range<usize>>,
    pub unit: Option<Range<usize>>,
}

/// One accepted match: the byte span it claims (the `quote` group, or the
/// whole match) and its groups.
#[derive(Debug, Clone)]
pub struct RuleMatch {
    pub rule: usize,
    pub span: Range<usize>,
    pub groups: Groups,
}

const GROUP_NAMES: &[&str] = &["quote", "qualifier", "number", "low", "high", "vague", "unit", "source", "name"];

impl RuleSet {
    /// The shipped rules, or those of `dir` when given.
    pub fn load(dir: Option<&Path>) -> Result<RuleSet> {
        let files: Vec<(PathBuf, String)> = match dir {
            None => EMBEDDED.iter().map(|(name, text)| (PathBuf::from("rules").join(name), text.to_string())).collect(),
            Some(dir) => read_rule_dir(dir)?,
        };
        compile(&files)
    }

    /// Every match of every rule, resolved so that no two accepted spans
    /// overlap: a higher priority wins, then the longer match, then the
    /// earlier one. Exclusion matches are resolved like the others and then
    /// dropped, which is how they veto the figures they overlap.
    pub fn find(&self, text: &str) -> Vec<RuleMatch> {
        let mut candidates: Vec<(i32, usize, RuleMatch)> = Vec::new();
        for (index, rule) in self.rules.iter().enumerate() {
            if !matches!(rule.kind, RuleKind::Figure | RuleKind::Exclude) {
                continue;
            }
            for caps in rule.regex.captures_iter(text) {
                let whole = caps.get(0).expect("group 0 always matches");
                if whole.is_empty() {
                    continue;
                }
                let group = |name: &str| caps.name(name).map(|m| m.range());
                let span = group("quote").unwrap_or(whole.range());
                let groups = Groups {
                    qualifier: group("qualifier"),
                    number: group("number"),
                    low: group("low"),
                    high: group("high"),
                    vague: group("vague"),
                    unit: group("unit"),
                };
                candidates.push((rule.priority, whole.len(), RuleMatch { rule: index, span, groups }));
            }
        }
        candidates.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.span.start.cmp(&b.2.span.start)));
        let mut taken: Vec<Range<usize>> = Vec::new();
        let mut accepted = Vec::new();
        for (_, _, m) in candidates {
            if taken.iter().any(|t| t.start < m.span.end && m.span.start < t.end) {
                continue;
            }
            taken.push(m.span.clone());
            if self.rules[m.rule].kind == RuleKind::Figure {
                accepted.push(m);
            }
        }
        accepted.sort_by_key(|m| (m.span.start, m.span.end));
        accepted
    }

    /// Runs every rule's examples and counter-examples through the whole rule
    /// set. Returns the number of examples checked, or every failure.
    pub fn check_examples(&self) -> Result<usize> {
        let mut failures = Vec::new();
        let mut checked = 0;
        for (index, rule) in self.rules.iter().enumerate() {
            for example in &rule.examples {
                checked += 1;
                if let Err(problem) = self.check_example(index, example) {
                    failures.push(format!("{}: rule {}: example {example:?}: {problem}", rule.origin, rule.id));
                }
            }
            for counter in &rule.counter_examples {
                checked += 1;
                let found = match rule.kind {
                    RuleKind::Figure => self.find(counter).into_iter().any(|m| m.rule == index),
                    RuleKind::Entity => crate::entities::find_mentions(self, counter).iter().any(|m| m.rule == rule.id),
                    RuleKind::Exclude | RuleKind::Attribution => rule.regex.is_match(counter),
                };
                if found {
                    failures.push(format!("{}: rule {}: counter-example {counter:?} matched", rule.origin, rule.id));
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
    fn check_example(&self, index: usize, example: &str) -> std::result::Result<(), String> {
        let (text, marked) = unmark(example).ok_or("mark the expected span with [[...]]")?;
        let rule = &self.rules[index];
        match rule.kind {
            RuleKind::Figure => {
                let found = self.find(&text);
                if found.iter().any(|m| m.rule == index && m.span == marked) {
                    return Ok(());
                }
                let got: Vec<String> =
                    found.iter().map(|m| format!("{:?} by {}", &text[m.span.clone()], self.rules[m.rule].id)).collect();
                Err(format!("expected {:?}, found [{}]", &text[marked], got.join(", ")))
            }
            RuleKind::Entity => {
                let found = crate::entities::find_mentions(self, &text);
                if found.iter().any(|m| m.rule == rule.id && m.span == marked) {
                    return Ok(());
                }
                let got: Vec<String> = found.iter().map(|m| format!("{:?} by {}", &text[m.span.clone()], m.rule)).collect();
                Err(format!("expected the name {:?}, found [{}]", &text[marked], got.join(", ")))
            }
            RuleKind::Attribution => {
                if rule.regex.find_iter(&text).any(|m| m.start() < marked.end && marked.start < m.end()) {
                    Ok(())
                } else {
                    Err("the rule does not match the marked span".into())
                }
            }
            RuleKind::Exclude => {
                if !rule.regex.is_match(&text) {
                    return Err("the rule does not match".into());
                }
                let overlapping: Vec<String> = self
                    .find(&text)
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
}

/// Removes the `[[` `]]` marks and returns the text and the marked byte span.
pub fn unmark(example: &str) -> Option<(String, Range<usize>)> {
    let open = example.find("[[")?;
    let close = example[open..].find("]]")? + open;
    let text = format!("{}{}{}", &example[..open], &example[open + 2..close], &example[close + 2..]);
    Some((text, open..close - 2))
}

fn read_rule_dir(dir: &Path) -> Result<Vec<(PathBuf, String)>> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("{}: cannot read rules directory", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        bail!("{}: no .toml rule files", dir.display());
    }
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).with_context(|| format!("{}: cannot read", p.display()))?;
            Ok((p, text))
        })
        .collect()
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

fn compile(files: &[(PathBuf, String)]) -> Result<RuleSet> {
    let mut problems = Vec::new();
    let mut parsed = Vec::new();
    for (path, text) in files {
        match toml::from_str::<RuleFile>(text) {
            Ok(file) => parsed.push((path, text, file)),
            Err(e) => {
                let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
                problems.push(format!("{}:{line}: {}", path.display(), one_line(e.message())));
            }
        }
    }

    let mut lexicon = Lexicon::default();
    let mut fragments: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (path, text, file) in &parsed {
        for (name, value) in &file.fragments {
            let origin = format!("{}:{}", path.display(), line_of(text, value.span().start));
            if let Some((_, first)) = fragments.get(name) {
                problems.push(format!("{origin}: fragment {name} is already defined at {first}"));
            }
            fragments.insert(name.clone(), (value.get_ref().clone(), origin));
        }
        for (canonical, phrases) in &file.lexicon.qualifiers {
            lexicon.qualifiers.extend(phrases.iter().map(|p| (fold(p), canonical.clone())));
        }
        for (class, units) in &file.lexicon.units {
            for (code, phrases) in units {
                lexicon.units.extend(phrases.iter().map(|p| (fold(p), code.clone(), class.clone())));
            }
        }
        lexicon.person_nouns.extend(file.lexicon.person_nouns.iter().map(|n| fold(n)));
        lexicon.people_verbs.extend(file.lexicon.people_verbs.iter().map(|v| fold(v)));
        for (measure, words) in &file.context.measures {
            lexicon.measures.extend(words.iter().map(|w| (fold(w), measure.clone())));
        }
        lexicon.not_names.extend(file.not_names.iter().cloned());
    }
    lexicon.gazetteer = match known_entities(&parsed) {
        Ok(entities) => Gazetteer::new(entities)?,
        Err(mut found) => {
            problems.append(&mut found);
            Gazetteer::default()
        }
    };
    lexicon.qualifiers.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    lexicon.units.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    for (name, value) in generated_fragments(&lexicon) {
        fragments.entry(name).or_insert((value, "lexicon".into()));
    }

    let mut rules = Vec::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for (path, text, file) in &parsed {
        for spec in &file.rule {
            let origin = format!("{}:{}", path.display(), line_of(text, spec.span().start));
            let spec = spec.get_ref();
            let pattern_line = line_of(text, spec.pattern.span().start);
            let at = format!("{}:{pattern_line}", path.display());
            if let Some(first) = ids.insert(spec.id.clone(), origin.clone()) {
                problems.push(format!("{origin}: rule id {} is already used at {first}", spec.id));
            }
            let expanded = match expand(spec.pattern.get_ref(), &fragments, 0) {
                Ok(p) => p,
                Err(e) => {
                    problems.push(format!("{at}: rule {}: {e}", spec.id));
                    continue;
                }
            };
            let regex = match RegexBuilder::new(&expanded).ignore_whitespace(true).multi_line(true).build() {
                Ok(r) => r,
                Err(e) => {
                    problems.push(format!("{at}: rule {}: broken regex: {}", spec.id, regex_error(&e)));
                    continue;
                }
            };
            for name in regex.capture_names().flatten() {
                if !GROUP_NAMES.contains(&name) {
                    problems.push(format!("{at}: rule {}: unknown group name {name:?}", spec.id));
                }
            }
            match (spec.kind, &spec.entity_type) {
                (RuleKind::Entity, Some(t)) if ENTITY_TYPES.contains(&t.as_str()) => {}
                (RuleKind::Entity, Some(t)) => {
                    problems.push(format!("{origin}: rule {}: entity_type {t:?} is not one of {ENTITY_TYPES:?}", spec.id))
                }
                (RuleKind::Entity, None) => problems.push(format!("{origin}: rule {}: an entity rule needs entity_type", spec.id)),
                (_, Some(_)) => problems.push(format!("{origin}: rule {}: only entity rules take entity_type", spec.id)),
                (_, None) => {}
            }
            if spec.kind == RuleKind::Entity && !regex.capture_names().flatten().any(|n| n == "name") {
                problems.push(format!("{at}: rule {}: an entity rule needs a group named `name`", spec.id));
            }
            rules.push(Rule {
                id: spec.id.clone(),
                kind: spec.kind,
                description: spec.description.clone(),
                priority: spec.priority,
                entity_type: spec.entity_type.clone(),
                regex,
                examples: spec.examples.clone(),
                counter_examples: spec.counter_examples.clone(),
                origin,
            });
        }
    }
    if rules.is_empty() && problems.is_empty() {
        problems.push("rules: no [[rule]] entries found".into());
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(RuleSet { rules, lexicon })
}

/// The gazetteer's entries, or every problem with them: an unknown type, a
/// name given twice, an alias claimed by two entities (a text could not say
/// which one it means).
fn known_entities(parsed: &[(&PathBuf, &String, RuleFile)]) -> std::result::Result<Vec<KnownEntity>, Vec<String>> {
    let mut problems = Vec::new();
    let mut entities = Vec::new();
    let mut names: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut aliases: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (path, text, file) in parsed {
        for spec in &file.entity {
            let origin = format!("{}:{}", path.display(), line_of(text, spec.span().start));
            let spec = spec.get_ref();
            if !ENTITY_TYPES.contains(&spec.entity_type.as_str()) {
                problems.push(format!("{origin}: entity {}: type {:?} is not one of {ENTITY_TYPES:?}", spec.name, spec.entity_type));
            }
            if let Some(first) = names.insert((spec.name.clone(), spec.entity_type.clone()), origin.clone()) {
                problems.push(format!("{origin}: entity {} is already defined at {first}", spec.name));
            }
            if spec.aliases.is_empty() {
                problems.push(format!("{origin}: entity {} has no aliases", spec.name));
            }
            for alias in &spec.aliases {
                if alias.trim().is_empty() {
                    problems.push(format!("{origin}: entity {}: empty alias", spec.name));
                } else if let Some((other, first)) = aliases.insert(alias.clone(), (spec.name.clone(), origin.clone())) {
                    if other != spec.name {
                        problems.push(format!("{origin}: entity {}: alias {alias:?} already names {other} at {first}", spec.name));
                    }
                }
            }
            entities.push(KnownEntity {
                name: spec.name.clone(),
                entity_type: spec.entity_type.clone(),
                aliases: spec.aliases.clone(),
            });
        }
    }
    if problems.is_empty() {
        Ok(entities)
    } else {
        Err(problems)
    }
}

/// Fragments made from the lexicon, so a new phrase there is matched by every
/// rule that names its class: `{qualifier}`, `{unit_money}`, `{unit_area}`,
/// `{unit_share}`, `{unit_duration}`, `{person_noun}`. A phrase that ends in
/// a letter or digit ends at a word boundary ("year" is not "yearly"); one
/// that ends in punctuation ("руб.", "sq. mi.", "%") ends where it ends.
fn generated_fragments(lexicon: &Lexicon) -> Vec<(String, String)> {
    let alternation = |phrases: Vec<&str>| {
        let mut out = String::new();
        for (i, p) in phrases.iter().enumerate() {
            if i > 0 {
                out.push('|');
            }
            for word in p.split(' ').enumerate() {
                if word.0 > 0 {
                    out.push_str(r"\s+");
                }
                out.push_str(&regex::escape(word.1));
            }
            if p.ends_with(|c: char| c.is_alphabetic() || c.is_ascii_digit()) {
                out.push_str(r"\b");
            }
        }
        format!("(?i:{out})")
    };
    let mut fragments = vec![(
        "qualifier".to_string(),
        alternation(lexicon.qualifiers.iter().filter(|(_, q)| q != "range").map(|(p, _)| p.as_str()).collect()),
    )];
    let classes: BTreeSet<&str> = lexicon.units.iter().map(|(_, _, c)| c.as_str()).collect();
    for class in classes {
        let phrases = lexicon.units.iter().filter(|(_, _, c)| c == class).map(|(p, _, _)| p.as_str()).collect();
        fragments.push((format!("unit_{class}"), alternation(phrases)));
    }
    let mut nouns: Vec<&str> = lexicon.person_nouns.iter().map(String::as_str).collect();
    nouns.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    fragments.push(("person_noun".into(), alternation(nouns)));
    fragments
}

/// Replaces `{name}` by `(?:fragment)`. Names are lower-case identifiers, so
/// repetition counts (`{1,3}`), Unicode classes (`\p{Lu}`) and escapes
/// (`\u{a0}`) pass untouched.
fn expand(pattern: &str, fragments: &BTreeMap<String, (String, String)>, depth: usize) -> Result<String, String> {
    if depth > 8 {
        return Err("fragments nest too deeply (a fragment that names itself?)".into());
    }
    let name_re = Regex::new(r"(\\[pPux])?\{([a-z][a-z0-9_]+)\}").expect("valid");
    let mut out = String::new();
    let mut last = 0;
    for caps in name_re.captures_iter(pattern) {
        let whole = caps.get(0).expect("group 0");
        if caps.get(1).is_some() {
            continue;
        }
        let name = &caps[2];
        let (body, _) = fragments.get(name).ok_or_else(|| format!("unknown fragment {{{name}}}"))?;
        out.push_str(&pattern[last..whole.start()]);
        let _ = write!(out, "(?:{})", expand(body, fragments, depth + 1)?);
        last = whole.end();
    }
    out.push_str(&pattern[last..]);
    Ok(out)
}

/// The regex crate explains a syntax error over several lines; keep the line
/// that says what is wrong.
fn regex_error(e: &regex::Error) -> String {
    let text = e.to_string();
    text.lines()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .map(str::to_string)
        .unwrap_or_else(|| one_line(&text))
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_rules_load_and_their_examples_hold() {
        let rules = RuleSet::load(None).unwrap();
        let checked = rules.check_examples().unwrap_or_else(|e| panic!("{e}"));
        assert!(checked > 50, "only {checked} examples");
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let files = vec![(
            PathBuf::from("bad.toml"),
            "[[rule]]\nid = \"a\"\nkind = \"figure\"\ndescription = \"\"\npattern = '(x'\n\n[[rule]]\nid = \"b\"\nkind = \"figure\"\ndescription = \"\"\npattern = '{nope}'\n".to_string(),
        )];
        let err = compile(&files).unwrap_err().to_string();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "{err}");
        assert!(lines[0].starts_with("bad.toml:5: rule a: broken regex"), "{err}");
        assert!(lines[1].starts_with("bad.toml:11: rule b: unknown fragment {nope}"), "{err}");
    }

    #[test]
    fn gazetteer_and_entity_rule_problems_are_reported_with_their_line() {
        let text = "[[entity]]\nname = \"A\"\ntype = \"planet\"\naliases = [\"X\"]\n\n[[entity]]\nname = \"B\"\ntype = \"place\"\naliases = [\"X\"]\n\n[[rule]]\nid = \"e\"\nkind = \"entity\"\ndescription = \"\"\npattern = 'x'\n";
        let err = compile(&[(PathBuf::from("ent.toml"), text.to_string())]).unwrap_err().to_string();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 4, "{err}");
        assert!(lines[0].starts_with("ent.toml:1: entity A: type \"planet\""), "{err}");
        assert!(lines[1].starts_with("ent.toml:6: entity B: alias \"X\" already names A at ent.toml:1"), "{err}");
        assert!(lines[2].starts_with("ent.toml:11: rule e: an entity rule needs entity_type"), "{err}");
        assert!(lines[3].starts_with("ent.toml:15: rule e: an entity rule needs a group named `name`"), "{err}");
    }

    #[test]
    fn unmark_finds_the_span() {
        let (text, span) = unmark("shot [[about 25,000]] of them").unwrap();
        assert_eq!(text, "shot about 25,000 of them");
        assert_eq!(&text[span], "about 25,000");
    }
}
