//! Figure context from the sentence and its paragraph: what the number
//! counts (measure), where (place), when (period) and on whose word
//! (attributed_to). The words and patterns are data in `rules/context.toml`;
//! the few grammar words the rule files have no table for yet (relative
//! pronouns, "from", list joints, era words) are constants here and in
//! `figures.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::extract::records::{Candidate, DocumentRecord};
use crate::rules::{Lexicon, RuleKind, RuleSet};

/// A sentence with the quote's byte span inside it.
pub struct Sentence<'a> {
    pub text: &'a str,
    pub quote: Range<usize>,
}

impl<'a> Sentence<'a> {
    pub fn of(candidate: &'a Candidate) -> Sentence<'a> {
        let text = candidate.sentence.as_str();
        let start_chars = (candidate.char_start - candidate.sentence_char_start).max(0) as usize;
        let len_chars = (candidate.char_end - candidate.char_start).max(0) as usize;
        let byte_at = |chars: usize| text.char_indices().nth(chars).map_or(text.len(), |(b, _)| b);
        let start = byte_at(start_chars);
        let end = byte_at(start_chars + len_chars);
        Sentence { text, quote: start..end }
    }

    /// Byte distance from the quote to a span (0 when they touch or overlap).
    fn distance(&self, span: &Range<usize>) -> usize {
        if span.end <= self.quote.start {
            self.quote.start - span.end
        } else {
            span.start.saturating_sub(self.quote.end)
        }
    }

    /// Whether the sentence's own grammar ties a span to the number: not when
    /// the span sits in an aside that does not hold the number. A number in
    /// brackets still reads the other brackets: "($453.5 million in 2019) …
    /// ($131.3 million respectively)".
    fn speaks_of_the_number(&self, asides: &[Aside], span: &Range<usize>) -> bool {
        let in_brackets = asides.iter().any(|a| a.kind == AsideKind::Brackets && contains(&a.span, &self.quote));
        !asides.iter().any(|a| {
            contains(&a.span, span) && !contains(&a.span, &self.quote) && !(in_brackets && a.kind == AsideKind::Brackets)
        })
    }
}

/// What normalize knows of a document as a whole, for figures whose own
/// sentence and paragraph leave something unsaid.
#[derive(Debug, Default)]
pub struct DocumentContext {
    /// The place the document talks about most.
    pub main_place: Option<String>,
    /// The year the manifest says the document was published.
    pub published: Option<i32>,
    /// The year of publication, when the document reports events of its own
    /// time: the contexts of its figures name that year or the one before.
    /// A historical text published in 2021 says nothing of 2021.
    pub current_year: Option<i32>,
}

impl DocumentContext {
    pub fn of(document: &DocumentRecord, candidates: &[&Candidate], lexicon: &Lexicon) -> DocumentContext {
        let published = document.published.as_deref().and_then(year_of_date);
        let contexts = || candidates.iter().flat_map(|c| [c.sentence.as_str(), c.paragraph_before.as_str()]);
        let names = |year: i32| contexts().any(|t| periods_in(t).iter().any(|p| p.start <= year && year - 1 <= p.end));
        DocumentContext {
            main_place: main_place(candidates.iter().map(|c| c.sentence.as_str()), lexicon),
            published,
            current_year: published.filter(|&year| names(year)),
        }
    }
}

/// "2022", "2022-01", "2022-01-15" → 2022.
fn year_of_date(date: &str) -> Option<i32> {
    let year = date.get(..4)?;
    year.chars().all(|c| c.is_ascii_digit()).then(|| year.parse().ok()).flatten()
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// Words that open a relative clause: in "Bukeikhan, who was executed in
/// 1937 in Moscow, put the number at …" the year and place are the man's,
/// not the number's. ("when" is left out: a when-clause dates its sentence.)
const RELATIVE_PRONOUNS: &[&str] = &["who", "whom", "whose", "which", "where", "который", "которая", "которое", "которые", "где"];

/// A part of a sentence that speaks of something else than its main clause.
struct Aside {
    span: Range<usize>,
    kind: AsideKind,
}

#[derive(PartialEq)]
enum AsideKind {
    /// "($453.5 million in 2019)", "[the territory of]"
    Brackets,
    /// A quoted phrase: someone's words or a name ("“hotels in Vienna”").
    Quotation,
    /// ", who was executed in 1937 in Moscow,"
    RelativeClause,
}

/// The asides of a text. A Markdown link's text ("[Zhanaozen](#)") is
/// running text, not an aside.
fn asides(text: &str) -> Vec<Aside> {
    let mut found = Vec::new();
    let mut open: Vec<(char, usize)> = Vec::new();
    for (at, c) in text.char_indices() {
        let opener = match c {
            ')' => '(',
            ']' => '[',
            '”' => '“',
            '»' => '«',
            '"' if open.last().is_some_and(|(o, _)| *o == '"') => '"',
            '(' | '[' | '“' | '«' | '"' => {
                open.push((c, at));
                continue;
            }
            _ => continue,
        };
        let Some(depth) = open.iter().rposition(|(o, _)| *o == opener) else { continue };
        let start = open[depth].1;
        open.truncate(depth);
        let end = at + c.len_utf8();
        let kind = if matches!(opener, '(' | '[') { AsideKind::Brackets } else { AsideKind::Quotation };
        let link_text = c == ']' && text[end..].starts_with('(');
        if !link_text {
            found.push(Aside { span: start..end, kind });
        }
    }
    for (at, _) in text.match_indices(", ") {
        let clause = &text[at + 2..];
        let first_word: String = clause.chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
        if RELATIVE_PRONOUNS.contains(&first_word.as_str()) {
            let end = clause_punctuation(clause).map_or(text.len(), |i| at + 2 + i);
            found.push(Aside { span: at..end, kind: AsideKind::RelativeClause });
        }
    }
    found
}

/// Where a relative clause at the start of `text` ends: at a comma,
/// semicolon, dash, a bracket it did not open, or a full stop that ends a
/// sentence (not the one in "53.2").
fn clause_punctuation(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' if depth > 0 => depth -= 1,
            ')' | ']' => return Some(i),
            ',' | ';' | '!' | '?' | '—' | '–' if depth == 0 => return Some(i),
            '.' if depth == 0 && text[i + 1..].chars().next().is_none_or(char::is_whitespace) => return Some(i),
            _ => {}
        }
    }
    None
}

