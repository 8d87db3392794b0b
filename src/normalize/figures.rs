//! What a candidate says: its value and bounds, qualifier, unit, measure and
//! counted noun, from the parts the rule captured and the sentence around it.

use super::context::passage::{FigureText, Passage};
use super::context::measure::is_verb_form;
use super::context::{attribution, measure, period, place, DocumentContext};
use crate::contract::{Candidate, REVIEW_RULE};
use crate::number;
use crate::rules::lexicon::Lexicon;
use crate::schema::{SHARE_CLASS, SHARE_UNIT};
use crate::text::{has_phrase, is_cyrillic};

/// One row of the `figures` table, before review.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: Option<f64>,
    pub value_low: Option<f64>,
    pub value_high: Option<f64>,
    pub qualifier: String,
    pub unit: String,
    pub measure: String,
    pub subject: Option<String>,
    pub place: Option<String>,
    pub period_start: Option<i32>,
    pub period_end: Option<i32>,
    pub attributed_to: Option<String>,
}

/// Interprets one candidate. `previous` is the candidate before it in its
/// document: a figure named as part of the one before it in its sentence
/// ("the deaths of hundreds, including two children") counts what that
/// whole counts. An error names
/// the candidate's figure and what could not be parsed: a rule captured
/// text the number grammar does not know.
/// The text of a candidate and what the rules found around it.
pub struct Reading<'a> {
    pub candidate: &'a Candidate,
    pub text: &'a FigureText,
    pub sentence: &'a Passage<'a>,
    pub before: &'a Passage<'a>,
}

