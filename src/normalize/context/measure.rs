//! What a number counts (`figures.measure`): the trigger words of
//! `[context.measures]` in its sentence, read by how they stand to the
//! number.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::passage::Attribution;
use super::sentence::Sentence;
use crate::rules::lexicon::Lexicon;
use crate::text::{is_word_start, last_word, lowercase_with_origin};

/// A measure trigger found in a text: the whole word (or words) it starts,
/// and the measure it signals.
struct Trigger<'l> {
    word: Range<usize>,
    measure: &'l str,
}

/// Every trigger word of the text, in order, skipping words inside a named
/// source (who gives a figure is not what it counts: "according to the State
/// Archive" says nothing about records). Where two triggers start at the same
/// word, the longer one is the more specific ("deaths" before "death"), and a
/// trigger inside another is part of it.
fn triggers<'l>(text: &str, sources: &[Attribution], lexicon: &'l Lexicon) -> Vec<Trigger<'l>> {
    let Some(finder) = &lexicon.measure_finder else { return Vec::new() };
    let (lowered, origin) = lowercase_with_origin(text);
    // start → (length, which word, end); at one start the longest word wins,
    // and of two as long the one listed first.
    let mut found: BTreeMap<usize, (usize, usize, usize)> = BTreeMap::new();
    for m in finder.find_overlapping_iter(&lowered) {
        let (at, word) = (m.start(), m.pattern().as_usize());
        let start = origin[at];
        if !is_word_start(&lowered, at) || sources.iter().any(|s| s.source.start <= start && start < s.source.end) {
            continue;
        }
        let better = |(len, index, _): &(usize, usize, usize)| m.len() > *len || (m.len() == *len && word < *index);
        if found.get(&start).is_none_or(better) {
            found.insert(start, (m.len(), word, origin[m.end()]));
        }
    }
    // A word inside a longer trigger is part of it ("dead" in "shot dead").
    let mut triggers: Vec<Trigger> = Vec::new();
    for (start, (_, word, end)) in found {
        if triggers.last().is_none_or(|last| last.word.end <= start) {
            triggers.push(Trigger { word: start..word_end(text, end), measure: lexicon.measures[word].1.as_str() });
        }
    }
    triggers
}

/// The measure of the first word of `[context.measures]`, in the order they
/// are listed, that begins a word of `text` (a lower-case noun phrase).
fn first_measure_word<'l>(text: &str, lexicon: &'l Lexicon) -> Option<&'l str> {
    let finder = lexicon.measure_finder.as_ref()?;
    let first = finder.find_overlapping_iter(text).filter(|m| is_word_start(text, m.start())).map(|m| m.pattern().as_usize()).min()?;
    Some(lexicon.measures[first].1.as_str())
}

fn word_end(text: &str, at: usize) -> usize {
    text[at..].find(|c: char| !c.is_alphanumeric()).map_or(text.len(), |i| at + i)
}