/// A measure trigger found in a text: the whole word (or words) it starts,
/// and the measure it signals.
struct Trigger<'l> {
    word: Range<usize>,
    measure: &'l str,
}

/// Every trigger word of the text, in order, skipping words inside a named
/// source (who gives a figure is not what it counts: "according to the State
/// Archive" says nothing about records). Where two triggers start at the same
/// word, the longer one is the more specific ("deaths" before "death").
fn triggers<'l>(text: &str, sources: &[Attribution], lexicon: &'l Lexicon) -> Vec<Trigger<'l>> {
    let (lowered, origin) = lowercase_with_origin(text);
    let mut found: BTreeMap<usize, (usize, usize, &str)> = BTreeMap::new();
    for (word, measure) in &lexicon.measures {
        for (at, _) in lowered.match_indices(word.as_str()) {
            let start = origin[at];
            if !is_word_start(&lowered, at) || sources.iter().any(|s| s.source.start <= start && start < s.source.end) {
                continue;
            }
            if found.get(&start).is_none_or(|(len, _, _)| word.len() > *len) {
                found.insert(start, (word.len(), origin[at + word.len()], measure));
            }
        }
    }
    found.into_iter().map(|(start, (_, end, measure))| Trigger { word: start..word_end(text, end), measure }).collect()
}

fn word_end(text: &str, at: usize) -> usize {
    text[at..].find(|c: char| !c.is_alphanumeric()).map_or(text.len(), |i| at + i)
}