pub fn interpret(
    reading: &Reading,
    previous: Option<&Reading>,
    lexicon: &Lexicon,
    document: &DocumentContext,
) -> Result<Figure, String> {
    let candidate = reading.candidate;
    let words = &lexicon.numbers;
    // A comma between digits is a decimal comma in a Russian sentence, a
    // thousands separator in an English one.
    let notation = number::Notation::of(&candidate.quote, &reading.text.sentence);
    let parse = |text: &str| number::parse_number(text, notation, words).ok_or_else(|| unparsed(candidate, "the number", text));
    let mut qualifier = match &candidate.qualifier_text {
        Some(text) => lexicon.qualifier(text).ok_or_else(|| unparsed(candidate, "the qualifier", text))?.to_string(),
        None => "exact".to_string(),
    };
    let (value, value_low, value_high) = match (&candidate.low_text, &candidate.high_text, &candidate.vague_text) {
        (Some(low), Some(high), _) => {
            let low = parse(low)?;
            let high = number::parse_number(high, notation, words).ok_or_else(|| unparsed(candidate, "the upper bound", high))?;
            qualifier = "range".into();
            let low = scale_low_like_high(low, high, candidate.low_text.as_deref(), candidate.high_text.as_deref(), notation, words);
            (None, Some(low), Some(high))
        }
        (_, _, Some(vague)) => {
            qualifier = "vague".into();
            (None, Some(number::vague_low(vague, words).ok_or_else(|| unparsed(candidate, "the magnitude", vague))?), None)
        }
        // A curator's `add` states its values in the review file.
        _ if candidate.rule == REVIEW_RULE => (None, None, None),
        _ => {
            let value = match (&candidate.fraction_text, &candidate.number_text) {
                // A part of a group is a share of it, in percent.
                (Some(fraction), _) => number::as_written(
                    100.0 * number::parse_fraction(fraction, words).ok_or_else(|| unparsed(candidate, "the fraction", fraction))?,
                ),
                (None, Some(text)) => parse(text)?,
                // "almost a year", "почти на сутки": a unit of time alone is
                // one of it.
                (None, None) if candidate.unit_text.is_some() => 1.0,
                (None, None) => return Err(unparsed(candidate, "no number in", &candidate.quote)),
            };
            match qualifier.as_str() {
                "more_than" | "at_least" => (Some(value), Some(value), None),
                "less_than" => (Some(value), None, Some(value)),
                _ => (Some(value), None, None),
            }
        }
    };

    // "two decades" is 20 years: a unit that is a multiple of another.
    let multiple = candidate.unit_text.as_deref().map_or(1.0, |u| lexicon.unit_multiple(u));
    let scaled = |v: Option<f64>| v.map(|v| if multiple == 1.0 { v } else { number::as_written(v * multiple) });
    let (value, value_low, value_high) = (scaled(value), scaled(value_low), scaled(value_high));

    let counted = what_it_counts(reading, previous, lexicon)?;
    let measure = match previous.filter(|p| is_part_of(reading, p, lexicon)) {
        Some(whole) => what_it_counts(whole, None, lexicon)?.measure,
        None => counted.measure,
    };
    let sentence = reading.text.sentence();
    let sources = &reading.sentence.attributions;
    // A length of years is not dated by a year near it: that year marks one
    // end of it at most.
    let period = if counted.unit == "year" {
        None
    } else {
        let periods = &reading.sentence.periods;
        period::period(&sentence, periods, &reading.sentence.events, &reading.sentence.clause_breaks, sources, reading.before, document.published, lexicon)
            .or_else(|| document.section_period(candidate.context_byte_start as usize))
            .or_else(|| {
            let of_the_reported_event =
                lexicon.words.event_measures.contains(&measure) || lexicon.words.short_spans.contains(&counted.unit);
            document.current_year.filter(|_| of_the_reported_event && !period::names_an_era(&sentence, lexicon)).map(|y| (y, y))
        })
    };
    // Where the text around the figure names no place: its section's
    // heading, unless that only narrows the place the document names most
    // (a testimony from Almaty in a text about Kazakhstan), then that place.
    let main_place = document.main_place.as_deref();
    let section_place = document
        .section_place(candidate.context_byte_start as usize)
        .filter(|heading| main_place.is_none_or(|main| !lexicon.gazetteer.is_within_in(heading, main, None)));
    let place = place::place(&sentence, &reading.sentence.places, &reading.sentence.event_places, sources, reading.before, &measure, lexicon)
        .or_else(|| section_place.or(main_place).or(document.scene_place.as_deref()).map(str::to_string));
    Ok(Figure {
        value,
        value_low,
        value_high,
        qualifier,
        unit: counted.unit,
        measure,
        subject: counted.subject,
        place,
        period_start: period.map(|p| p.0),
        period_end: period.map(|p| p.1),
        attributed_to: attributed_to(reading, document, lexicon),
    })
}

/// On whose word the figure stands: the source its sentence names nearest
/// it; else the speaker of the quotation that holds it, which may run over
/// several sentences («… 230 погибших …», — сказал он); else whom a pronoun
/// in its sentence names ("Nine died, she said"); else the source named last
/// before it in its paragraph; else one named after it in its paragraph
/// that speaks for the sentences before it ("Такую цифру назвал X"); else
/// the speaker its section's heading names.
fn attributed_to(reading: &Reading, document: &DocumentContext, lexicon: &Lexicon) -> Option<String> {
    let candidate = reading.candidate;
    let figure = candidate.byte_start as usize..candidate.byte_end as usize;
    let sentence_range = candidate.sentence_byte_start as usize..candidate.sentence_byte_end as usize;
    let paragraph = document.paragraph_of(sentence_range.start).cloned().unwrap_or(sentence_range.clone());
    let sources = &document.sources;
    attribution::in_sentence(&reading.text.sentence(), &reading.sentence.attributions, reading.before, lexicon)
        .or_else(|| sources.quotation_speaker(&figure))
        .or_else(|| sources.pronoun_in(&sentence_range, &figure))
        .or_else(|| attribution::earlier_in_paragraph(reading.before, lexicon))
        .or_else(|| sources.named_after(&sentence_range, &paragraph))
        .or_else(|| document.section_source(candidate.context_byte_start as usize).map(str::to_string))
}

