//! Reading and compiling rule files: TOML with up to eight parts, merged
//! across files — `[fragments]`, `[lexicon.*]`, `[context.*]`, `[words.*]`,
//! the number-word tables (`[cardinal.*]`, `[scale.*]`, …), `not_names`,
//! `[[entity]]` and `[[rule]]`. `rules/README.md` documents the format.
//!
//! Every problem of every file is reported at once, each as `file:line:
//! problem`, and every value that names a vocabulary (a unit, a measure, a
//! qualifier, an entity type) is checked against the schema here, on load,
//! not later on data.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use toml::Spanned;

use super::fragments::{self, Fragments};
use super::gazetteer::{Gazetteer, KnownEntity};
use super::lexicon::{ContextExample, Lexicon, WordLists};
use super::rule::{Rule, RuleKind, RuleSet, GROUP_NAMES};
use super::scan::{self, Scanner, Scanners};
use crate::schema::{ENTITY_TYPES, MEASURES, QUALIFIERS, UNITS, UNIT_CLASSES};
use crate::text::{fold, line_of, squash};

type NumberTables = BTreeMap<String, BTreeMap<String, f64>>;

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
    words: Option<WordLists>,
    #[serde(default)]
    cardinal: NumberTables,
    #[serde(default)]
    scale: NumberTables,
    #[serde(default)]
    suffix: NumberTables,
    #[serde(default)]
    vague: NumberTables,
    #[serde(default)]
    half: NumberTables,
    #[serde(default)]
    half_scale: NumberTables,
    #[serde(default)]
    article: NumberTables,
    #[serde(default)]
    rule: Vec<Spanned<RuleSpec>>,
    #[serde(default)]
    entity: Vec<Spanned<EntitySpec>>,
}

impl RuleFile {
    fn number_tables(&self) -> [(&'static str, &NumberTables); 7] {
        [
            ("cardinal", &self.cardinal),
            ("scale", &self.scale),
            ("suffix", &self.suffix),
            ("vague", &self.vague),
            ("half", &self.half),
            ("half_scale", &self.half_scale),
            ("article", &self.article),
        ]
    }
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

/// One rule file as read: its path for messages and its text.
pub struct Source {
    pub path: PathBuf,
    pub text: String,
}

struct Parsed<'s> {
    source: &'s Source,
    file: RuleFile,
}

impl Parsed<'_> {
    fn at(&self, byte: usize) -> String {
        format!("{}:{}", self.source.path.display(), line_of(&self.source.text, byte))
    }

    /// `file:line` of the first line that names `key` ("KZT =", "died =").
    fn at_key(&self, key: &str) -> String {
        let text = &self.source.text;
        let found = [format!("\n{key} "), format!("\n{key}="), format!("\"{key}\""), format!("{key} =")]
            .iter()
            .find_map(|needle| text.find(needle.as_str()).map(|at| at + usize::from(needle.starts_with('\n'))));
        self.at(found.unwrap_or(0))
    }
}

