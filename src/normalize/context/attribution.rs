//! On whose word a figure stands (`figures.attributed_to`): the attributions
//! the attribution rules found in its sentence and paragraph.

use std::ops::Range;

use super::english::in_english;
use super::sentence::Sentence;
use super::passage::{Attribution, Passage};
use crate::rules::lexicon::Lexicon;
use crate::text::{is_word_end, is_word_start, squash};

/// Who the sentence says gives its figures: the source of the attribution
/// match nearest the number. A source that hands over to words after it
/// ("After two weeks, X announced that …") speaks for what follows, not for
/// a number before it. When the sentence names no source, the last one
/// named earlier in its paragraph speaks for it ("According to the ministry,
/// 300 were held. Another 20 are missing."), as does a speaker who opens
/// the paragraph of a transcript ("Jane Doe (JD): …").
pub fn attributed_to(sentence: &Sentence, sources: &[Attribution], before: &Passage, lexicon: &Lexicon) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for found in sources {
        if found.whole.start >= sentence.quote.end && hands_over(sentence.text, &found.whole, lexicon) {
            continue;
        }
        let distance = sentence.distance(&found.whole);
        let earlier = format!("{} {}", before.text, &sentence.text[..found.source.start]);
        let named = in_own_words(sentence.text, found, &earlier, lexicon);
        if !named.is_empty() && !is_pronoun(&named, lexicon) && best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, named));
        }
    }
    if let Some((_, source)) = best {
        return Some(source);
    }
    let mut earlier: Vec<&Attribution> = before.attributions.iter().collect();
    earlier.sort_by_key(|a| a.whole.start);
    earlier
        .into_iter()
        .rev()
        .map(|a| in_own_words(before.text, a, &before.text[..a.source.start], lexicon))
        .find(|s| !s.is_empty() && !is_pronoun(s, lexicon))
}

/// The source an attribution names, as a name and in English. Words
/// before it like "по словам" put a Russian name in the genitive.
fn in_own_words(text: &str, found: &Attribution, before: &str, lexicon: &Lexicon) -> String {
    let named = name_source(&text[found.source.clone()], before, lexicon);
    let lead = text[found.whole.start..found.source.start].to_lowercase();
    let genitive = lexicon.words.genitive_leads.iter().any(|w| lead.contains(w));
    in_english(&named, genitive, lexicon)
}

/// "it", "It's", "они": a source that names no one.
fn is_pronoun(source: &str, lexicon: &Lexicon) -> bool {
    lexicon.words.pronouns.contains(&source.to_lowercase())
}

/// Whether an attribution introduces words that follow it: "X said that …",
/// "X wrote: …", "X said “…”".
pub fn hands_over(text: &str, whole: &Range<usize>, lexicon: &Lexicon) -> bool {
    let after = text[whole.end..].trim_start();
    after.starts_with([':', '“', '"', '«'])
        || lexicon.words.hands_over.iter().any(|w| after.starts_with(w) && is_word_end(after, w.len()))
}

/// The source as a name: trimmed, without a leading article, and with an
/// owner named by a common noun ("the company’s financial statements")
/// replaced by the name the text gave it before ("the investment company
/// Acme Corp." → "Acme Corp. financial statements").
fn name_source(source: &str, before: &str, lexicon: &Lexicon) -> String {
    // "On Monday the ministry": words that begin no name are no part of it.
    let mut trimmed = source.trim().trim_end_matches(['’', '\'']);
    while let Some((first, rest)) = trimmed.split_once(' ') {
        if !lexicon.not_names.contains(first) {
            break;
        }
        trimmed = rest.trim_start();
    }
    let without_article = trimmed.strip_prefix("the ").or_else(|| trimmed.strip_prefix("The ")).unwrap_or(trimmed);
    let named = match owner_noun(without_article) {
        Some((noun, owned)) if trimmed.len() != without_article.len() => {
            named_before(noun, before).map(|name| format!("{name} {owned}"))
        }
        _ => None,
    };
    squash(named.as_deref().unwrap_or(without_article))
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
    fn an_owner_named_by_a_common_noun_takes_its_name() {
        let before = "He founded the mining company Ore Holdings Ltd. Ivan Petrov.";
        let rules = crate::rules::RuleSet::load(None).unwrap();
        let lexicon = &rules.lexicon;
        assert_eq!(name_source("the company’s annual report", before, lexicon), "Ore Holdings Ltd. annual report");
        assert_eq!(name_source("the company’s annual report", "No name here.", lexicon), "company’s annual report");
        assert_eq!(name_source("On Monday the ministry", "", lexicon), "ministry");
    }
}