/// The figure a bare number lends its scale and unit from when it stands in
/// a list before it: "5, 7, 9 and 10 million" (each in millions), "three,
/// five or ten years" (each in years). A bare number has no scale, unit or
/// bounds of its own, and only commas and list joints stand between it and
/// the next in the same sentence; the list's last number, which has a scale
/// or a unit, is the lender.
pub fn list_lender(readings: &[Reading], at: usize, lexicon: &Lexicon) -> Option<usize> {
    let is_bare = |c: &Candidate| {
        c.unit_text.is_none()
            && c.fraction_text.is_none()
            && c.vague_text.is_none()
            && c.low_text.is_none()
            && c.qualifier_text.is_none()
            && c.number_text.as_deref().is_some_and(|n| number::trailing_scale(n, &lexicon.numbers).is_none())
    };
    let mut k = at;
    loop {
        let (here, next) = (readings[k].candidate, readings.get(k + 1)?.candidate);
        let same_sentence = here.sentence_byte_start == next.sentence_byte_start;
        if !same_sentence || !is_bare(here) || !only_list_joints(readings[k].text, here, next, lexicon) {
            return None;
        }
        if !is_bare(next) {
            let lends = next.unit_text.is_some() || next.number_text.as_deref().and_then(|n| number::trailing_scale(n, &lexicon.numbers)).is_some();
            return lends.then_some(k + 1);
        }
        k += 1;
    }
}

/// ", ", " and ", ", or ": nothing but commas and list joints between two
/// figures of one sentence.
fn only_list_joints(text: &FigureText, here: &Candidate, next: &Candidate, lexicon: &Lexicon) -> bool {
    let base = here.sentence_byte_start;
    let (from, to) = ((here.byte_end - base) as usize, (next.byte_start - base) as usize);
    let Some(between) = text.sentence.get(from..to) else { return false };
    between.chars().any(|c| c == ',' || c.is_alphabetic())
        && between
            .split(|c: char| c.is_whitespace() || c == ',')
            .all(|w| w.is_empty() || lexicon.words.list_joints.contains(&w.to_lowercase()))
}

/// A bare number of a list takes the scale and unit of the figure that
/// ends it ([`list_lender`]): "5" of "5, 7 and 10 million people" is
/// 5,000,000 people.
pub fn borrow_from_list(item: &mut Figure, lender: &Figure, lender_candidate: &Candidate, lexicon: &Lexicon) {
    let scale = lender_candidate.number_text.as_deref().and_then(|n| number::trailing_scale(n, &lexicon.numbers)).unwrap_or(1.0);
    let multiple = lender_candidate.unit_text.as_deref().map_or(1.0, |u| lexicon.unit_multiple(u));
    let times = |v: Option<f64>| v.map(|v| number::as_written(v * scale * multiple));
    item.value = times(item.value);
    item.value_low = times(item.value_low);
    item.value_high = times(item.value_high);
    item.unit = lender.unit.clone();
    item.measure = lender.measure.clone();
    item.subject = lender.subject.clone();
}

pub fn is_reversed_range(figure: &Figure) -> bool {
    matches!((figure.value_low, figure.value_high), (Some(low), Some(high)) if low > high)
}

/// Larger than any quantity a text about people, money or land states
/// (the world's yearly product is about 1e14 dollars): a number this big is
/// a run of digits (a scan artefact, an identifier), not a figure, and
/// beyond about 1e308 it would not even fit in a number column.
pub const MAX_FIGURE_VALUE: f64 = 1e15;

/// Whether a bound or value is not a finite number below
/// [`MAX_FIGURE_VALUE`].
pub fn is_out_of_range(figure: &Figure) -> bool {
    [figure.value, figure.value_low, figure.value_high]
        .into_iter()
        .flatten()
        .any(|v| !v.is_finite() || v.abs() >= MAX_FIGURE_VALUE)
}

