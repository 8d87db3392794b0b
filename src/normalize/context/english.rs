//! A source named in Russian, given in English: `figures.attributed_to`
//! names its sources in English as `figures.place` names places
//! (DATASET.md: "Kazakh government", "Interior Ministry of Kazakhstan").
//! The words of `[lexicon.source_words]` are translated, the gazetteer's
//! places take their canonical names, and the other words — names, mostly —
//! are romanized letter by letter (`[lexicon.romanization]`), a name in the
//! genitive first put back into the nominative.

use crate::rules::lexicon::{Lexicon, SourcesInEnglish};
use crate::text::is_cyrillic;

/// The longest phrase of `[lexicon.source_words]`, in words.
const LONGEST_SOURCE_PHRASE: usize = 3;

/// The source in English; a source without Cyrillic letters as it is.
/// `genitive`: the source follows "по словам", "по данным", "со ссылкой на".
pub fn in_english(source: &str, genitive: bool, lexicon: &Lexicon) -> String {
    if !source.chars().any(is_cyrillic) {
        return source.to_string();
    }
    let places = lexicon.gazetteer.find(source);
    let words: Vec<(usize, &str)> = source.split_whitespace().map(|w| (w.as_ptr() as usize - source.as_ptr() as usize, w)).collect();
    let tables = &lexicon.in_english;
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (at, _) = words[i];
        if let Some((span, place)) = places.iter().find(|(span, e)| span.start == at && e.entity_type == "place") {
            // "Минздрав Беларуси": a place after the source's noun is its owner.
            out.push(if out.is_empty() { place.name.clone() } else { format!("of {}", place.name) });
            i = words.iter().position(|(start, _)| *start >= span.end).unwrap_or(words.len());
            continue;
        }
        let phrase = (1..=LONGEST_SOURCE_PHRASE.min(words.len() - i)).rev().find_map(|n| {
            let phrase: Vec<String> = words[i..i + n].iter().map(|(_, w)| bare(w).to_lowercase()).collect();
            tables.source_words.get(&phrase.join(" ")).map(|english| (n, english))
        });
        match phrase {
            Some((n, english)) => {
                out.push(english.clone());
                i += n;
            }
            None => {
                let word = bare(words[i].1);
                let capitalized = word.chars().next().is_some_and(char::is_uppercase);
                let word = if genitive && capitalized { nominative(word, tables) } else { word.to_string() };
                if !word.is_empty() {
                    out.push(romanized(&word, tables));
                }
                i += 1;
            }
        }
    }
    out.join(" ")
}

/// The word without the punctuation around it.
fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

/// A name in the genitive put back into the nominative by the longest
/// ending of `[lexicon.genitive_name_endings]` it has ("Земскова" →
/// "Земсков", "Дмитрия" → "Дмитрий"); "_" stands for a consonant.
fn nominative(name: &str, tables: &SourcesInEnglish) -> String {
    let chars: Vec<char> = name.chars().collect();
    let best = tables
        .genitive_name_endings
        .iter()
        .filter(|(ending, _)| {
            let ending: Vec<char> = ending.chars().collect();
            ending.len() < chars.len()
                && chars[chars.len() - ending.len()..]
                    .iter()
                    .zip(&ending)
                    .all(|(c, e)| if *e == '_' { is_consonant(*c) } else { c.to_lowercase().eq(e.to_lowercase()) })
        })
        .max_by_key(|(ending, _)| ending.chars().count());
    let Some((ending, replacement)) = best else { return name.to_string() };
    let stem: String = chars[..chars.len() - ending.chars().count()].iter().collect();
    // "_" keeps the consonant it stood for.
    let kept: String = ending.chars().zip(&chars[chars.len() - ending.chars().count()..]).filter(|(e, _)| *e == '_').map(|(_, c)| *c).collect();
    format!("{stem}{}", replacement.replacen('_', &kept, 1))
}

fn is_consonant(c: char) -> bool {
    is_cyrillic(c) && c.is_alphabetic() && !"аеёиоуыэюяйьъ".contains(c.to_lowercase().next().unwrap_or(c))
}

/// Letter by letter, a capital staying a capital ("Жанаозен" →
/// "Zhanaozen"); letters the table lacks stay as they are.
fn romanized(word: &str, tables: &SourcesInEnglish) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        match tables.romanization.get(&lower) {
            Some(latin) if c.is_uppercase() => {
                let mut letters = latin.chars();
                out.extend(letters.next().map(|first| first.to_ascii_uppercase()));
                out.extend(letters);
            }
            Some(latin) => out.push_str(latin),
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_sources_are_given_in_english() {
        let rules = crate::rules::RuleSet::load(None).unwrap();
        let lexicon = &rules.lexicon;
        assert_eq!(in_english("Данияр Молдабеков", false, lexicon), "Daniyar Moldabekov");
        assert_eq!(in_english("историка Виктора Земскова", true, lexicon), "historian Viktor Zemskov");
        assert_eq!(in_english("министра здравоохранения Дмитрия Пиневича", true, lexicon), "Health Minister Dmitriy Pinevich");
        assert_eq!(in_english("Минздрав Беларуси", false, lexicon), "Ministry of Health of Belarus");
        assert_eq!(in_english("официальным данным", true, lexicon), "official data");
        assert_eq!(in_english("Human Rights Watch", false, lexicon), "Human Rights Watch");
    }
}
