//! Reading and compiling rule files: TOML with up to eleven parts, merged
//! across files — `[fragments]`, `[lexicon.*]`, `[context.*]`, `[words.*]`,
//! the number-word tables (`[cardinal.*]`, `[scale.*]`, …), `not_names`,
//! `[[entity]]` (with the places a place lies in), `[[rule]]`, and for
//! claims `[[comparable]]` and `ungrouped_measures`. `rules/README.md`
//! documents the format.
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
use super::gazetteer::{self, Gazetteer, KnownEntity, Membership};
use super::lexicon::{ContextExample, Lexicon, WordLists};
use super::rule::{Rule, RuleKind, RuleSet, GROUP_NAMES};
use super::questions::Questions;
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
    fraction: NumberTables,
    #[serde(default)]
    rule: Vec<Spanned<RuleSpec>>,
    #[serde(default)]
    entity: Vec<Spanned<EntitySpec>>,
    /// Measures whose figures join no claim.
    #[serde(default)]
    ungrouped_measures: Vec<String>,
    #[serde(default)]
    comparable: Vec<Spanned<ComparableSpec>>,
}

/// Measures whose figures answer the same question.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ComparableSpec {
    measure: String,
    measures: Vec<String>,
    #[allow(dead_code)] // documentation, read by people
    why: String,
}