fn unparsed(candidate: &Candidate, what: &str, text: &str) -> String {
    format!("rule {} captured {what} {text:?}, which does not parse", candidate.rule)
}

/// What a figure counts: its unit, measure and counted noun.
struct Counted {
    unit: String,
    measure: String,
    subject: Option<String>,
}

/// What a figure counts. `previous`, the figure before it in its document,
/// lends its unit to a count whose own words do not say: "2,000 were
/// destroyed" after "5,000 houses" in the sentence, "до 120 тысяч" after a
/// count of people in the paragraph.
fn what_it_counts(reading: &Reading, previous: Option<&Reading>, lexicon: &Lexicon) -> Result<Counted, String> {
    let candidate = reading.candidate;
    let sentence = reading.text.sentence();
    let after = &sentence.text[sentence.quote.end..];
    let lent = |same_sentence: bool| -> Option<Counted> {
        let previous = previous?;
        let (p, c) = (previous.candidate, candidate);
        let near = if same_sentence { p.sentence_byte_start == c.sentence_byte_start } else { p.context_byte_start == c.context_byte_start };
        let counts = p.unit_text.is_none() && p.fraction_text.is_none();
        if !near || !counts {
            return None;
        }
        let lent = what_it_counts(previous, None, lexicon).ok()?;
        // "Of 5,000 houses, 2,000 were destroyed", "… 300 homes, of which 40
        // burned": a part of a count of things named before it.
        let from = (p.byte_start - c.sentence_byte_start).max(0) as usize;
        let around = sentence.text.get(from.min(sentence.quote.start)..sentence.quote.start).unwrap_or_default().to_lowercase();
        let part_of = lexicon.words.part_markers.iter().chain(lexicon.words.of_which.iter()).any(|m| has_phrase(&around, m));
        (!same_sentence || (lent.subject.is_some() && part_of)).then_some(lent)
    };
    // An elided count ("… 170 thousand people died. Of them, up to 120
    // thousand.") goes on with the count before it: what that one counts is
    // what this one counts, when its own words say nothing.
    let lent_or = |lent: Option<Counted>, unit: &str| lent.map_or((unit.to_string(), None), |l| (l.unit, Some(l.measure)));
    let mut continued: Option<String> = None;
    let (unit, class) = match (&candidate.unit_text, &candidate.fraction_text) {
        (Some(text), _) => {
            let (code, class) = lexicon.unit(text).ok_or_else(|| unparsed(candidate, "the unit", text))?;
            (code.to_string(), Some(class.to_string()))
        }
        (None, Some(_)) => (SHARE_UNIT.to_string(), Some(SHARE_CLASS.to_string())),
        (None, None) => {
            let (unit, measure) = match count_evidence(sentence.text, after, lexicon) {
                CountEvidence::Noun(unit) | CountEvidence::People(unit) => (unit.to_string(), None),
                CountEvidence::Verb => lent_or(lent(true), PERSON),
                CountEvidence::Nothing => lent_or(lent(false), ITEM),
            };
            continued = measure;
            (unit, None)
        }
    };
    let subject = if class.is_none() { counted_noun_phrase(after, lexicon) } else { None };
    let sources = &reading.sentence.attributions;
    let measure = match class.as_deref() {
        Some("money") => "money".to_string(),
        Some("area") => "area".to_string(),
        Some("duration") => "duration".to_string(),
        // A share of a population is about the population; other shares are
        // shares. "38% of the country's population": the noun after "of"
        // says what it is a share of.
        Some("share") => {
            let noun = counted_noun_phrase(after, lexicon);
            match measure::measure(&sentence, noun.as_deref(), false, sources, &reading.sentence.clause_breaks, lexicon).as_deref() {
                Some("population") => "population".to_string(),
                _ => "share".to_string(),
            }
        }
        _ => {
            let counts_things = unit == "item";
            measure::measure(&sentence, subject.as_deref(), counts_things, sources, &reading.sentence.clause_breaks, lexicon)
                .or(continued)
                .unwrap_or_else(|| "other".to_string())
        }
    };
    Ok(Counted { unit, measure, subject })
}