/// Small words between a governing word and its number: "the deaths of hundreds".
const GOVERNED_BY_SKIP: &[&str] = &["of", "the"];

/// Words that join the items of a list.
const LIST_JOINTS: &[&str] = &["and", "or", "otherwise", "и", "или"];

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
    lexicon: &Lexicon,
) -> Option<String> {
    let of_the_noun =
        counted_noun.and_then(|noun| lexicon.measures.iter().find(|(w, _)| starts_a_word(noun, w))).map(|(_, m)| m.clone());
    let found = triggers(sentence.text, sources, lexicon);
    let mut head = sentence.text[..sentence.quote.start].trim_end();
    while GOVERNED_BY_SKIP.contains(&last_word(head).to_lowercase().as_str()) {
        head = head[..head.len() - last_word(head).len()].trim_end();
    }
    let names_people = |t: &Trigger| lexicon.person_nouns.contains(&sentence.text[t.word.clone()].to_lowercase());
    if let Some(governing) = found.iter().find(|t| t.word.end == head.len() && !names_people(t)) {
        return Some(governing.measure.to_string());
    }
    if counts_things || of_the_noun.is_some() {
        return of_the_noun;
    }
    let nearest = (0..found.len()).min_by_key(|&i| sentence.distance(&found[i].word))?;
    if fates_listed_with(sentence.text, &found, nearest) {
        return Some("victims".to_string());
    }
    Some(found[nearest].measure.to_string())
}

/// "were detained, imprisoned, exiled, executed, or otherwise perished": a
/// list of three or more different fates around the nearest trigger counts
/// the victims of them all.
fn fates_listed_with(text: &str, found: &[Trigger], at: usize) -> bool {
    let joined = |a: &Trigger, b: &Trigger| {
        text[a.word.end..b.word.start]
            .split(|c: char| c.is_whitespace() || c == ',' || c == '/')
            .all(|w| w.is_empty() || LIST_JOINTS.contains(&w.to_lowercase().as_str()))
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

/// The word a text ends with ("" when it ends in punctuation).
fn last_word(text: &str) -> &str {
    let start = text.char_indices().rev().find(|(_, c)| !c.is_alphanumeric()).map_or(0, |(i, c)| i + c.len_utf8());
    &text[start..]
}

/// The text lower-cased, with the byte offset in `text` of every byte of the
/// result (plus one past the end), since lower-casing may change lengths.
fn lowercase_with_origin(text: &str) -> (String, Vec<usize>) {
    let mut lowered = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices() {
        let before = lowered.len();
        lowered.extend(c.to_lowercase());
        origin.resize(origin.len() + lowered.len() - before, at);
    }
    origin.push(text.len());
    (lowered, origin)
}

fn is_word_start(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
}

fn starts_a_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| is_word_start(text, at))
}

/// Places named in `text`, as (byte span, canonical name).
fn places_in<'l>(text: &str, lexicon: &'l Lexicon) -> Vec<(std::ops::Range<usize>, &'l str)> {
    lexicon
        .gazetteer
        .find(text)
        .into_iter()
        .filter(|(_, entity)| entity.entity_type == "place")
        .map(|(span, entity)| (span, entity.name.as_str()))
        .collect()
}

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

/// Words after which a place is named as an origin or a ruling power, not
/// as where the figure happens.
const ELSEWHERE_MARKERS: &[&str] = &["from", "under", "из"];

/// Phrases that compare with a place rather than locate in it: "the size of
/// western Europe", "larger than France".
const COMPARISON_MARKERS: &[&str] =
    &["size of", "larger than", "bigger than", "smaller than", "as large as", "as big as", "compared to", "compared with"];

/// Whether the words just before a place compare with it.
fn compares(before: &str) -> bool {
    let words: Vec<&str> = before.split_whitespace().collect();
    let tail = words[words.len().saturating_sub(4)..].join(" ").to_lowercase();
    COMPARISON_MARKERS.iter().any(|marker| tail.contains(marker))
}

