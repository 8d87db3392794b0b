//! Where a figure is (`figures.place`): the gazetteer's places named in its
//! sentence and paragraph (extract's mentions), read by how the text names
//! them — as the setting, as an origin or ruling power, as an owner, only in
//! comparison.

use std::ops::Range;

use super::passage::Attribution;
use super::sentence::{asides, without_brackets, Sentence};
use super::passage::Passage;
use crate::rules::lexicon::Lexicon;
use crate::text::{contains, last_word};

/// A place named in a text, and how the text names it.
struct PlaceMention<'l> {
    span: Range<usize>,
    place: &'l str,
    /// Named as where people or things come from ("troops from Belarus
    /// arrived in Kazakhstan") or as the power they were under ("an uprising
    /// under the USSR"), not as where the figure happens.
    elsewhere: bool,
    /// Named as an owner: "Kazakhstan's law" is not where a thing happens.
    possessive: bool,
}

/// Whether the words just before a place compare with it.
fn compares(before: &str, lexicon: &Lexicon) -> bool {
    let words: Vec<&str> = before.split_whitespace().collect();
    let tail = words[words.len().saturating_sub(4)..].join(" ").to_lowercase();
    lexicon.words.comparison_markers.iter().any(|marker| tail.contains(marker))
}

/// The places of a text, each with how it is named. A place the text only
/// compares with is left out. A place that only says where the one before it
/// lies ("the Jambyl region of South Kazakhstan") is left out: the first is
/// the more precise. All places of a list after "from" ("from Kyrgyzstan,
/// Uzbekistan, and [the territory of] X") are origins.
fn place_mentions<'l>(text: &str, places: &[(Range<usize>, &'l str)], moves_people: bool, lexicon: &Lexicon) -> Vec<PlaceMention<'l>> {
    let words = &lexicon.words;
    let mut mentions: Vec<PlaceMention> = Vec::new();
    for (i, (span, place)) in places.iter().enumerate() {
        if i > 0 && locates(&text[places[i - 1].0.end..span.start]) {
            continue;
        }
        let before = without_brackets(&text[..span.start]);
        if compares(&before, lexicon) {
            continue;
        }
        let mut head = before.trim_end();
        while words.articles.contains(&last_word(head).to_lowercase()) {
            head = head[..head.len() - last_word(head).len()].trim_end();
        }
        // People moved ("deported from Crimea to Central Asia") are counted
        // where they were taken from: the destination is elsewhere, the
        // origin is not.
        let marker = last_word(head).to_lowercase();
        let elsewhere = if moves_people {
            words.destination_markers.contains(&marker)
        } else {
            words.elsewhere_markers.contains(&marker)
        } || mentions.last().is_some_and(|m| m.elsewhere && only_list_joints(&text[m.span.end..span.start], lexicon));
        let (named, after) = (&text[span.clone()], &text[span.end..]);
        let possessive = ["’s", "'s"].iter().any(|s| named.ends_with(s) || after.starts_with(s));
        mentions.push(PlaceMention { span: span.clone(), place, elsewhere, possessive });
    }
    mentions
}

/// " of South ": the text between two places when the second contains the first.
fn locates(between: &str) -> bool {
    let mut words = between.split_whitespace();
    words.next() == Some("of") && words.clone().count() <= 2 && words.all(|w| w.chars().all(char::is_alphabetic))
}

/// ", ", ", and ", " or ", "and [the territory of] ": nothing but list joints.
fn only_list_joints(between: &str, lexicon: &Lexicon) -> bool {
    without_brackets(between)
        .split(|c: char| c.is_whitespace() || c == ',')
        .all(|w| w.is_empty() || lexicon.words.list_joints.contains(&w.to_lowercase()))
}