/// A figure named as part of the one before it in its sentence, after one of
/// the part markers of `rules/words.toml` ("hundreds of victims, including
/// two children").
fn is_part_of(part: &Reading, whole: &Reading, lexicon: &Lexicon) -> bool {
    let (part_c, whole_c) = (part.candidate, whole.candidate);
    let same_sentence = whole_c.sentence_byte_start == part_c.sentence_byte_start && whole_c.sentence_byte_end == part_c.sentence_byte_end;
    if !same_sentence || whole_c.byte_end > part_c.byte_start {
        return false;
    }
    let sentence = &part.text.sentence;
    let from = (whole_c.byte_end - whole_c.sentence_byte_start) as usize;
    let to = (part_c.byte_start - part_c.sentence_byte_start) as usize;
    let between = sentence[from..to].to_lowercase();
    let between = between.trim_end();
    lexicon.words.part_markers.iter().any(|m| between.ends_with(m))
}

/// "between 1.5 and 2.3 million": the scale written once after the upper
/// bound applies to the lower one too.
fn scale_low_like_high(
    low: f64,
    high: f64,
    low_text: Option<&str>,
    high_text: Option<&str>,
    notation: number::Notation,
    words: &number::NumberWords,
) -> f64 {
    let (Some(low_text), Some(high_text)) = (low_text, high_text) else { return low };
    let bare = |t: &str| number::parse_number(t.split_whitespace().next().unwrap_or(t), notation, words);
    let low_has_scale = low_text.split_whitespace().count() > 1;
    match (low_has_scale, bare(high_text)) {
        (false, Some(high_bare)) if high_bare != 0.0 && high_bare != high && low <= high_bare => low * (high / high_bare),
        _ => low,
    }
}

