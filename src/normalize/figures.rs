//! What a candidate says: its value and bounds, qualifier, unit, measure and
//! counted noun, from the parts the rule captured and the sentence around it.

use super::context::{self, DocumentContext, Sentence};
use crate::extract::records::Candidate;
use crate::number;
use crate::rules::{Lexicon, RuleSet};

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
pub fn interpret(
    candidate: &Candidate,
    previous: Option<&Candidate>,
    rules: &RuleSet,
    document: &DocumentContext,
) -> Result<Figure, String> {
    let lexicon = &rules.lexicon;
    // A comma between digits is a decimal comma in a Russian sentence, a
    // thousands separator in an English one.
    let notation = number::Notation::of(&candidate.quote, &candidate.sentence);
    let parse = |text: &str| number::parse_number(text, notation).ok_or_else(|| unparsed(candidate, "the number", text));
    let mut qualifier = match &candidate.qualifier_text {
        Some(text) => lexicon.qualifier(text).ok_or_else(|| unparsed(candidate, "the qualifier", text))?.to_string(),
        None => "exact".to_string(),
    };
    let (value, value_low, value_high) = match (&candidate.low_text, &candidate.high_text, &candidate.vague_text) {
        (Some(low), Some(high), _) => {
            let low = parse(low)?;
            let high = number::parse_number(high, notation).ok_or_else(|| unparsed(candidate, "the upper bound", high))?;
            qualifier = "range".into();
            let low = scale_low_like_high(low, high, candidate.low_text.as_deref(), candidate.high_text.as_deref(), notation);
            (None, Some(low), Some(high))
        }
        (_, _, Some(vague)) => {
            qualifier = "vague".into();
            (None, Some(number::vague_low(vague).ok_or_else(|| unparsed(candidate, "the magnitude", vague))?), None)
        }
        // A curator's `add` states its values in the review file.
        _ if candidate.rule == crate::review::RULE => (None, None, None),
        _ => {
            let text = candidate.number_text.as_deref().ok_or_else(|| unparsed(candidate, "no number in", &candidate.quote))?;
            let value = parse(text)?;
            match qualifier.as_str() {
                "more_than" | "at_least" => (Some(value), Some(value), None),
                "less_than" => (Some(value), None, Some(value)),
                _ => (Some(value), None, None),
            }
        }
    };

    let counted = what_it_counts(candidate, rules)?;
    let measure = match previous.filter(|p| is_part_of(candidate, p)) {
        Some(whole) => what_it_counts(whole, rules)?.measure,
        None => counted.measure,
    };
    let sentence = Sentence::of(candidate);
    let sources = context::attributions(sentence.text, rules);
    // A length of years is not dated by a year near it: that year marks one
    // end of it at most.
    let period = if counted.unit == "year" {
        None
    } else {
        context::period(&sentence, &candidate.paragraph_before, document.published).or_else(|| {
            let of_the_reported_event = EVENT_MEASURES.contains(&measure.as_str()) || SHORT_SPANS.contains(&counted.unit.as_str());
            document.current_year.filter(|_| of_the_reported_event && !context::names_an_era(&sentence)).map(|y| (y, y))
        })
    };
    let place = context::place(&sentence, &sources, &candidate.paragraph_before, lexicon).or_else(|| document.main_place.clone());
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
        attributed_to: context::attributed_to(&sentence, &sources, &candidate.paragraph_before, rules),
    })
}

pub fn is_reversed_range(figure: &Figure) -> bool {
    matches!((figure.value_low, figure.value_high), (Some(low), Some(high)) if low > high)
}

fn unparsed(candidate: &Candidate, what: &str, text: &str) -> String {
    format!("rule {} captured {what} {text:?}, which does not parse", candidate.rule)
}

/// Measures of what happens in an event. A figure of one of them whose
/// sentence and paragraph name no year happened when the document reporting
/// it was written (when that document reports its own time). Totals and
/// stocks (victims, population, records, money) are not dated by a report.
const EVENT_MEASURES: &[&str] = &[
    "killed", "executed", "died", "arrested", "convicted", "imprisoned", "exiled", "displaced", "missing", "wounded",
    "troops", "participants",
];

/// Duration units shorter than a year: "for four days" is part of the event.
const SHORT_SPANS: &[&str] = &["month", "week", "day", "hour"];

/// What a figure counts: its unit, measure and counted noun.
struct Counted {
    unit: String,
    measure: String,
    subject: Option<String>,
}