impl RuleFile {
    fn number_tables(&self) -> [(&'static str, &NumberTables); 8] {
        [
            ("cardinal", &self.cardinal),
            ("scale", &self.scale),
            ("suffix", &self.suffix),
            ("vague", &self.vague),
            ("half", &self.half),
            ("half_scale", &self.half_scale),
            ("article", &self.article),
            ("fraction", &self.fraction),
        ]
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntitySpec {
    name: String,
    #[serde(rename = "type")]
    entity_type: String,
    /// None for a place that extends the generated place of its name.
    #[serde(default)]
    aliases: Vec<String>,
    /// The place this one lies in at all times.
    #[serde(default)]
    parent: Option<String>,
    /// Places this one lay in for a span of years.
    #[serde(default)]
    within: Vec<MembershipSpec>,
    /// For an event: its first and last year.
    #[serde(default)]
    years: Option<[i32; 2]>,
    /// For an event or organization: where it happened or what it governed.
    #[serde(default)]
    place: Option<String>,
}

/// A place a place lay in, from one year, until one, or both.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MembershipSpec {
    place: String,
    #[serde(default)]
    from: Option<i32>,
    #[serde(default)]
    until: Option<i32>,
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
    /// unit phrase → how many of its unit it is ("decades" = 10)
    #[serde(default)]
    unit_multiples: BTreeMap<String, f64>,
    /// nouns that count people, lower case: the curated supplement
    #[serde(default)]
    person_nouns: Vec<String>,
    /// nouns of groups whose count is a count of people
    #[serde(default)]
    group_nouns: Vec<String>,
    /// nouns the open lexicons take for people that a count does not
    #[serde(default)]
    not_person_nouns: Vec<String>,
    /// English plurals the detachment rules do not undo → their lemma
    #[serde(default)]
    plural_exceptions: BTreeMap<String, String>,
    /// The generated lists (rules/lexicons/), by role, as paths relative to
    /// the rules directory.
    #[serde(default)]
    generated: BTreeMap<String, Spanned<String>>,
    /// verbs whose object is people, lower case
    #[serde(default)]
    people_verbs: Vec<String>,
    /// Russian words of sources → English
    #[serde(default)]
    source_words: BTreeMap<String, String>,
    /// Cyrillic letter → Latin
    #[serde(default)]
    romanization: BTreeMap<String, String>,
    /// genitive ending of a name → nominative ending
    #[serde(default)]
    genitive_name_endings: BTreeMap<String, String>,
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

/// Reads a generated list by its path relative to the rules directory: its
/// path for messages and its text, or why it cannot be read.
pub type ReadList<'a> = &'a dyn Fn(&str) -> Result<Source, String>;

/// The roles a generated list may have (`[lexicon.generated]`).
const GENERATED_ROLES: &[&str] = &["english_person_nouns", "russian_person_nouns", "places", "place_words"];

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

/// Compiles the rule files and the generated lists they name, or fails with
/// every problem they have.
pub fn compile(sources: &[Source], read_list: ReadList) -> Result<RuleSet, Vec<String>> {
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
    let mut generated: Vec<(String, Source)> = Vec::new();
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
        for (phrase, multiple) in &file.lexicon.unit_multiples {
            let phrase = fold(phrase);
            if !lexicon.units.iter().any(|(p, _, _)| *p == phrase) {
                problems.push(format!("{}: unit multiple {phrase:?} is not a unit phrase of [lexicon.units]", p.at_key(&phrase)));
            }
            lexicon.unit_multiples.insert(phrase, *multiple);
        }
        let people = &mut lexicon.person_nouns;
        people.curated.extend(file.lexicon.person_nouns.iter().chain(&file.lexicon.group_nouns).map(|n| fold(n)));
        people.not_people.extend(file.lexicon.not_person_nouns.iter().map(|n| fold(n)));
        people.plural_exceptions.extend(file.lexicon.plural_exceptions.iter().map(|(p, l)| (fold(p), fold(l))));
        for (role, path) in &file.lexicon.generated {
            let at = p.at(path.span().start);
            if !GENERATED_ROLES.contains(&role.as_str()) {
                problems.push(format!("{at}: generated list {role:?} is not one of {}", GENERATED_ROLES.join(", ")));
                continue;
            }
            match read_list(path.get_ref()) {
                Ok(list) => generated.push((role.clone(), list)),
                Err(e) => problems.push(format!("{at}: {e}")),
            }
        }
        lexicon.people_verbs.extend(file.lexicon.people_verbs.iter().map(|v| fold(v)));
        let english = &mut lexicon.in_english;
        english.source_words.extend(file.lexicon.source_words.iter().map(|(ru, en)| (fold(ru), en.clone())));
        for (letter, latin) in &file.lexicon.romanization {
            let mut chars = letter.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_lowercase() => {
                    english.romanization.insert(c, latin.clone());
                }
                _ => problems.push(format!("{}: romanization {letter:?} is not one lower-case letter", p.at_key(letter))),
            }
        }
        english.genitive_name_endings.extend(file.lexicon.genitive_name_endings.iter().map(|(g, n)| (g.clone(), n.clone())));
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
    let mut generated_places = Vec::new();
    let mut places_list = "rules".to_string();
    // Each place a place word names, with where: checked once the gazetteer is built.
    let mut named_places: Vec<(String, String)> = Vec::new();
    for (role, list) in &generated {
        let at = |(line, problem): (usize, String)| format!("{}:{line}: {problem}", list.path.display());
        match role.as_str() {
            "english_person_nouns" => problems.extend(lexicon.person_nouns.read_english(&list.text).into_iter().map(at)),
            "russian_person_nouns" => problems.extend(lexicon.person_nouns.read_russian(&list.text).into_iter().map(at)),
            "place_words" => {
                let (found, named) = lexicon.place_words.read(&list.text);
                problems.extend(found.into_iter().map(at));
                named_places.extend(named.into_iter().map(|(line, place)| (format!("{}:{line}", list.path.display()), place)));
            }
            _ => {
                places_list = list.path.display().to_string();
                let (places, found) = gazetteer::read_places(&list.text);
                problems.extend(found.into_iter().map(at));
                generated_places.extend(places);
            }
        }
    }
    lexicon.gazetteer = match known_entities(&parsed) {
        Ok(hand) => {
            let origins: Vec<String> = hand.iter().map(|(_, origin)| origin.clone()).collect();
            let (entities, renamed) = gazetteer::with_generated(hand.into_iter().map(|(e, _)| e).collect(), generated_places);
            lexicon.place_words.rename(&renamed);
            for (_, place) in &mut named_places {
                if let Some(hand_name) = renamed.get(place.as_str()) {
                    *place = hand_name.clone();
                }
            }
            problems.extend(unknown_places(&entities, &origins));
            let gazetteer = Gazetteer::new(entities).map_err(|e| vec![format!("rules: gazetteer: {e}")])?;
            problems.extend(circle(&gazetteer, &origins, &places_list));
            problems.extend(
                named_places
                    .iter()
                    .filter(|(_, place)| gazetteer.entity(place, "place").is_none())
                    .map(|(at, place)| format!("{at}: place word of {place:?}, which is no place of the gazetteer")),
            );
            gazetteer
        }
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
    let questions = questions(&parsed, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let scan = scanners(&rules).map_err(|e| vec![format!("rules: cannot compile the rules for scanning: {e}")])?;
    Ok(RuleSet { rules, lexicon, scan, questions })
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
        periods: Scanner::new(&of(&[RuleKind::Period]))?,
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
        RuleKind::Period if needs("year") && needs("since") && needs("span_start") && needs("now") && needs("date") => problems
            .push(format!("{at}: rule {}: a period rule needs a group named `year`, `since`, `span_start`, `now` or `date`", spec.id)),
        _ => {}
    }
}

/// The word lists, with the values that name a vocabulary checked.
fn check_word_lists(lists: &WordLists, origin: &str, problems: &mut Vec<String>) {
    for measure in lists.event_measures.iter().filter(|m| !MEASURES.contains(m)) {
        problems.push(format!("{origin}: words.event_measures: {measure:?} is not a measure ({})", MEASURES.join(", ")));
    }
    for measure in lists.movement_measures.iter().filter(|m| !MEASURES.contains(m)) {
        problems.push(format!("{origin}: words.movement_measures: {measure:?} is not a measure ({})", MEASURES.join(", ")));
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

/// The parents and memberships the hand gazetteer names that are no place
/// it or the generated list knows, and the hand places without aliases that
/// extend no generated place; `origins[i]` is where hand entity i is.
fn unknown_places(entities: &[KnownEntity], origins: &[String]) -> Vec<String> {
    let places: std::collections::HashSet<&str> =
        entities.iter().filter(|e| e.entity_type == "place").map(|e| e.name.as_str()).collect();
    let mut problems = Vec::new();
    for (entity, origin) in entities.iter().zip(origins) {
        if entity.aliases.is_empty() {
            problems.push(format!("{origin}: entity {} has no aliases and is no place of the generated list", entity.name));
        }
        let named = entity.parent.iter().chain(entity.within.iter().map(|m| &m.place)).chain(&entity.place);
        for place in named.filter(|p| !places.contains(p.as_str())) {
            problems.push(format!("{origin}: entity {}: {place:?} is not a place the gazetteer knows", entity.name));
        }
    }
    problems
}

/// A place inside itself through others (parents and memberships of any
/// years), reported where the first hand place of the circle is defined, or
/// at the generated list when the circle is all its own.
fn circle(gazetteer: &Gazetteer, origins: &[String], places_list: &str) -> Option<String> {
    let circle = gazetteer.circle()?;
    let hand_place = |name: &&str| gazetteer.entities[..origins.len()].iter().position(|e| e.name == *name && e.entity_type == "place");
    let origin = circle.iter().find_map(hand_place).map_or(places_list, |i| origins[i].as_str());
    Some(format!("{origin}: places inside each other in a circle: {}", circle.join(" in ")))
}

/// The gazetteer's entries with where each is defined, or every problem
/// with them: an unknown type, a name given twice, an alias claimed by two
/// entities (a text could not say which one it means), a parent or
/// membership of what is no place, a membership that ends before it begins.
fn known_entities(parsed: &[Parsed]) -> Result<Vec<(KnownEntity, String)>, Vec<String>> {
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
            // A place without aliases extends the generated place of its
            // name (checked once the generated places are in).
            if spec.aliases.is_empty() && spec.entity_type != "place" {
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
            if (spec.parent.is_some() || !spec.within.is_empty()) && spec.entity_type != "place" {
                problems.push(format!("{origin}: entity {}: only a place takes a parent or within", spec.name));
            }
            if spec.place.is_some() && !["event", "organization"].contains(&spec.entity_type.as_str()) {
                problems.push(format!("{origin}: entity {}: only an event or organization takes a place", spec.name));
            }
            match spec.years {
                Some(_) if spec.entity_type != "event" => {
                    problems.push(format!("{origin}: entity {}: only an event takes years", spec.name))
                }
                Some([first, last]) if last < first => {
                    problems.push(format!("{origin}: entity {}: years: {last} is before {first}", spec.name))
                }
                _ => {}
            }
            for m in &spec.within {
                match (m.from, m.until) {
                    (None, None) => problems.push(format!(
                        "{origin}: entity {}: within {} names no years (from, until): a place it always lies in is its parent",
                        spec.name, m.place
                    )),
                    (Some(from), Some(until)) if until < from => {
                        problems.push(format!("{origin}: entity {}: within {}: until {until} is before from {from}", spec.name, m.place))
                    }
                    _ => {}
                }
            }
            let within = spec.within.iter().map(|m| Membership { place: m.place.clone(), from: m.from, until: m.until }).collect();
            let entity = KnownEntity {
                name: spec.name.clone(),
                entity_type: spec.entity_type.clone(),
                aliases: spec.aliases.clone(),
                parent: spec.parent.clone(),
                within,
                years: spec.years.map(|[first, last]| (first, last)),
                place: spec.place.clone(),
                generated: false,
                spellings: Vec::new(),
            };
            entities.push((entity, origin));
        }
    }
    if problems.is_empty() {
        Ok(entities)
    } else {
        Err(problems)
    }
}

/// Which measures answer the same question: the `[[comparable]]` groups and
/// `ungrouped_measures`, each measure checked against the schema.
fn questions(parsed: &[Parsed], problems: &mut Vec<String>) -> Questions {
    let mut comparable: BTreeMap<String, String> = BTreeMap::new();
    let mut grouped_at: BTreeMap<String, String> = BTreeMap::new();
    let mut ungrouped = std::collections::BTreeSet::new();
    for p in parsed {
        let file = &p.file;
        for measure in &file.ungrouped_measures {
            if !MEASURES.contains(&measure.as_str()) {
                problems.push(format!("{}: ungrouped measure {measure:?} is not one of {}", p.at_key("ungrouped_measures"), MEASURES.join(", ")));
            }
            ungrouped.insert(measure.clone());
        }
        for spec in &file.comparable {
            let origin = p.at(spec.span().start);
            let spec = spec.get_ref();
            for measure in std::iter::once(&spec.measure).chain(&spec.measures) {
                if !MEASURES.contains(&measure.as_str()) {
                    problems.push(format!("{origin}: comparable: measure {measure:?} is not one of {}", MEASURES.join(", ")));
                }
                if let Some(first) = grouped_at.insert(measure.clone(), origin.clone()) {
                    problems.push(format!("{origin}: comparable: measure {measure} is already in the group at {first}"));
                }
                comparable.insert(measure.clone(), spec.measure.clone());
            }
        }
    }
    for measure in ungrouped.iter().filter(|m| grouped_at.contains_key(*m)) {
        problems.push(format!("{}: measure {measure} is both ungrouped and in a comparable group", grouped_at[measure]));
    }
    Questions::new(comparable, ungrouped)
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

    fn compile_alone(sources: &[Source]) -> Result<RuleSet, Vec<String>> {
        compile(sources, &|path| Err(format!("{path}: no such list")))
    }

    #[test]
    fn generated_lists_and_parents_are_checked_with_their_lines() {
        let lexicon = "[lexicon.generated]\nplaces = \"lexicons/places.tsv\"\nverbs = \"x.txt\"\n\n[[entity]]\nname = \"A\"\ntype = \"place\"\naliases = [\"A\"]\nparent = \"Nowhere\"\n\n[[entity]]\nname = \"E\"\ntype = \"event\"\nplace = \"Atlantis\"\naliases = [\"E\"]\n";
        let read = |path: &str| -> Result<Source, String> {
            Ok(Source { path: PathBuf::from("rules").join(path), text: "name\tkind\tparent\tcode\tspellings\nB\tcity\n".into() })
        };
        let joined = compile(&[source("lex.toml", lexicon)], &read).unwrap_err().join("\n");
        assert!(joined.contains("lex.toml:3: generated list \"verbs\" is not one of"), "{joined}");
        assert!(joined.contains("rules/lexicons/places.tsv:2: 2 fields, not 5"), "{joined}");
        assert!(joined.contains("lex.toml:5: entity A: \"Nowhere\" is not a place the gazetteer knows"), "{joined}");
        assert!(joined.contains("lex.toml:11: entity E: \"Atlantis\" is not a place the gazetteer knows"), "{joined}");
    }

    #[test]
    fn only_an_event_or_organization_takes_a_place() {
        let text = "[[entity]]\nname = \"P\"\ntype = \"place\"\nplace = \"Q\"\naliases = [\"P\"]\n";
        let joined = compile_alone(&[source("e.toml", text)]).unwrap_err().join("\n");
        assert!(joined.contains("e.toml:1: entity P: only an event or organization takes a place"), "{joined}");
    }

    #[test]
    fn places_inside_others_are_checked_with_their_lines() {
        let entity = |name: &str, rest: &str| format!("[[entity]]\nname = \"{name}\"\ntype = \"place\"\n{rest}\n");
        let problems = |entities: &[String]| compile_alone(&[source("p.toml", &entities.concat())]).unwrap_err().join("\n");
        let a_in_b = entity("A", "aliases = [\"A\"]\nparent = \"B\"\n");
        let b_in_a = |years: &str| entity("B", &format!("aliases = [\"B\"]\nwithin = [{{ place = \"A\"{years} }}]\n"));

        let c_always_in_a = entity("C", "aliases = [\"C\"]\nwithin = [{ place = \"A\" }]\n");
        let joined = problems(&[a_in_b.clone(), b_in_a(", from = 1950, until = 1940"), c_always_in_a]);
        assert!(joined.contains("p.toml:7: entity B: within A: until 1940 is before from 1950"), "{joined}");
        assert!(joined.contains("p.toml:13: entity C: within A names no years"), "{joined}");

        let joined = problems(&[a_in_b, b_in_a(", from = 1940"), entity("D", "")]);
        assert!(joined.contains("p.toml:1: places inside each other in a circle: A in B in A"), "{joined}");
        assert!(joined.contains("p.toml:13: entity D has no aliases and is no place of the generated list"), "{joined}");
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let text = "[[rule]]\nid = \"a\"\nkind = \"figure\"\ndescription = \"\"\npattern = '(x'\n\n[[rule]]\nid = \"b\"\nkind = \"figure\"\ndescription = \"\"\npattern = '{nope}'\n";
        let problems = compile_alone(&[source("bad.toml", text)]).unwrap_err();
        assert!(problems.iter().any(|p| p.starts_with("bad.toml:5: rule a: broken regex")), "{problems:?}");
        assert!(problems.iter().any(|p| p.starts_with("bad.toml:11: rule b: unknown fragment {nope}")), "{problems:?}");
    }

    #[test]
    fn gazetteer_and_entity_rule_problems_are_reported_with_their_line() {
        let text = "[[entity]]\nname = \"A\"\ntype = \"planet\"\naliases = [\"X\"]\n\n[[entity]]\nname = \"B\"\ntype = \"place\"\naliases = [\"X\"]\n\n[[rule]]\nid = \"e\"\nkind = \"entity\"\ndescription = \"\"\npattern = 'x'\n";
        let problems = compile_alone(&[source("ent.toml", text)]).unwrap_err();
        let joined = problems.join("\n");
        assert!(joined.contains("ent.toml:11: rule e: an entity rule needs entity_type"), "{joined}");
        assert!(joined.contains("ent.toml:15: rule e: an entity rule needs a group named `name`"), "{joined}");
        assert!(joined.contains("ent.toml:1: entity A: type \"planet\""), "{joined}");
        assert!(joined.contains("ent.toml:6: entity B: alias \"X\" already names A at ent.toml:1"), "{joined}");
    }

    #[test]
    fn vocabulary_values_are_checked_on_load() {
        let text = "[lexicon.units.money]\nKZTT = [\"tenge\"]\n\n[context.measures]\nkiled = [\"killed\"]\n";
        let joined = compile_alone(&[source("voc.toml", text)]).unwrap_err().join("\n");
        assert!(joined.contains("voc.toml:2: unit \"KZTT\" is not one of"), "{joined}");
        assert!(joined.contains("voc.toml:5: measure \"kiled\" is not one of"), "{joined}");
    }

    #[test]
    fn every_unknown_field_and_the_problems_behind_it_are_reported() {
        let text = "[[rule]]\nid = \"a\"\nbogus = [\n  1,\n]\nkind = \"figure\"\ndescription = \"\"\npattern = '(x'\n\n[[rule]]\nid = \"a\"\nkind = \"figure\"\nalso_bogus = { x = 1 }\ndescription = \"\"\npattern = '{frag}'\n";
        let problems = compile_alone(&[source("one.toml", text), source("two.toml", "[fragments]\nfrag = 'y'\n[lexicon]\nnope = 1\n")]).unwrap_err();
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