/// Articles between a marker and its place: "from the Soviet Union".
const ARTICLES: &[&str] = &["the", "a", "an"];

/// The places of a text, each with how it is named. A place the text only
/// compares with is left out. A place that only says
/// where the one before it lies ("the Jambyl region of South Kazakhstan") is
/// left out: the first is the more precise. All places of a list after
/// "from" ("from Kyrgyzstan, Uzbekistan, and [the territory of] X") are
/// origins.
fn place_mentions<'l>(text: &str, lexicon: &'l Lexicon) -> Vec<PlaceMention<'l>> {
    let found = places_in(text, lexicon);
    let mut mentions: Vec<PlaceMention> = Vec::new();
    for (i, (span, place)) in found.iter().enumerate() {
        if i > 0 && locates(&text[found[i - 1].0.end..span.start]) {
            continue;
        }
        let before = without_brackets(&text[..span.start]);
        if compares(&before) {
            continue;
        }
        let mut head = before.trim_end();
        while ARTICLES.contains(&last_word(head).to_lowercase().as_str()) {
            head = head[..head.len() - last_word(head).len()].trim_end();
        }
        let elsewhere = ELSEWHERE_MARKERS.contains(&last_word(head).to_lowercase().as_str())
            || mentions.last().is_some_and(|m| m.elsewhere && only_list_joints(&text[m.span.end..span.start]));
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
fn only_list_joints(between: &str) -> bool {
    without_brackets(between)
        .split(|c: char| c.is_whitespace() || c == ',')
        .all(|w| w.is_empty() || LIST_JOINTS.contains(&w.to_lowercase().as_str()))
}

/// The text with its closed bracketed parts left out; a bracket still open
/// at the end is kept ("300 soldiers (from" still ends with "from").
fn without_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut opened_at: Vec<usize> = Vec::new();
    for c in text.chars() {
        match c {
            '(' | '[' => {
                opened_at.push(out.len());
                out.push(c);
            }
            ')' | ']' if !opened_at.is_empty() => out.truncate(opened_at.pop().unwrap_or(0)),
            _ => out.push(c),
        }
    }
    out
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
pub fn place(sentence: &Sentence, sources: &[Attribution], paragraph_before: &str, lexicon: &Lexicon) -> Option<String> {
    let sentence_asides = asides(sentence.text);
    let mentions: Vec<PlaceMention> = place_mentions(sentence.text, lexicon)
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
    let before = |m: &PlaceMention| m.span.end <= quote.start;
    let after = |m: &PlaceMention| m.span.start >= quote.end;
    let free = |m: &&PlaceMention| !in_source(m) && !beside_source(m);
    let settings: Vec<&PlaceMention> = mentions.iter().filter(|m| !m.elsewhere).filter(free).collect();
    let elsewhere: Vec<&PlaceMention> = mentions.iter().filter(|m| m.elsewhere).filter(free).collect();
    let chosen = settings
        .iter()
        .find(|m| in_clause_after(m) && !m.possessive)
        .or_else(|| settings.iter().find(|m| in_clause_after(m)))
        .or_else(|| elsewhere.iter().find(|m| in_clause_after(m)))
        .or_else(|| settings.iter().rev().find(|m| before(m)))
        .or_else(|| settings.iter().find(|m| after(m) && !m.possessive))
        .or_else(|| settings.iter().find(|m| after(m)))
        .or_else(|| elsewhere.iter().rev().find(|m| before(m)))
        .or_else(|| elsewhere.iter().find(|m| after(m)))
        .copied()
        .or_else(|| mentions.iter().find(|m| in_source(m)));
    if let Some(m) = chosen {
        return Some(m.place.to_string());
    }
    let paragraph_asides = asides(paragraph_before);
    let in_paragraph: Vec<PlaceMention> = place_mentions(paragraph_before, lexicon)
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

/// The place a document talks about most, for figures whose own context
/// names none.
pub fn main_place<'a>(texts: impl Iterator<Item = &'a str>, lexicon: &Lexicon) -> Option<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for text in texts {
        for (_, place) in places_in(text, lexicon) {
            *counts.entry(place).or_default() += 1;
        }
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(p, _)| p.to_string())
}