fn what_it_counts(candidate: &Candidate, rules: &RuleSet) -> Result<Counted, String> {
    let lexicon = &rules.lexicon;
    let after = text_after_quote(candidate);
    let (unit, class) = match &candidate.unit_text {
        Some(text) => {
            let (code, class) = lexicon.unit(text).ok_or_else(|| unparsed(candidate, "the unit", text))?;
            (code.to_string(), Some(class.to_string()))
        }
        None => (count_unit(candidate, &after, lexicon).to_string(), None),
    };
    let subject = if class.is_none() { counted_noun_phrase(&after) } else { None };
    let sentence = Sentence::of(candidate);
    let sources = context::attributions(sentence.text, rules);
    let measure = match class.as_deref() {
        Some("money") => "money".to_string(),
        Some("area") => "area".to_string(),
        Some("duration") => "duration".to_string(),
        // A share of a population is about the population; other shares are
        // shares. "38% of the country's population": the noun after "of"
        // says what it is a share of.
        Some("share") => {
            match context::measure(&sentence, counted_noun_phrase(&after).as_deref(), false, &sources, lexicon).as_deref() {
                Some("population") => "population".to_string(),
                _ => "share".to_string(),
            }
        }
        _ => {
            let counts_things = unit == "item";
            context::measure(&sentence, subject.as_deref(), counts_things, &sources, lexicon)
                .unwrap_or_else(|| "other".to_string())
        }
    };
    Ok(Counted { unit, measure, subject })
}

/// Words that make the number after them a part of the one before:
/// "hundreds of victims, including two children".
const PART_MARKERS: &[&str] = &["including", "among them", "among whom", "в том числе", "среди них"];

fn is_part_of(part: &Candidate, whole: &Candidate) -> bool {
    if whole.sentence != part.sentence || whole.sentence_char_start != part.sentence_char_start || whole.char_end > part.char_start {
        return false;
    }
    let from = (whole.char_end - whole.sentence_char_start) as usize;
    let to = (part.char_start - part.sentence_char_start) as usize;
    let between: String = part.sentence.chars().skip(from).take(to - from).collect::<String>().to_lowercase();
    let between = between.trim_end();
    PART_MARKERS.iter().any(|m| between.ends_with(m))
}

/// "between 1.5 and 2.3 million": the scale written once after the upper
/// bound applies to the lower one too.
fn scale_low_like_high(low: f64, high: f64, low_text: Option<&str>, high_text: Option<&str>, notation: number::Notation) -> f64 {
    let (Some(low_text), Some(high_text)) = (low_text, high_text) else { return low };
    let bare = |t: &str| number::parse_number(t.split_whitespace().next().unwrap_or(t), notation);
    let low_has_scale = low_text.split_whitespace().count() > 1;
    match (low_has_scale, bare(high_text)) {
        (false, Some(high_bare)) if high_bare != 0.0 && high_bare != high && low <= high_bare => low * (high / high_bare),
        _ => low,
    }
}

/// The sentence text after the quote.
fn text_after_quote(candidate: &Candidate) -> String {
    let offset = (candidate.char_end - candidate.sentence_char_start).max(0) as usize;
    candidate.sentence.chars().skip(offset).collect()
}

/// Words that end a noun phrase or stand where no counted noun is.
const FUNCTION_WORDS: &[&str] = &[
    "in", "at", "on", "from", "to", "and", "or", "but", "were", "was", "are", "is", "be", "been", "had", "have",
    "has", "who", "which", "that", "them", "those", "these", "they", "per", "for", "by", "with", "into", "across",
    "since", "during", "between", "than", "as", "respectively", "more", "each", "a", "an", "it", "its", "will",
    "would", "could", "can", "may", "said", "according", "of",
    // Russian
    "в", "во", "на", "из", "и", "или", "по", "за", "от", "до", "с", "со", "к", "у", "о", "об", "что", "как", "был",
    "была", "было", "были", "будут", "это", "которые", "которых", "а", "но", "же", "не", "для", "при", "под", "их",
    "они", "чем", "среди", "из-за",
];

