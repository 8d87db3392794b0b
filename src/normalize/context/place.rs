//! Where a figure is (`figures.place`): the gazetteer's places named in its
//! sentence and paragraph (extract's mentions), read by how the text names
//! them — as the setting, as an origin or ruling power, as an owner, only in
//! comparison — and, where the sentence names none, the places its
//! adjectives and nouns of people name ("Crimean Tatars", "чеченцев").

use std::ops::Range;

use super::passage::Attribution;
use super::sentence::{asides, without_brackets, words, Aside, Sentence};
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
/// lies ("the Jambyl region of South Kazakhstan", "Zhanaozen in western
/// Kazakhstan") is left out: the first is the more precise. All places of a
/// list after "from" ("from Kyrgyzstan, Uzbekistan, and [the territory of]
/// X") are origins.
fn place_mentions<'l>(text: &str, places: &[(Range<usize>, &'l str)], moves_people: bool, lexicon: &Lexicon) -> Vec<PlaceMention<'l>> {
    let words = &lexicon.words;
    let mut mentions: Vec<PlaceMention> = Vec::new();
    for (i, (span, place)) in places.iter().enumerate() {
        if i > 0 && locates(&text[places[i - 1].0.end..span.start], places[i - 1].1, place, lexicon) {
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

/// " of South ": the text between two places when the second contains the
/// first; " in western " when the gazetteer has it inside ("Zhanaozen in
/// western Kazakhstan", not "troops from Belarus in Kazakhstan").
fn locates(between: &str, first: &str, second: &str, lexicon: &Lexicon) -> bool {
    let mut words = between.split_whitespace();
    let lead = words.next();
    let short = words.clone().count() <= 2 && words.all(|w| w.chars().all(char::is_alphabetic));
    short && (lead == Some("of") || (lead == Some("in") && lexicon.gazetteer.is_within_in(first, second, None)))
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
/// the sentence; a place in the name of a source. A sentence that names no
/// place may name one by its place words ([`place_word`]): those of the
/// counted noun phrase come next, then, when it has no place words, the
/// place of an event it names ("during Jeltoqsan": Almaty), then the last
/// place of the paragraph so far, then the sentence's other place words;
/// the caller falls back on the section and the document.
pub fn place(
    sentence: &Sentence,
    places: &[(Range<usize>, &str)],
    event_places: &[(Range<usize>, &str)],
    sources: &[Attribution],
    before: &Passage,
    measure: &str,
    lexicon: &Lexicon,
) -> Option<String> {
    let moves_people = lexicon.words.movement_measures.contains(measure);
    let sentence_asides = asides(sentence.text, &lexicon.words);
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
        return Some(common_place(sentence.text, &mentions, m, lexicon));
    }
    let word = place_word(sentence, &sentence_asides, sources, lexicon);
    if word.is_some_and(|w| w.counted) {
        return word.map(|w| w.place.to_string());
    }
    let event_place = event_places
        .iter()
        .filter(|(span, _)| sentence.speaks_of_the_number(&sentence_asides, span))
        .min_by_key(|(span, _)| sentence.distance(span));
    if let (Some((_, place)), None) = (event_place, word) {
        return Some(place.to_string());
    }
    let paragraph_asides = asides(before.text, &lexicon.words);
    let in_paragraph: Vec<PlaceMention> = place_mentions(before.text, &before.places, moves_people, lexicon)
        .into_iter()
        .filter(|m| !paragraph_asides.iter().any(|a| contains(&a.span, &m.span)))
        .filter(|m| !before.jurisdictions.contains(&m.span))
        .collect();
    let paragraph = in_paragraph.iter().rev().find(|m| !m.elsewhere).or(in_paragraph.last()).map(|m| m.place);
    paragraph.or(word.map(|w| w.place)).map(str::to_string)
}

/// The place a sentence names by its place words, and whether they stand
/// in the counted noun phrase.
#[derive(Clone, Copy)]
struct SentencePlace<'l> {
    place: &'l str,
    counted: bool,
}

/// The place a sentence that names none names by the place words of
/// `rules/lexicons/place-words.tsv`, adjectives and nouns of people: those
/// in the counted noun phrase ("300,000 Crimean Tatars", "190 тысяч
/// крымских татар"), else those elsewhere in the sentence ("Soviet
/// authorities executed 700 people"), else those in the name of a source
/// ("according to Soviet data"), when they all name one place: "three
/// quarters of the Chechens and Crimean Tatars" are of no one of them. A
/// word that does not stand alone (an adjective, a singular noun) names a
/// place only before a noun ("translated into Turkish" is a language), and
/// none names one before an era word ("in the Soviet era" is a time); a
/// word in an aside that does not hold the number says nothing of it.
fn place_word<'l>(sentence: &Sentence, asides: &[Aside], sources: &[Attribution], lexicon: &'l Lexicon) -> Option<SentencePlace<'l>> {
    let text = sentence.text;
    let quote = &sentence.quote;
    let found: Vec<(Range<usize>, &str)> = words(text)
        .filter(|span| !contains(span, quote) && sentence.speaks_of_the_number(asides, span))
        .filter_map(|span| {
            let word = lexicon.place_words.place_of(&text[span.clone()])?;
            let next = next_word(text, span.end, lexicon);
            let named = next.is_some_and(|next| !lexicon.words.era_words.contains(&next.to_lowercase()));
            (named || word.alone && next.is_none()).then_some((span, word.place))
        })
        .collect();
    let in_source = |span: &Range<usize>| sources.iter().any(|s| contains(&s.source, span));
    let phrase_end = quote.end + counted_phrase_len(&text[quote.end..], lexicon);
    let counted = |span: &Range<usize>| span.start >= quote.end && span.end <= phrase_end;
    let one_place = |spans: Vec<&(Range<usize>, &'l str)>| -> Option<&'l str> {
        let (_, first) = spans.first()?;
        spans.iter().all(|(_, place)| place == first).then_some(*first)
    };
    let in_phrase: Vec<_> = found.iter().filter(|(span, _)| counted(span)).collect();
    if !in_phrase.is_empty() {
        return one_place(in_phrase).map(|place| SentencePlace { place, counted: true });
    }
    let (in_sources, free): (Vec<_>, Vec<_>) = found.iter().partition(|(span, _)| in_source(span));
    let place = if free.is_empty() { one_place(in_sources) } else { one_place(free) };
    place.map(|place| SentencePlace { place, counted: false })
}