/// A year expression: its span, its first and last year, and whether it only
/// opens a span that runs on to the time of writing ("since 1991", "began in
/// 2021").
struct YearSpan {
    span: Range<usize>,
    start: i32,
    end: i32,
    open: bool,
}

/// Years, year ranges, decades, "between/from X to Y" spans and open spans
/// ("since X", "began in X") in a text.
fn periods_in(text: &str) -> Vec<YearSpan> {
    static PERIOD: OnceLock<Regex> = OnceLock::new();
    let re = PERIOD.get_or_init(|| {
        let year = r"(?:mid-?|early\s+|late\s+)?(?:1[0-9]{3}|20[0-9]{2})(?:['’]?s|-(?:х|е|ых|ые))?";
        Regex::new(&format!(
            r"(?i)\b(?:(?:between|from|между|с|со|от)\s+(?:the\s+)?(?P<a>{year})\s+(?:and|to|until|till|и|по|до)\s+(?:the\s+)?(?P<b>{year})|(?:since|(?:began|begun|started|starting)\s+in|начиная\s+с)\s+(?:the\s+)?(?P<open>{year})|(?P<c>{year})(?:\s*[-–—]\s*(?P<d>1[0-9]{{3}}|20[0-9]{{2}}|[0-9]{{2}}))?)\b"
        ))
        .expect("valid period regex")
    });
    let mut out = Vec::new();
    for caps in re.captures_iter(text) {
        let whole = caps.get(0).expect("group 0").range();
        let (first, second) = match (caps.name("a"), caps.name("b"), caps.name("open"), caps.name("c")) {
            (Some(a), Some(b), _, _) => (a.as_str(), Some(b.as_str())),
            (_, _, Some(open), _) => (open.as_str(), None),
            (_, _, _, Some(c)) => (c.as_str(), caps.name("d").map(|d| d.as_str())),
            _ => continue,
        };
        let (start, end_of_first) = year_span(first);
        let end = match second {
            Some(s) if s.len() == 2 => (start / 100) * 100 + s.parse::<i32>().unwrap_or(0),
            Some(s) => year_span(s).1,
            None => end_of_first,
        };
        if end >= start {
            out.push(YearSpan { span: whole, start, end, open: caps.name("open").is_some() });
        }
    }
    out
}

/// "1937" → 1937–1937; "1930s" and "1930-х" → 1930–1939; "mid-1920s" →
/// 1925–1929; "early 1930s" → 1930–1933; "late 1930s" → 1937–1939.
fn year_span(text: &str) -> (i32, i32) {
    let lower = text.to_lowercase();
    let digits: String = lower.chars().filter(char::is_ascii_digit).collect();
    let year: i32 = digits.parse().unwrap_or(0);
    if !lower.ends_with(['s', 'х', 'е']) {
        return (year, year);
    }
    let step = if year % 100 == 0 { 100 } else { 10 };
    let (start, end) = (year, year + step - 1);
    if lower.starts_with("mid") {
        (start + step / 2, end)
    } else if lower.starts_with("early") {
        (start, start + step * 3 / 10)
    } else if lower.starts_with("late") {
        (start + step * 7 / 10, end)
    } else {
        (start, end)
    }
}

/// Where one clause of a sentence ends and a coordinated one begins: "…
/// erected across Russia and, in 2014, the cards were destroyed".
fn clause_break() -> &'static Regex {
    static BREAK: OnceLock<Regex> = OnceLock::new();
    BREAK.get_or_init(|| {
        Regex::new(r"(?i);|,\s*(?:and|but|while|whereas|и|но|а)\b|\b(?:and|but)\s*,").expect("valid clause break regex")
    })
}

