//! What a candidate says: its value and bounds, qualifier, unit, measure and
//! counted noun, from the parts the rule captured and the sentence around it.

use super::context::passage::{FigureText, Passage};
use super::context::{attribution, measure, period, place, DocumentContext};
use crate::contract::{Candidate, REVIEW_RULE};
use crate::number;
use crate::rules::lexicon::Lexicon;
use crate::text::is_cyrillic;

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
            let text = candidate.number_text.as_deref().ok_or_else(|| unparsed(candidate, "no number in", &candidate.quote))?;
            let value = parse(text)?;
            match qualifier.as_str() {
                "more_than" | "at_least" => (Some(value), Some(value), None),
                "less_than" => (Some(value), None, Some(value)),
                _ => (Some(value), None, None),
            }
        }
    };

    let counted = what_it_counts(reading, lexicon)?;
    let measure = match previous.filter(|p| is_part_of(reading, p, lexicon)) {
        Some(whole) => what_it_counts(whole, lexicon)?.measure,
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
        period::period(&sentence, periods, &reading.sentence.clause_breaks, reading.before, document.published, lexicon).or_else(|| {
            let of_the_reported_event =
                lexicon.words.event_measures.contains(&measure) || lexicon.words.short_spans.contains(&counted.unit);
            document.current_year.filter(|_| of_the_reported_event && !period::names_an_era(&sentence, lexicon)).map(|y| (y, y))
        })
    };
    let place = place::place(&sentence, &reading.sentence.places, sources, reading.before, lexicon)
        .or_else(|| document.main_place.clone());
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
        attributed_to: attribution::attributed_to(&sentence, sources, reading.before, lexicon),
    })
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

fn what_it_counts(reading: &Reading, lexicon: &Lexicon) -> Result<Counted, String> {
    let candidate = reading.candidate;
    let sentence = reading.text.sentence();
    let after = &sentence.text[sentence.quote.end..];
    let (unit, class) = match &candidate.unit_text {
        Some(text) => {
            let (code, class) = lexicon.unit(text).ok_or_else(|| unparsed(candidate, "the unit", text))?;
            (code.to_string(), Some(class.to_string()))
        }
        None => (count_unit(sentence.text, after, lexicon).to_string(), None),
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
            match measure::measure(&sentence, counted_noun_phrase(after, lexicon).as_deref(), false, sources, lexicon).as_deref() {
                Some("population") => "population".to_string(),
                _ => "share".to_string(),
            }
        }
        _ => {
            let counts_things = unit == "item";
            measure::measure(&sentence, subject.as_deref(), counts_things, sources, lexicon).unwrap_or_else(|| "other".to_string())
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

/// `person` when the number counts people, else `item`: by the counted noun
/// when one follows, else by the people the sentence talks about.
fn count_unit(sentence: &str, after: &str, lexicon: &Lexicon) -> &'static str {
    let words = following_words(after, lexicon);
    let function_word = |w: &str| lexicon.words.function_words.contains(w);
    let people_verb = |w: &str| lexicon.people_verbs.contains(w);
    // "задержаны 300" / "300 задержаны": a verb right after the number is no
    // counted noun.
    let noun_follows = words.first().is_some_and(|w| !function_word(w) && !people_verb(w));
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
        // ещё 70 человек": the noun of an elided clause).
        let curated = |w: &str| lexicon.person_nouns.curated.contains(w);
        let agents = phrase.iter().any(|w| curated(w) || (done_to_people && is_agent_noun(w, lexicon)));
        return if lexicon.person_nouns.names_people(&head) || agents { "person" } else { "item" };
    }
    let mentions_people = sentence_words(sentence).any(|w| lexicon.person_nouns.contains(&w) || people_verb(&w));
    if mentions_people {
        "person"
    } else {
        "item"
    }
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