/// The place the sentence ties the number to. Places in an aside that does
/// not hold the number are not its places, and after the number one named
/// as an owner ("Kazakhstan's law") comes after one named as a location. In
/// order: one named in the number's own clause after it ("about 10,000 in
/// Kyrgyzstan"; a list after "from" does not end the clause); an origin in
/// that clause ("two anarchists from Almaty": where those counted come
/// from, when no other place is named for them); the nearest place before
/// the number; the first after it; an origin or ruling power elsewhere in
/// the sentence; a place in the name of a source; then the last place of the
/// paragraph so far.
pub fn place(
    sentence: &Sentence,
    places: &[(Range<usize>, &str)],
    sources: &[Attribution],
    before: &Passage,
    measure: &str,
    lexicon: &Lexicon,
) -> Option<String> {
    let moves_people = lexicon.words.movement_measures.contains(measure);
    let sentence_asides = asides(sentence.text, &lexicon.words.relative_pronouns);
    let mentions: Vec<PlaceMention> = place_mentions(sentence.text, places, moves_people, lexicon)
        .into_iter()
        .filter(|m| sentence.speaks_of_the_number(&sentence_asides, &m.span))
        .collect();
    let quote = &sentence.quote;
    // "Kazakhstan's Interior Ministry": a place in a source's name is its
    // jurisdiction, a weak hint; "said Jane Doe of Almaty": a place beside
    // the name is the speaker's, none at all.
    let in_source = |m: &PlaceMention| sources.iter().any(|s| contains(&s.source, &m.span));
    let beside_source = |m: &PlaceMention| sources.iter().any(|s| contains(&s.whole, &m.span) && !contains(&s.source, &m.span));
    let lists_elsewhere = lists_elsewhere(&mentions);
    let clause_end = sentence.text[quote.end..]
        .match_indices([',', ';', ':', '(', ')', '—', '–'])
        .map(|(i, _)| quote.end + i)
        .find(|&at| !lists_elsewhere.iter().any(|l| l.start < at && at < l.end))
        .unwrap_or(sentence.text.len());
    let in_clause_after = |m: &PlaceMention| m.span.start >= quote.end && m.span.end <= clause_end;
    let before_quote = |m: &PlaceMention| m.span.end <= quote.start;
    let after = |m: &PlaceMention| m.span.start >= quote.end;
    let free = |m: &&PlaceMention| !in_source(m) && !beside_source(m);
    let settings: Vec<&PlaceMention> = mentions.iter().filter(|m| !m.elsewhere).filter(free).collect();
    let elsewhere: Vec<&PlaceMention> = mentions.iter().filter(|m| m.elsewhere).filter(free).collect();
    let chosen = settings
        .iter()
        .find(|m| in_clause_after(m) && !m.possessive)
        .or_else(|| settings.iter().find(|m| in_clause_after(m)))
        .or_else(|| elsewhere.iter().find(|m| in_clause_after(m)))
        .or_else(|| settings.iter().rev().find(|m| before_quote(m)))
        .or_else(|| settings.iter().find(|m| after(m) && !m.possessive))
        .or_else(|| settings.iter().find(|m| after(m)))
        .or_else(|| elsewhere.iter().rev().find(|m| before_quote(m)))
        .or_else(|| elsewhere.iter().find(|m| after(m)))
        .copied()
        .or_else(|| mentions.iter().find(|m| in_source(m)));
    if let Some(m) = chosen {
        return Some(m.place.to_string());
    }
    let paragraph_asides = asides(before.text, &lexicon.words.relative_pronouns);
    let in_paragraph: Vec<PlaceMention> = place_mentions(before.text, &before.places, moves_people, lexicon)
        .into_iter()
        .filter(|m| !paragraph_asides.iter().any(|a| contains(&a.span, &m.span)))
        .collect();
    in_paragraph.iter().rev().find(|m| !m.elsewhere).or(in_paragraph.last()).map(|m| m.place.to_string())
}

/// The spans of the lists of places named elsewhere: "from Belarus, Russia,
/// and Armenia".
fn lists_elsewhere(mentions: &[PlaceMention]) -> Vec<Range<usize>> {
    let mut lists: Vec<Range<usize>> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if !m.elsewhere {
            continue;
        }
        match lists.last_mut() {
            Some(list) if i > 0 && mentions[i - 1].elsewhere && mentions[i - 1].span.end == list.end => list.end = m.span.end,
            _ => lists.push(m.span.clone()),
        }
    }
    lists
}