/// The period of the year expression nearest the number in its sentence
/// (one in an aside that does not hold the number, or after it in another
/// clause, is not its year), else the last one earlier in its paragraph. An
/// open span ("since 1991") runs to the year of publication.
pub fn period(sentence: &Sentence, paragraph_before: &str, published: Option<i32>) -> Option<(i32, i32)> {
    let asides = asides(sentence.text);
    let quote = &sentence.quote;
    let own_clause = |p: &YearSpan| p.span.start < quote.end || !clause_break().is_match(&sentence.text[quote.end..p.span.start]);
    let in_sentence: Vec<YearSpan> = periods_in(sentence.text)
        .into_iter()
        .filter(|p| sentence.speaks_of_the_number(&asides, &p.span) && own_clause(p))
        .collect();
    let found = match in_sentence.into_iter().min_by_key(|p| sentence.distance(&p.span)) {
        Some(nearest) => nearest,
        None => periods_in(paragraph_before).pop()?,
    };
    let end = match published {
        Some(year) if found.open && year > found.end => year,
        _ => found.end,
    };
    Some((found.start, end))
}

/// Words by which a sentence dates its figures without a year: "died under
/// repression during the Stalin era", "during those years".
const ERA_WORDS: &[&str] = &[
    "era", "eras", "epoch", "those years", "these years", "that time", "эпоха", "эпохи", "эпоху", "эпохе", "те годы",
    "тех лет",
];

/// Whether the sentence dates its figures by an era rather than a year.
pub fn names_an_era(sentence: &Sentence) -> bool {
    let lowered = sentence.text.to_lowercase();
    ERA_WORDS.iter().any(|w| lowered.match_indices(w).any(|(at, _)| is_word_start(&lowered, at) && is_word_end(&lowered, at + w.len())))
}

/// A named source in a text: the span of the whole match (to measure its
/// distance from the number) and of the name itself.
pub struct Attribution {
    pub whole: Range<usize>,
    pub source: Range<usize>,
}

/// Every match of the attribution rules in a text.
pub fn attributions(text: &str, rules: &RuleSet) -> Vec<Attribution> {
    rules
        .rules
        .iter()
        .filter(|r| r.kind == RuleKind::Attribution)
        .flat_map(|r| {
            r.regex.captures_iter(text).filter_map(|c| {
                let source = c.name("source")?.range();
                Some(Attribution { whole: c.get(0).expect("group 0").range(), source })
            })
        })
        .collect()
}

/// Who the sentence says gives its figures: the source of the attribution
/// match nearest the number. A source that hands over to words after it
/// ("After two weeks, X announced that …") speaks for what follows, not for
/// a number before it. When the sentence names no source, the last one
/// named earlier in its paragraph speaks for it ("According to the ministry,
/// 300 were held. Another 20 are missing."), as does a speaker who opens
/// the paragraph of a transcript ("Jane Doe (JD): …").
pub fn attributed_to(sentence: &Sentence, sources: &[Attribution], paragraph_before: &str, rules: &RuleSet) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for found in sources {
        if found.whole.start >= sentence.quote.end && hands_over(sentence.text, &found.whole) {
            continue;
        }
        let distance = sentence.distance(&found.whole);
        let before = format!("{paragraph_before} {}", &sentence.text[..found.source.start]);
        let named = name_source(&sentence.text[found.source.clone()], &before);
        if !named.is_empty() && best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, named));
        }
    }
    if let Some((_, source)) = best {
        return Some(source);
    }
    attributions(paragraph_before, rules)
        .into_iter()
        .max_by_key(|a| a.whole.start)
        .map(|a| name_source(&paragraph_before[a.source.clone()], &paragraph_before[..a.source.start]))
        .filter(|s| !s.is_empty())
}