/// The words that follow a number, with "of", "the" and "their" skipped and
/// punctuation stripped: "of Stalin's victims" → ["stalin's", "victims"].
fn following_words(after: &str, lexicon: &Lexicon) -> Vec<String> {
    let mut words = Vec::new();
    // A dash ends the phrase, with or without spaces ("thousands of
    // people—most of them students—were").
    let after = after.find(['—', '–']).map_or(after, |at| &after[..at]);
    for raw in after.split_whitespace().take(8) {
        // "wounded.[152][200]": a footnote marker is no part of the word.
        let raw = raw.find('[').filter(|&at| at > 0).map_or(raw, |at| &raw[..at]);
        let leading_stop = raw.starts_with(['(', '[', ',', ';', ':', '.', '!', '?']);
        // "around 6,000.[199]": the clause ends at the number.
        if leading_stop && (!words.is_empty() || raw.starts_with([';', ':', '.', '!', '?'])) {
            break;
        }
        let word: String = raw
            .trim_matches(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
            .trim_start_matches('-')
            .to_lowercase();
        if word.is_empty() {
            if words.is_empty() {
                continue;
            }
            break;
        }
        if words.is_empty() && lexicon.words.noun_phrase_openers.contains(&word) {
            continue;
        }
        let ends_phrase = raw.ends_with([';', ':', '.', '!', '?', ')']) || (raw.ends_with(',') && !in_adjective_list(raw));
        words.push(word);
        if ends_phrase {
            break;
        }
    }
    words
}

/// "Russian, Ukrainian, and Jewish peasants": capitalized words in a comma
/// list before their noun are adjectives of it, so the comma does not end it.
fn in_adjective_list(raw: &str) -> bool {
    raw.chars().next().is_some_and(char::is_uppercase)
}

const PERSON: &str = "person";
const ITEM: &str = "item";

/// What the words around a count say of what it counts.
enum CountEvidence {
    /// The counted noun after it: `person` or `item`.
    Noun(&'static str),
    /// A verb right after it ("1,500 fled", "300 were detained"): it
    /// counts people, unless a count of things before it lends its noun.
    Verb,
    /// No noun, but the sentence talks of people.
    People(&'static str),
    /// Nothing: the count before it in the paragraph may say.
    Nothing,
}

/// `person` when the number counts people, else `item`: by the counted noun
/// when one follows, by the verb it governs, else by the people the
/// sentence talks about.
fn count_evidence(sentence: &str, after: &str, lexicon: &Lexicon) -> CountEvidence {
    let words = following_words(after, lexicon);
    let function_word = |w: &str| lexicon.words.function_words.contains(w);
    let people_verb = |w: &str| lexicon.people_verbs.contains(w);
    // "задержаны 300" / "300 задержаны", "1,500 fled", "70 have been
    // jailed": a verb right after the number (and its auxiliaries) is no
    // counted noun. A participle before a noun is an adjective of it ("2.4
    // million archived cards").
    let first_verb = words.iter().position(|w| !lexicon.words.auxiliaries.contains(w)).unwrap_or(words.len());
    let ends_clause = |w: Option<&String>| w.is_none_or(|w| function_word(w) || lexicon.words.articles.contains(w));
    // "along with 7,000 wounded": a verb done only to people counts people,
    // whatever the count before it counted.
    if words.get(first_verb).is_some_and(|w| people_verb(w)) {
        return CountEvidence::People(PERSON);
    }
    let verb_follows = words.get(first_verb).is_some_and(|w| is_verb_form(w, lexicon) && ends_clause(words.get(first_verb + 1)));
    if verb_follows {
        return CountEvidence::Verb;
    }
    let noun_follows = words.first().is_some_and(|w| !function_word(w));
    if noun_follows {
        // A verb ends the phrase: "14 shops and killed 3 guards" counts shops.
        let phrase: Vec<&String> = words
            .iter()
            .filter(|w| *w != "and")
            .take_while(|w| !function_word(w) && !people_verb(w))
            .take(8)
            .collect();
        let done_to_people = sentence_words(sentence).any(|w| people_verb(&w));
        // The head of the counted noun phrase says who is counted: "1,500
        // political prisoners", "перемещённых лиц", "2,000 cases".
        // "8000 протестующих задержаны": the verb is no part of it.
        let counted = counted_noun_phrase(after, lexicon).unwrap_or_default();
        let head: Vec<&str> = counted.split(' ').take_while(|w| !people_verb(w)).collect();
        // A curated person noun anywhere in the phrase still counts ("17,
        // ещё 70 человек": the noun of an elided clause), and so does a
        // death ("1.6 million deaths").
        let curated = |w: &str| lexicon.person_nouns.curated.contains(w) || lexicon.words.people_events.contains(w);
        let agents = phrase.iter().any(|w| curated(w) || (done_to_people && is_agent_noun(w, lexicon)));
        // "27.000 Belarusians", "5000 чеченцев": a noun of people of a place.
        let of_a_place = head.last().is_some_and(|w| lexicon.place_words.place_of(&capitalized(w)).is_some_and(|p| p.alone));
        // "56 новорожденных", "20 раненых": a Russian adjective or participle
        // in the genitive plural with no noun after it stands for people.
        // "государственных и коммерческих зданий" is an adjective of a noun
        // after a joint.
        let adjective_alone = |w: &String| lexicon.words.genitive_plural_adjective_endings.iter().any(|e| w.ends_with(e));
        let nothing_joined = |next: Option<&String>| next.is_none_or(|w| function_word(w) && !lexicon.words.list_joints.contains(w));
        let substantivized = words.first().is_some_and(adjective_alone) && nothing_joined(words.get(1));
        let people = lexicon.person_nouns.names_people(&head) || agents || of_a_place || substantivized;
        return CountEvidence::Noun(if people { PERSON } else { ITEM });
    }
    // "the death toll of 164", "a crowd of 5,000": the noun before "of"
    // says what is counted.
    let before: Vec<String> = sentence[..sentence.len() - after.len()]
        .rsplit(|c: char| c.is_whitespace())
        .skip(1)
        .take(3)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .collect();
    let totals = |w: &String| lexicon.words.people_totals.contains(w) || lexicon.person_nouns.contains(w) || lexicon.words.people_events.contains(w);
    if before.first().is_some_and(|w| lexicon.words.governed_by_skip.contains(w)) && before.get(1).is_some_and(totals) {
        return CountEvidence::People(PERSON);
    }
    let mentions_people = sentence_words(sentence).any(|w| lexicon.person_nouns.contains(&w) || people_verb(&w));
    if mentions_people {
        CountEvidence::People(PERSON)
    } else {
        CountEvidence::Nothing
    }
}

/// "belarusians" → "Belarusians": English place words are matched as written.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn sentence_words(sentence: &str) -> impl Iterator<Item = String> + '_ {
    sentence.split(|c: char| !(c.is_alphanumeric() || c == '-')).map(str::to_lowercase)
}

/// Plural agent nouns ("herders", "activists", "civilians", "detainees"):
/// people, when the sentence does to them what is done to people.
fn is_agent_noun(word: &str, lexicon: &Lexicon) -> bool {
    lexicon.words.agent_noun_suffixes.iter().any(|suffix| word.len() > suffix.len() + 2 && word.ends_with(suffix))
}

/// The counted noun phrase as written, lower-cased: "seasoned filmmakers",
/// "stalin's victims", "archived kgb cards", "мирных жителей".
fn counted_noun_phrase(after: &str, lexicon: &Lexicon) -> Option<String> {
    let words = &lexicon.words;
    let phrase: Vec<String> =
        following_words(after, lexicon).into_iter().take_while(|w| !words.function_words.contains(w)).take(4).collect();
    let mut out = Vec::new();
    for word in phrase {
        let plural = (word.ends_with('s') && !word.ends_with("'s") && !word.ends_with("’s"))
            || words.irregular_plurals.contains(&word);
        let russian_noun = word.chars().any(is_cyrillic) && !words.russian_adjective_endings.iter().any(|e| word.ends_with(e));
        out.push(word);
        if plural || russian_noun {
            break;
        }
    }
    (!out.is_empty()).then(|| out.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    #[test]
    fn following_words_skip_of_and_stop_at_punctuation() {
        let rules = RuleSet::load(None).unwrap();
        let lexicon = &rules.lexicon;
        assert_eq!(following_words(" of Stalin's victims. Then", lexicon), vec!["stalin's", "victims"]);
        assert_eq!(following_words("” terrorists and", lexicon), vec!["terrorists", "and"]);
        assert_eq!(following_words(".", lexicon), Vec::<String>::new());
        assert_eq!(following_words(".[199] Mayor", lexicon), Vec::<String>::new());
        assert_eq!(following_words(" wounded.[152][200] Mayor", lexicon), vec!["wounded"]);
    }

    #[test]
    fn noun_phrase_stops_at_the_plural_noun() {
        let rules = RuleSet::load(None).unwrap();
        let phrase = |after: &str| counted_noun_phrase(after, &rules.lexicon);
        assert_eq!(phrase(" archived KGB cards with the names").as_deref(), Some("archived kgb cards"));
        assert_eq!(phrase(" in Kyrgyzstan"), None);
        assert_eq!(phrase(" people fled the famine").as_deref(), Some("people"));
        assert_eq!(phrase(" мирных жителей погибли").as_deref(), Some("мирных жителей"));
        assert_eq!(phrase("-volume collection of his work").as_deref(), Some("volume collection"));
    }
}