/// The word a place word qualifies: the first after it past commas, list
/// joints and other capitalized or place words ("German and Belgian
/// colonists", "чеченцев и крымских татар"), unless a function word comes
/// first; `None` when there is none.
fn next_word<'t>(text: &'t str, from: usize, lexicon: &Lexicon) -> Option<&'t str> {
    let mut end = from;
    for span in words(&text[from..]) {
        let span = from + span.start..from + span.end;
        if text[end..span.start].chars().any(|c| !c.is_whitespace() && c != ',') {
            return None;
        }
        let word = &text[span.clone()];
        let lower = word.to_lowercase();
        let joins = lexicon.words.list_joints.contains(&lower) || lexicon.place_words.place_of(word).is_some_and(|w| !w.alone);
        if !joins {
            return (!lexicon.words.function_words.contains(&lower)).then_some(word);
        }
        end = span.end;
    }
    None
}

/// How far the counted noun phrase after a number reaches: its words up to
/// a punctuation mark or a function word, past the words that open it ("of
/// the") and across list joints ("Chechen and Ingush people"), six words at
/// most: "300,000 Crimean Tatars were deported" counts "Crimean Tatars".
fn counted_phrase_len(after: &str, lexicon: &Lexicon) -> usize {
    let lists = &lexicon.words;
    let (mut end, mut taken) = (0, 0);
    for span in words(after) {
        if after[end..span.start].chars().any(|c| !c.is_whitespace()) {
            break;
        }
        let word = after[span.clone()].to_lowercase();
        let opens = taken == 0 && lists.noun_phrase_openers.contains(&word);
        if !opens && !lists.list_joints.contains(&word) && lists.function_words.contains(&word) {
            break;
        }
        end = span.end;
        taken += usize::from(!opens);
        if taken == 6 {
            break;
        }
    }
    end
}

/// The place of a list that names several ("arrested at protests in
/// Gomel, Brest and Grodno"): the nearest place they all lie in (Belarus),
/// else the one chosen.
fn common_place(text: &str, mentions: &[PlaceMention], chosen: &PlaceMention, lexicon: &Lexicon) -> String {
    let at = mentions.iter().position(|m| m.span == chosen.span).unwrap_or(0);
    let joined = |a: &PlaceMention, b: &PlaceMention| only_list_joints(&text[a.span.end..b.span.start], lexicon);
    let (mut first, mut last) = (at, at);
    while first > 0 && joined(&mentions[first - 1], &mentions[first]) {
        first -= 1;
    }
    while last + 1 < mentions.len() && joined(&mentions[last], &mentions[last + 1]) {
        last += 1;
    }
    let list: Vec<&str> = mentions[first..=last].iter().map(|m| m.place).collect();
    if list.iter().all(|p| *p == chosen.place) {
        return chosen.place.to_string();
    }
    let gazetteer = &lexicon.gazetteer;
    let around = gazetteer.around(list[0]);
    let inside = |place: &str, outer: &str| place == outer || gazetteer.is_within_in(place, outer, None);
    around.into_iter().find(|outer| list.iter().all(|p| inside(p, outer))).unwrap_or(chosen.place).to_string()
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