/// Whether an attribution introduces words that follow it: "X said that …",
/// "X wrote: …", "X said “…”".
fn hands_over(text: &str, whole: &Range<usize>) -> bool {
    let after = text[whole.end..].trim_start();
    after.starts_with([':', '“', '"', '«']) || ["that", "что"].iter().any(|w| after.starts_with(w) && is_word_end(after, w.len()))
}

fn is_word_end(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// The source as a name: trimmed, without a leading article, and with an
/// owner named by a common noun ("the company’s financial statements")
/// replaced by the name the text gave it before ("the investment company
/// Acme Corp." → "Acme Corp. financial statements").
fn name_source(source: &str, before: &str) -> String {
    let trimmed = source.trim().trim_end_matches(['’', '\'']);
    let without_article = trimmed
        .strip_prefix("the ")
        .or_else(|| trimmed.strip_prefix("The "))
        .unwrap_or(trimmed);
    let named = match owner_noun(without_article) {
        Some((noun, owned)) if trimmed.len() != without_article.len() => {
            named_before(noun, before).map(|name| format!("{name} {owned}"))
        }
        _ => None,
    };
    let named = named.as_deref().unwrap_or(without_article);
    named.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "company’s financial statements" → ("company", "financial statements").
fn owner_noun(text: &str) -> Option<(&str, &str)> {
    let (noun, owned) = text.split_once("’s ").or_else(|| text.split_once("'s "))?;
    (!noun.is_empty() && noun.chars().all(|c| c.is_lowercase())).then_some((noun, owned))
}

/// The capitalized name that last follows `noun` in `text` ("company”
/// Freedom Holding Corp." → "Freedom Holding Corp."), ending at a word that
/// ends with a full stop.
fn named_before(noun: &str, text: &str) -> Option<String> {
    let mut found = None;
    for (at, _) in text.match_indices(noun) {
        if !is_word_start(text, at) || !is_word_end(text, at + noun.len()) {
            continue;
        }
        let rest = text[at + noun.len()..].trim_start_matches(['”', '"', '’', '\'']);
        let mut words = Vec::new();
        for word in rest.split_whitespace().take(5) {
            if !word.chars().next().is_some_and(char::is_uppercase) {
                break;
            }
            let word = word.trim_end_matches([',', ';', ':']);
            words.push(word);
            if word.ends_with('.') {
                break;
            }
        }
        if !words.is_empty() {
            found = Some(words.join(" "));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decades_and_ranges_become_year_spans() {
        let spans = |text: &str| periods_in(text).iter().map(|p| (p.start, p.end, p.open)).collect::<Vec<_>>();
        assert_eq!(
            spans("between the mid-1920s and 1956, in 1936-38 and the 1930s"),
            vec![(1925, 1956, false), (1936, 1938, false), (1930, 1939, false)]
        );
        assert_eq!(spans("From the mid-1800's to the 1980's"), vec![(1850, 1989, false)]);
        assert_eq!(spans("courts began in 2021 to rehabilitate; since 1991"), vec![(2021, 2021, true), (1991, 1991, true)]);
        assert_eq!(spans("в 1940-х годах, с 1905 по 1907 год, в 1946 году"), vec![(1940, 1949, false), (1905, 1907, false), (1946, 1946, false)]);
    }

    #[test]
    fn relative_clauses_and_brackets_are_asides_but_link_text_is_not() {
        let text = "Ivan, who was born in 1901, saw [Kyiv](#) (then a province).";
        let spans: Vec<&str> = asides(text).into_iter().map(|a| &text[a.span]).collect();
        assert_eq!(spans, vec!["(#)", "(then a province)", ", who was born in 1901"]);
    }

    #[test]
    fn an_owner_named_by_a_common_noun_takes_its_name() {
        let before = "He founded the mining company Ore Holdings Ltd. Ivan Petrov.";
        assert_eq!(name_source("the company’s annual report", before), "Ore Holdings Ltd. annual report");
        assert_eq!(name_source("the company’s annual report", "No name here."), "company’s annual report");
    }
}
