//! Named entities in one text: the gazetteer's known names first, then the
//! pattern rules for names it does not know, then later mentions of the
//! names those patterns found; each located and written as a mention. The
//! names and patterns are data in `rules/entities.toml`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;

use aho_corasick::AhoCorasick;

use super::locator::Locator;
use crate::contract::MentionCandidate;
use crate::rules::RuleSet;
use crate::text::{is_whole_word, squash, LineStarts, SpanSet};

/// The rule id of a mention found by the gazetteer.
pub const GAZETTEER_RULE: &str = "entity.gazetteer";
/// The rule id of a later mention of a name a pattern rule found in the same
/// document (the full name again, or a person's surname alone).
pub const NAME_AGAIN_RULE: &str = "entity.name_again";

/// Every mention of a named entity in one text, with provenance.
pub fn mentions(locator: &mut Locator, sha256: &str, rules: &RuleSet) -> Vec<MentionCandidate> {
    let text = locator.text;
    find_names(rules, text)
        .into_iter()
        .map(|m| {
            let at = locator.locate("men", m.span.clone());
            MentionCandidate {
                mention_id: at.id,
                doc_id: locator.doc_id.to_string(),
                entity_name: m.name,
                entity_type: m.entity_type,
                rule: m.rule,
                quote: text[m.span.clone()].to_string(),
                char_start: at.char_start,
                char_end: at.char_end,
                byte_start: m.span.start as i64,
                byte_end: m.span.end as i64,
                line: at.line,
                source_sha256: sha256.to_string(),
            }
        })
        .collect()
}

/// One mention of a named entity: where it stands, the entity's name and
/// type, and the rule that found it.
#[derive(Debug, Clone, PartialEq)]
pub struct NameMatch {
    pub span: Range<usize>,
    pub name: String,
    pub entity_type: String,
    pub rule: String,
}

/// Every mention of a named entity in `text`, in text order, none
/// overlapping. The gazetteer's names claim their spans first; pattern
/// matches are resolved like figure rules (priority, then length, then
/// position) among the spans left; then the names the patterns found are
/// looked for again in the rest of the text.
pub fn find_names(rules: &RuleSet, text: &str) -> Vec<NameMatch> {
    let gazetteer = &rules.lexicon.gazetteer;
    let mut mentions: Vec<NameMatch> = gazetteer
        .find(text)
        .into_iter()
        .map(|(span, entity)| NameMatch {
            span,
            name: entity.name.clone(),
            entity_type: entity.entity_type.clone(),
            rule: GAZETTEER_RULE.to_string(),
        })
        .collect();

    // (priority, rule, name span) of every pattern match
    let mut candidates: Vec<(i32, usize, Range<usize>)> = Vec::new();
    let lines = LineStarts::new(text);
    let mut heading_by_line: HashMap<usize, bool> = HashMap::new();
    for hit in rules.scan.entities.scan(text) {
        let Some(name) = hit.group("name") else { continue };
        let line = lines.line_around(name.start);
        if *heading_by_line.entry(line.start).or_insert_with(|| is_heading(&text[line])) {
            continue;
        }
        if let Some(span) = without_leading_non_names(text, name, &rules.lexicon.not_names) {
            candidates.push((rules.rules[hit.rule].priority, hit.rule, span));
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(b.2.len().cmp(&a.2.len())).then(a.2.start.cmp(&b.2.start)));
    let mut taken = SpanSet::default();
    mentions.iter().for_each(|m| taken.insert(&m.span));
    let mut found_by_patterns: Vec<NameMatch> = Vec::new();
    for (_, index, span) in candidates {
        if taken.overlaps(&span) {
            continue;
        }
        taken.insert(&span);
        let rule = &rules.rules[index];
        found_by_patterns.push(NameMatch {
            name: squash(&text[span.clone()]),
            span,
            entity_type: rule.entity_type.clone().unwrap_or_default(),
            rule: rule.id.clone(),
        });
    }
    mentions.extend(found_by_patterns.iter().cloned());
    mentions.extend(names_again(text, &found_by_patterns, taken, &rules.lexicon.not_names));
    mentions.sort_by_key(|m| (m.span.start, m.span.end));
    mentions
}

/// A title-case line ("Eyewitness Accounts from Almaty; Analysis from
/// Russian Anarchists"): at least three words of five letters or more, nearly
/// all capitalized.
fn is_heading(line: &str) -> bool {
    let long_words: Vec<&str> =
        line.split_whitespace().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 5).collect();
    let capitalized = long_words.iter().filter(|w| w.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase)).count();
    long_words.len() >= 3 && capitalized * 5 >= long_words.len() * 4
}