/// The measure of a count or share. In order: the trigger that governs the
/// number (the verb whose object it is, "rehabilitating thousands of
/// victims", "killed 3 guards", or the noun it completes, "the deaths of
/// hundreds": it says what happened to those counted), unless that word
/// names people ("the soldiers of six nations’ armies" counts nations);
/// the counted noun ("defendants"); for a count of things ("two gun
/// stores"), nothing more: the fates of people around it are not what it
/// counts; else the trigger nearest the number. `None` when nothing in the
/// sentence says.
pub fn measure(
    sentence: &Sentence,
    counted_noun: Option<&str>,
    counts_things: bool,
    sources: &[Attribution],
    clause_breaks: &[Range<usize>],
    lexicon: &Lexicon,
) -> Option<String> {
    let of_the_noun = counted_noun.and_then(|noun| first_measure_word(noun, lexicon)).map(str::to_string);
    let found = triggers(sentence.text, sources, lexicon);
    let mut head = sentence.text[..sentence.quote.start].trim_end();
    while lexicon.words.governed_by_skip.contains(&last_word(head).to_lowercase()) {
        head = head[..head.len() - last_word(head).len()].trim_end();
    }
    let names_people = |t: &Trigger| lexicon.person_nouns.contains(&sentence.text[t.word.clone()].to_lowercase());
    // "Пострадал 351 объект": what befalls people does not befall the
    // things a verb before them governs (a passive verb of their own may:
    // "1,200 families were deported").
    let befalls_them = |t: &Trigger| !counts_things || !lexicon.words.people_measures.contains(t.measure);
    if let Some(governing) = found.iter().find(|t| t.word.end == head.len() && !names_people(t) && befalls_them(t)) {
        return Some(governing.measure.to_string());
    }
    // The verb the number is the subject of, after it and its noun, before
    // the next punctuation or number ("more than 300 were arrested", "103
    // человека получили сроки"): what happened to those counted, before
    // what they are called. Things counted take only a passive verb of
    // their own ("1,200 families were deported"), not a verb coordinated
    // after them ("looted 14 shops and killed 3 guards").
    let quote = &sentence.quote;
    let next_stop = sentence.text[quote.end..].find(|c: char| c.is_ascii_digit() || ",;:—–(".contains(c)).map(|i| quote.end + i);
    let clause_end = clause_breaks
        .iter()
        .map(|b| b.start)
        .filter(|&s| s >= quote.end)
        .chain(next_stop)
        .min()
        .unwrap_or(sentence.text.len());
    // The word right after the number is its counted noun, not its verb.
    let after_noun = |t: &Trigger| !sentence.text[quote.end..t.word.start].trim().is_empty();
    let passive = |t: &Trigger| {
        let words: Vec<String> = sentence.text[quote.end..t.word.start].split_whitespace().map(str::to_lowercase).collect();
        words.iter().any(|w| lexicon.words.auxiliaries.contains(w)) && !words.iter().any(|w| lexicon.words.list_joints.contains(w))
    };
    let is_predicate = |t: &Trigger| {
        t.word.start >= quote.end && t.word.end <= clause_end && after_noun(t) && !names_people(t) && (!counts_things || passive(t))
    };
    if let Some(predicate) = found.iter().position(is_predicate) {
        if fates_listed_with(sentence.text, &found, predicate, lexicon) {
            return Some("victims".to_string());
        }
        return Some(found[predicate].measure.to_string());
    }
    if counts_things || of_the_noun.is_some() {
        return of_the_noun;
    }
    // A trigger in a clause before the number's, when the number's clause
    // has a verb of its own ("2 million fled, and 300,000 children were
    // separated"), tells of that clause's number. One after it may be the
    // verb of a list the number opens ("25,000 in Kazakhstan, …, and 15,700
    // in Tajikistan were executed").
    let own_verb = has_own_verb(sentence, clause_breaks, lexicon);
    let crosses =
        |word: &Range<usize>| own_verb && word.end <= quote.start && clause_breaks.iter().any(|b| word.end <= b.start && b.end <= quote.start);
    let own_clause: Vec<usize> = (0..found.len()).filter(|&i| !crosses(&found[i].word)).collect();
    let nearest = own_clause.into_iter().min_by_key(|&i| sentence.distance(&found[i].word))?;
    if fates_listed_with(sentence.text, &found, nearest, lexicon) {
        return Some("victims".to_string());
    }
    Some(found[nearest].measure.to_string())
}

/// "were detained, imprisoned, exiled, executed, or otherwise perished": a
/// list of three or more different fates around the nearest trigger counts
/// the victims of them all.
fn fates_listed_with(text: &str, found: &[Trigger], at: usize, lexicon: &Lexicon) -> bool {
    let joined = |a: &Trigger, b: &Trigger| {
        text[a.word.end..b.word.start]
            .split(|c: char| c.is_whitespace() || c == ',' || c == '/')
            .all(|w| w.is_empty() || lexicon.words.list_joints.contains(&w.to_lowercase()))
    };
    let mut first = at;
    while first > 0 && joined(&found[first - 1], &found[first]) {
        first -= 1;
    }
    let mut last = at;
    while last + 1 < found.len() && joined(&found[last], &found[last + 1]) {
        last += 1;
    }
    let fates: BTreeSet<&str> = found[first..=last].iter().map(|t| t.measure).collect();
    fates.len() >= 3
}

/// A verb form by its ending or as an irregular past ("fled", "погибли",
/// "задержаны"), not a noun the lexicon knows for people.
pub fn is_verb_form(word: &str, lexicon: &Lexicon) -> bool {
    let words = &lexicon.words;
    if words.irregular_verbs.contains(word) {
        return true;
    }
    let stem_of = |ending: &str| word.chars().count() >= ending.chars().count() + 3 && word.ends_with(ending);
    !lexicon.person_nouns.contains(word) && words.verb_endings.iter().any(stem_of)
}

/// Whether the clause a number stands in has a verb of its own after it
/// ("… and 300,000 children were separated"), unlike a list item that
/// shares the verb of the clause before it ("… and some 300 in
/// Tajikistan").
fn has_own_verb(sentence: &Sentence, clause_breaks: &[Range<usize>], lexicon: &Lexicon) -> bool {
    let quote = &sentence.quote;
    let end = clause_breaks.iter().map(|b| b.start).filter(|&s| s >= quote.end).min().unwrap_or(sentence.text.len());
    sentence.text[quote.end..end]
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(str::to_lowercase)
        .any(|w| lexicon.words.auxiliaries.contains(&w) || lexicon.people_verbs.contains(&w) || is_verb_form(&w, lexicon))
}