/// The words that follow a number, with "of", "the" and "their" skipped and
/// punctuation stripped: "of Stalin's victims" → ["stalin's", "victims"].
fn following_words(after: &str) -> Vec<String> {
    let mut words = Vec::new();
    for raw in after.split_whitespace().take(8) {
        let leading_stop = raw.starts_with(['(', '[', ',', ';', ':', '.', '!', '?']);
        if leading_stop && !words.is_empty() {
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
        if words.is_empty() && matches!(word.as_str(), "of" | "the" | "their" | "his" | "her" | "our") {
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

/// `person` when the number counts people, else `item`: by the counted noun
/// when one follows, else by the people the sentence talks about.
fn count_unit(candidate: &Candidate, after: &str, lexicon: &Lexicon) -> &'static str {
    let words = following_words(after);
    let people_verb = |w: &str| lexicon.people_verbs.contains(w);
    // "задержаны 300" / "300 задержаны": a verb right after the number is no
    // counted noun.
    let noun_follows = words.first().is_some_and(|w| !FUNCTION_WORDS.contains(&w.as_str()) && !people_verb(w));
    if noun_follows {
        // A verb ends the phrase: "14 shops and killed 3 guards" counts shops.
        let phrase: Vec<&String> = words
            .iter()
            .filter(|w| *w != "and")
            .take_while(|w| !FUNCTION_WORDS.contains(&w.as_str()) && !people_verb(w))
            .take(8)
            .collect();
        let done_to_people = sentence_words(candidate).any(|w| people_verb(&w));
        let is_person = |w: &str| lexicon.person_nouns.contains(w) || (done_to_people && is_agent_noun(w));
        return if phrase.iter().any(|w| is_person(w)) { "person" } else { "item" };
    }
    let mentions_people = sentence_words(candidate).any(|w| lexicon.person_nouns.contains(&w) || people_verb(&w));
    if mentions_people {
        "person"
    } else {
        "item"
    }
}

fn sentence_words(candidate: &Candidate) -> impl Iterator<Item = String> + '_ {
    candidate.sentence.split(|c: char| !(c.is_alphanumeric() || c == '-')).map(str::to_lowercase)
}

/// Plural agent nouns ("herders", "activists", "civilians", "detainees"):
/// people, when the sentence does to them what is done to people.
fn is_agent_noun(word: &str) -> bool {
    ["ers", "ists", "ians", "ees", "men"].iter().any(|suffix| word.len() > suffix.len() + 2 && word.ends_with(suffix))
}

/// The counted noun phrase as written, lower-cased: "seasoned filmmakers",
/// "stalin's victims", "archived kgb cards", "мирных жителей".
fn counted_noun_phrase(after: &str) -> Option<String> {
    let words = following_words(after);
    let phrase: Vec<String> = words.into_iter().take_while(|w| !FUNCTION_WORDS.contains(&w.as_str())).take(4).collect();
    let mut out = Vec::new();
    for word in phrase {
        let plural = (word.ends_with('s') && !word.ends_with("'s") && !word.ends_with("’s"))
            || IRREGULAR_PLURALS.contains(&word.as_str());
        let russian_noun = is_cyrillic(&word) && !RUSSIAN_ADJECTIVE_ENDINGS.iter().any(|e| word.ends_with(e));
        out.push(word);
        if plural || russian_noun {
            break;
        }
    }
    (!out.is_empty()).then(|| out.join(" "))
}

/// English plurals without an s: "500,000 people fled the famine" counts
/// people, not a famine.
const IRREGULAR_PLURALS: &[&str] = &["people", "men", "women", "children", "police", "policemen", "servicemen"];

/// Endings of Russian adjectives and participles in the cases a counted noun
/// phrase takes: "мирных жителей", "казахских семей". A Russian word with
/// another ending is the noun, which ends the phrase.
const RUSSIAN_ADJECTIVE_ENDINGS: &[&str] =
    &["ых", "их", "ые", "ие", "ой", "ый", "ий", "ая", "яя", "ое", "ее", "ую", "юю", "ого", "его", "ому", "ему", "ым", "им"];

fn is_cyrillic(word: &str) -> bool {
    word.chars().any(|c| matches!(c, '\u{400}'..='\u{4ff}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn following_words_skip_of_and_stop_at_punctuation() {
        assert_eq!(following_words(" of Stalin's victims. Then"), vec!["stalin's", "victims"]);
        assert_eq!(following_words("” terrorists and"), vec!["terrorists", "and"]);
        assert_eq!(following_words("."), Vec::<String>::new());
    }

    #[test]
    fn noun_phrase_stops_at_the_plural_noun() {
        assert_eq!(counted_noun_phrase(" archived KGB cards with the names").as_deref(), Some("archived kgb cards"));
        assert_eq!(counted_noun_phrase(" in Kyrgyzstan"), None);
        assert_eq!(counted_noun_phrase(" people fled the famine").as_deref(), Some("people"));
        assert_eq!(counted_noun_phrase(" мирных жителей погибли").as_deref(), Some("мирных жителей"));
        assert_eq!(counted_noun_phrase("-volume collection of his work").as_deref(), Some("volume collection"));
    }
}