/// A pattern's name without the sentence-opening words in front of it ("Then
/// Aida Bek" → "Aida Bek"); `None` when nothing of a name is left.
fn without_leading_non_names(text: &str, mut span: Range<usize>, not_names: &BTreeSet<String>) -> Option<Range<usize>> {
    loop {
        let inside = &text[span.clone()];
        let first_end = inside.find(char::is_whitespace);
        let first = &inside[..first_end.unwrap_or(inside.len())];
        if !not_names.contains(first) {
            return Some(span);
        }
        let rest = first_end?;
        let skip = inside[rest..].find(|c: char| !c.is_whitespace())?;
        span.start += rest + skip;
    }
}

/// Later mentions of the names the patterns found: the whole name again
/// anywhere in the text, and a person's surname on its own ("Aida Bekova …
/// Bekova said"), where no other mention stands.
fn names_again(text: &str, found: &[NameMatch], mut taken: SpanSet, not_names: &BTreeSet<String>) -> Vec<NameMatch> {
    // Each distinct name or surname once, in the order found; a later
    // search for the same string could only find spans already taken.
    let mut searches: Vec<(String, &NameMatch)> = Vec::new();
    let mut searched: HashSet<String> = HashSet::new();
    for found in found {
        let mut needles = vec![text[found.span.clone()].to_string()];
        let words: Vec<&str> = found.name.split(' ').collect();
        if found.entity_type == "person" && words.len() > 1 {
            let surname = words[words.len() - 1];
            if surname.chars().count() >= 4 && !not_names.contains(surname) {
                needles.push(surname.to_string());
            }
        }
        for needle in needles {
            if searched.insert(needle.clone()) {
                searches.push((needle, found));
            }
        }
    }
    if searches.is_empty() {
        return Vec::new();
    }
    // Every occurrence of every name in one pass over the text, then taken
    // name by name in the order of the searches, each name's occurrences
    // left to right and not overlapping one another (as `match_indices`
    // gives them).
    let finder = AhoCorasick::new(searches.iter().map(|(needle, _)| needle)).expect("names build an automaton");
    let mut occurrences: Vec<(usize, Range<usize>)> =
        finder.find_overlapping_iter(text).map(|m| (m.pattern().as_usize(), m.range())).collect();
    occurrences.sort_by_key(|(search, span)| (*search, span.start));
    let mut again: Vec<NameMatch> = Vec::new();
    let mut previous: Option<(usize, usize)> = None;
    for (search, span) in occurrences {
        if previous.is_some_and(|(s, end)| s == search && span.start < end) {
            continue;
        }
        previous = Some((search, span.end));
        if !is_whole_word(text, &span) || taken.overlaps(&span) {
            continue;
        }
        taken.insert(&span);
        let found = searches[search].1;
        again.push(NameMatch {
            span,
            name: found.name.clone(),
            entity_type: found.entity_type.clone(),
            rule: NAME_AGAIN_RULE.to_string(),
        });
    }
    again
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_lines_of_capitalized_words() {
        assert!(is_heading("Money Woes Keep Kyrgyz Archives Closed"));
        assert!(is_heading("Eyewitness Accounts from Almaty; Analysis from Russian Anarchists"));
        assert!(!is_heading("The historian Aida Bekova found the lists in Almaty."));
    }

    #[test]
    fn leading_sentence_words_are_not_part_of_a_name() {
        let not_names: BTreeSet<String> = ["Then".to_string(), "But".to_string()].into();
        let text = "But Then Aida Bek";
        let span = without_leading_non_names(text, 0..text.len(), &not_names).unwrap();
        assert_eq!(&text[span], "Aida Bek");
        assert_eq!(without_leading_non_names("Then", 0..4, &not_names), None);
    }
}