/// Compiles the rule files, or fails with every problem they have.
pub fn compile(sources: &[Source]) -> Result<RuleSet, Vec<String>> {
    let mut problems = Vec::new();
    let mut parsed = Vec::new();
    for source in sources {
        if let Some(file) = parse(source, &mut problems) {
            parsed.push(Parsed { source, file });
        }
    }
    // A file that does not parse may define fragments the others use: say
    // so once rather than report each use as unknown.
    let complete = parsed.len() == sources.len();

    let mut lexicon = Lexicon::default();
    let mut fragments = Fragments::new();
    let mut number_words: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut word_lists: Option<(WordLists, String)> = None;
    for p in &parsed {
        let file = &p.file;
        for (name, value) in &file.fragments {
            let origin = p.at(value.span().start);
            if let Some((_, first)) = fragments.get(name) {
                problems.push(format!("{origin}: fragment {name} is already defined at {first}"));
            }
            fragments.insert(name.clone(), (value.get_ref().clone(), origin));
        }
        for (canonical, phrases) in &file.lexicon.qualifiers {
            if !QUALIFIERS.contains(&canonical.as_str()) {
                problems.push(format!("{}: qualifier {canonical:?} is not one of {}", p.at_key(canonical), QUALIFIERS.join(", ")));
            }
            lexicon.qualifiers.extend(phrases.iter().map(|phrase| (fold(phrase), canonical.clone())));
        }
        for (class, units) in &file.lexicon.units {
            if !UNIT_CLASSES.contains(&class.as_str()) {
                problems.push(format!("{}: unit class {class:?} is not one of {}", p.at_key(class), UNIT_CLASSES.join(", ")));
            }
            for (code, phrases) in units {
                if !UNITS.contains(&code.as_str()) {
                    problems.push(format!("{}: unit {code:?} is not one of {}", p.at_key(code), UNITS.join(", ")));
                }
                lexicon.units.extend(phrases.iter().map(|phrase| (fold(phrase), code.clone(), class.clone())));
            }
        }
        lexicon.person_nouns.extend(file.lexicon.person_nouns.iter().map(|n| fold(n)));
        lexicon.people_verbs.extend(file.lexicon.people_verbs.iter().map(|v| fold(v)));
        for (measure, words) in &file.context.measures {
            if !MEASURES.contains(&measure.as_str()) {
                problems.push(format!("{}: measure {measure:?} is not one of {}", p.at_key(measure), MEASURES.join(", ")));
            }
            lexicon.measures.extend(words.iter().map(|w| (fold(w), measure.clone())));
        }
        lexicon.not_names.extend(file.not_names.iter().cloned());
        for (role, tables) in file.number_tables() {
            for (name, words) in tables {
                if let Some((_, first)) = fragments.get(name) {
                    let at = p.source.text.find(&format!("[{role}.{name}]")).unwrap_or(0);
                    problems.push(format!("{}: number table {name} is already defined at {first}", p.at(at)));
                }
                fragments.insert(name.clone(), (String::new(), format!("{}: [{role}.{name}]", p.source.path.display())));
                let table = lexicon.numbers.role_mut(role).expect("a role of NumberWords");
                for (word, value) in words {
                    let word = fold(word);
                    let key = word.trim_end_matches('.').to_string();
                    match table.get(&key) {
                        Some(other) if other != value => problems.push(format!(
                            "{}: number word {word:?} is worth {value} here and {other} in another {role} table",
                            p.at_key(&word)
                        )),
                        _ => {
                            table.insert(key, *value);
                        }
                    }
                    number_words.entry(name.clone()).or_default().push(word);
                }
            }
        }
        if let Some(lists) = &file.words {
            let origin = p.at(p.source.text.find("[words.").unwrap_or(0));
            match &word_lists {
                Some((_, first)) => problems.push(format!("{origin}: [words] is already defined at {first}")),
                None => {
                    check_word_lists(lists, &origin, &mut problems);
                    word_lists = Some((lists.clone(), origin));
                }
            }
        }
    }
    match word_lists {
        Some((lists, _)) => lexicon.words = lists,
        None if complete => problems.push("rules: no [words] lists (rules/words.toml)".into()),
        None => {}
    }
    lexicon.gazetteer = match known_entities(&parsed) {
        Ok(entities) => Gazetteer::new(entities).map_err(|e| vec![format!("rules: gazetteer: {e}")])?,
        Err(mut found) => {
            problems.append(&mut found);
            Gazetteer::default()
        }
    };
    lexicon.measure_finder = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(lexicon.measures.iter().map(|(word, _)| word))
        .map_err(|e| vec![format!("rules: measure words: {e}")])
        .map(Some)?;
    lexicon.qualifiers.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    lexicon.units.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    for (name, body, origin) in fragments::generated(&lexicon, &number_words) {
        fragments.insert(name, (body, origin));
    }

    let mut rules = Vec::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for p in &parsed {
        for spec in &p.file.rule {
            let origin = p.at(spec.span().start);
            let spec = spec.get_ref();
            let at = p.at(spec.pattern.span().start);
            if let Some(first) = ids.insert(spec.id.clone(), origin.clone()) {
                problems.push(format!("{origin}: rule id {} is already used at {first}", spec.id));
            }
            let expanded = match fragments::expand(spec.pattern.get_ref(), &fragments) {
                Ok(pattern) => ascii_digits(&pattern),
                Err(e) if e.starts_with("unknown fragment") && !complete => continue,
                Err(e) => {
                    problems.push(format!("{at}: rule {}: {e}", spec.id));
                    continue;
                }
            };
            let regex = match scan::compile(&expanded) {
                Ok(r) => r,
                Err(e) => {
                    problems.push(format!("{at}: rule {}: broken regex: {e}", spec.id));
                    continue;
                }
            };
            let groups: Vec<&str> = regex.group_info().pattern_names(regex_automata::PatternID::ZERO).flatten().collect();
            for name in &groups {
                if !GROUP_NAMES.contains(name) {
                    problems.push(format!("{at}: rule {}: unknown group name {name:?}", spec.id));
                }
            }
            check_kind(spec, &groups, &origin, &at, &mut problems);
            rules.push(Rule {
                id: spec.id.clone(),
                kind: spec.kind,
                description: spec.description.clone(),
                priority: spec.priority,
                entity_type: spec.entity_type.clone(),
                pattern: expanded,
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
        return Err(problems);
    }
    let scan = scanners(&rules).map_err(|e| vec![format!("rules: cannot compile the rules for scanning: {e}")])?;
    Ok(RuleSet { rules, lexicon, scan })
}

/// How many unknown keys of one file are reported before giving up on it.
const MAX_UNKNOWN_KEYS: usize = 100;

/// A rule file parsed, or `None` when it does not parse; each problem goes
/// to `problems`. An unknown key is reported and then read past (blanked
/// out, lines kept), so that one misspelt field does not hide every other
/// problem of the file, nor make the fragments it defines unknown.
fn parse(source: &Source, problems: &mut Vec<String>) -> Option<RuleFile> {
    let mut text = std::borrow::Cow::Borrowed(source.text.as_str());
    for _ in 0..MAX_UNKNOWN_KEYS {
        let e = match toml::from_str::<RuleFile>(&text) {
            Ok(file) => return Some(file),
            Err(e) => e,
        };
        let line = e.span().map_or(1, |s| line_of(&source.text, s.start));
        problems.push(format!("{}:{line}: {}", source.path.display(), squash(e.message())));
        let pair = e
            .span()
            .filter(|_| e.message().starts_with("unknown field"))
            .and_then(|key| toml_edit::ImDocument::parse(text.as_ref()).ok().and_then(|doc| pair_span(doc.as_table(), key.start)));
        let pair = pair?;
        let mut bytes = text.into_owned().into_bytes();
        for b in &mut bytes[pair] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
        text = std::borrow::Cow::Owned(String::from_utf8_lossy(&bytes).into_owned());
    }
    None
}

/// The bytes of the `key = value` pair whose key starts at `key_start`,
/// wherever it stands in the document.
fn pair_span(table: &dyn toml_edit::TableLike, key_start: usize) -> Option<std::ops::Range<usize>> {
    use toml_edit::{Item, Value};
    for (name, item) in table.iter() {
        let (key, _) = table.get_key_value(name)?;
        if let (Item::Value(value), Some(key)) = (item, key.span()) {
            if key.contains(&key_start) {
                return Some(key.start..value.span()?.end);
            }
        }
        let found = match item {
            Item::Table(t) => pair_span(t, key_start),
            Item::ArrayOfTables(a) => a.iter().find_map(|t| pair_span(t, key_start)),
            Item::Value(Value::InlineTable(t)) => pair_span(t, key_start),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The scanners of the rules: each group of kinds that runs together.
fn scanners(rules: &[Rule]) -> Result<Scanners, String> {
    let of = |kinds: &[RuleKind]| -> Vec<(usize, &str, &regex_automata::meta::Regex)> {
        rules.iter().enumerate().filter(|(_, r)| kinds.contains(&r.kind)).map(|(i, r)| (i, r.pattern.as_str(), &r.regex)).collect()
    };
    Ok(Scanners {
        figures: Scanner::new(&of(&[RuleKind::Figure, RuleKind::Exclude]))?,
        entities: Scanner::new(&of(&[RuleKind::Entity]))?,
        context: Scanner::new(&of(&[RuleKind::Attribution, RuleKind::Period, RuleKind::Clause]))?,
    })
}

/// What each kind of rule needs: an entity rule its type and a `name`, a
/// period rule a year group.
fn check_kind(spec: &RuleSpec, groups: &[&str], origin: &str, at: &str, problems: &mut Vec<String>) {
    match (spec.kind, &spec.entity_type) {
        (RuleKind::Entity, Some(t)) if ENTITY_TYPES.contains(&t.as_str()) => {}
        (RuleKind::Entity, Some(t)) => {
            problems.push(format!("{origin}: rule {}: entity_type {t:?} is not one of {ENTITY_TYPES:?}", spec.id))
        }
        (RuleKind::Entity, None) => problems.push(format!("{origin}: rule {}: an entity rule needs entity_type", spec.id)),
        (_, Some(_)) => problems.push(format!("{origin}: rule {}: only entity rules take entity_type", spec.id)),
        (_, None) => {}
    }
    let needs = |group: &str| !groups.contains(&group);
    match spec.kind {
        RuleKind::Entity if needs("name") => {
            problems.push(format!("{at}: rule {}: an entity rule needs a group named `name`", spec.id))
        }
        RuleKind::Attribution if needs("source") => {
            problems.push(format!("{at}: rule {}: an attribution rule needs a group named `source`", spec.id))
        }
        RuleKind::Period if needs("year") && needs("since") && needs("span_start") => problems
            .push(format!("{at}: rule {}: a period rule needs a group named `year`, `since` or `span_start`", spec.id)),
        _ => {}
    }
}

/// The word lists, with the values that name a vocabulary checked.
fn check_word_lists(lists: &WordLists, origin: &str, problems: &mut Vec<String>) {
    for measure in lists.event_measures.iter().filter(|m| !MEASURES.contains(m)) {
        problems.push(format!("{origin}: words.event_measures: {measure:?} is not a measure ({})", MEASURES.join(", ")));
    }
    for unit in lists.short_spans.iter().filter(|u| !UNITS.contains(u)) {
        problems.push(format!("{origin}: words.short_spans: {unit:?} is not a unit ({})", UNITS.join(", ")));
    }
    for (name, list) in lists.all() {
        for example in &list.examples {
            check_example_vocabulary(example, &format!("{origin}: words.{name}"), problems);
        }
    }
}

pub fn check_example_vocabulary(example: &ContextExample, at: &str, problems: &mut Vec<String>) {
    if let Some(unit) = example.unit.as_deref().filter(|u| !u.is_empty() && !UNITS.contains(u)) {
        problems.push(format!("{at}: example {:?}: unit {unit:?} is not one of {}", example.text, UNITS.join(", ")));
    }
    if let Some(measure) = example.measure.as_deref().filter(|m| !m.is_empty() && !MEASURES.contains(m)) {
        problems.push(format!("{at}: example {:?}: measure {measure:?} is not one of {}", example.text, MEASURES.join(", ")));
    }
}

/// The gazetteer's entries, or every problem with them: an unknown type, a
/// name given twice, an alias claimed by two entities (a text could not say
/// which one it means).
fn known_entities(parsed: &[Parsed]) -> Result<Vec<KnownEntity>, Vec<String>> {
    let mut problems = Vec::new();
    let mut entities = Vec::new();
    let mut names: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut aliases: BTreeMap<String, (String, String)> = BTreeMap::new();
    for p in parsed {
        for spec in &p.file.entity {
            let origin = p.at(spec.span().start);
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
            entities.push(KnownEntity { name: spec.name.clone(), entity_type: spec.entity_type.clone(), aliases: spec.aliases.clone() });
        }
    }
    if problems.is_empty() {
        Ok(entities)
    } else {
        Err(problems)
    }
}

/// `\d` as the ASCII digits 0–9: the number grammar reads only those, so a
/// digit of another script must not start a figure it cannot parse.
fn ascii_digits(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    let mut in_class = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('d') if in_class > 0 => out.push_str("0-9"),
                Some('d') => out.push_str("[0-9]"),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '[' => {
                in_class += 1;
                out.push(c);
            }
            ']' if in_class > 0 => {
                in_class -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, text: &str) -> Source {
        Source { path: PathBuf::from(name), text: text.to_string() }
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let text = "[[rule]]\nid = \"a\"\nkind = \"figure\"\ndescription = \"\"\npattern = '(x'\n\n[[rule]]\nid = \"b\"\nkind = \"figure\"\ndescription = \"\"\npattern = '{nope}'\n";
        let problems = compile(&[source("bad.toml", text)]).unwrap_err();
        assert!(problems.iter().any(|p| p.starts_with("bad.toml:5: rule a: broken regex")), "{problems:?}");
        assert!(problems.iter().any(|p| p.starts_with("bad.toml:11: rule b: unknown fragment {nope}")), "{problems:?}");
    }

    #[test]
    fn gazetteer_and_entity_rule_problems_are_reported_with_their_line() {
        let text = "[[entity]]\nname = \"A\"\ntype = \"planet\"\naliases = [\"X\"]\n\n[[entity]]\nname = \"B\"\ntype = \"place\"\naliases = [\"X\"]\n\n[[rule]]\nid = \"e\"\nkind = \"entity\"\ndescription = \"\"\npattern = 'x'\n";
        let problems = compile(&[source("ent.toml", text)]).unwrap_err();
        let joined = problems.join("\n");
        assert!(joined.contains("ent.toml:11: rule e: an entity rule needs entity_type"), "{joined}");
        assert!(joined.contains("ent.toml:15: rule e: an entity rule needs a group named `name`"), "{joined}");
        assert!(joined.contains("ent.toml:1: entity A: type \"planet\""), "{joined}");
        assert!(joined.contains("ent.toml:6: entity B: alias \"X\" already names A at ent.toml:1"), "{joined}");
    }

    #[test]
    fn vocabulary_values_are_checked_on_load() {
        let text = "[lexicon.units.money]\nKZTT = [\"tenge\"]\n\n[context.measures]\nkiled = [\"killed\"]\n";
        let joined = compile(&[source("voc.toml", text)]).unwrap_err().join("\n");
        assert!(joined.contains("voc.toml:2: unit \"KZTT\" is not one of"), "{joined}");
        assert!(joined.contains("voc.toml:5: measure \"kiled\" is not one of"), "{joined}");
    }

    #[test]
    fn every_unknown_field_and_the_problems_behind_it_are_reported() {
        let text = "[[rule]]\nid = \"a\"\nbogus = [\n  1,\n]\nkind = \"figure\"\ndescription = \"\"\npattern = '(x'\n\n[[rule]]\nid = \"a\"\nkind = \"figure\"\nalso_bogus = { x = 1 }\ndescription = \"\"\npattern = '{frag}'\n";
        let problems = compile(&[source("one.toml", text), source("two.toml", "[fragments]\nfrag = 'y'\n[lexicon]\nnope = 1\n")]).unwrap_err();
        let joined = problems.join("\n");
        assert!(joined.contains("one.toml:3: unknown field `bogus`"), "{joined}");
        assert!(joined.contains("one.toml:13: unknown field `also_bogus`"), "{joined}");
        assert!(joined.contains("one.toml:8: rule a: broken regex"), "{joined}");
        assert!(joined.contains("one.toml:10: rule id a is already used at one.toml:1"), "{joined}");
        assert!(joined.contains("two.toml:4: unknown field `nope`"), "{joined}");
        assert!(!joined.contains("unknown fragment"), "{joined}");
        assert!(joined.contains("rules: no [words] lists"), "{joined}");
        assert_eq!(problems.len(), 6, "{joined}");
    }

    #[test]
    fn digits_are_ascii() {
        assert_eq!(ascii_digits(r"\d{1,3}[\d,]\\d"), r"[0-9]{1,3}[0-9,]\\d");
    }
}
