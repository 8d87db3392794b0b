//! On whose word a figure stands (`figures.attributed_to`): the attributions
//! the attribution rules found in its sentence and paragraph.

use std::ops::Range;

use super::english::in_english;
use super::sentence::Sentence;
use super::passage::{Attribution, Passage};
use crate::rules::lexicon::Lexicon;
use crate::text::{contains, is_word_end, is_word_start, squash};

/// Who the sentence says gives its figures: the source of the attribution
/// match nearest the number. A source that hands over to words after it
/// ("After two weeks, X announced that …") speaks for what follows, not for
/// a number before it; a pronoun ("— сказал он") names no one here (see
/// [`SourcesOfText`]).
pub fn in_sentence(sentence: &Sentence, sources: &[Attribution], before: &Passage, lexicon: &Lexicon) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for found in sources {
        if found.whole.start >= sentence.quote.end && hands_over(sentence.text, &found.whole, lexicon) {
            continue;
        }
        let distance = sentence.distance(&found.whole);
        let earlier = format!("{} {}", before.text, &sentence.text[..found.source.start]);
        let named = in_own_words(sentence.text, found, &earlier, lexicon);
        if !named.is_empty() && !is_pronoun(&sentence.text[found.source.clone()], lexicon) && best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, named));
        }
    }
    best.map(|(_, source)| source)
}

/// When the sentence names no source, the last one named earlier in its
/// paragraph speaks for it ("According to the ministry, 300 were held.
/// Another 20 are missing."), as does a speaker who opens the paragraph of a
/// transcript ("Jane Doe (JD): …").
pub fn earlier_in_paragraph(before: &Passage, lexicon: &Lexicon) -> Option<String> {
    let mut earlier: Vec<&Attribution> = before.attributions.iter().collect();
    earlier.sort_by_key(|a| a.whole.start);
    earlier
        .into_iter()
        .rev()
        .filter(|a| !is_pronoun(&before.text[a.source.clone()], lexicon))
        .map(|a| in_own_words(before.text, a, &before.text[..a.source.start], lexicon))
        .find(|s| !s.is_empty())
}

/// A source the text names, in offsets of the document, for figures whose
/// own sentence and the paragraph before them name none.
#[derive(Debug)]
pub struct NamedSource {
    pub whole: Range<usize>,
    /// In English, as [`in_sentence`] gives it.
    pub name: String,
    /// "he", "она": names whoever the text named last.
    pub pronoun: bool,
    /// Introduces words after it ("X said that …").
    pub hands_over: bool,
    /// Speaks for the sentences before it: it ends its sentence ("…, сообщил
    /// Асылов.", "…, according to the ministry.") or refers back to them
    /// ("Такую цифру назвал X", "These figures were given by X").
    pub looks_back: bool,
}

impl NamedSource {
    /// An attribution of `sentence` (a sentence of the document beginning at
    /// `origin`) in document offsets.
    pub fn of(sentence: &str, origin: usize, found: &Attribution, lexicon: &Lexicon) -> Option<NamedSource> {
        let name = in_own_words(sentence, found, &sentence[..found.source.start], lexicon);
        if name.is_empty() {
            return None;
        }
        let rest = &sentence[found.whole.end..];
        let ends_sentence = rest.chars().all(|c| !c.is_alphanumeric());
        let lead = sentence[found.whole.start..].to_lowercase();
        let refers_back = lexicon.words.refers_back.iter().any(|w| lead.starts_with(w));
        Some(NamedSource {
            whole: found.whole.start + origin..found.whole.end + origin,
            pronoun: is_pronoun(&sentence[found.source.clone()], lexicon),
            hands_over: hands_over(sentence, &found.whole, lexicon),
            looks_back: ends_sentence || refers_back,
            name,
        })
    }
}

/// Whether a source is the name of an event, which says nothing: "60%
/// граждан считают Голодомор геноцидом" reports no word of the Holodomor.
fn names_an_event(source: &str, lexicon: &Lexicon) -> bool {
    let trimmed = source.trim();
    lexicon.gazetteer.find(trimmed).iter().any(|(span, entity)| entity.entity_type == "event" && span.len() == trimmed.len())
}

/// The sources a document names, in text order, and the quotations its
/// paragraphs hold: for a figure whose sentence and paragraph before it
/// name no source, who speaks for it later ("«… 230 погибших …», — сказал
/// он"; "Такие цифры назвали жители города") and whom a pronoun names.
#[derive(Debug, Default)]
pub struct SourcesOfText {
    pub sources: Vec<NamedSource>,
    /// Quoted passages, which may run over several sentences, in document
    /// offsets.
    pub quotations: Vec<Range<usize>>,
}

impl SourcesOfText {
    /// What a pronoun source at `at` names: the last source named before it
    /// that is not one.
    fn referent(&self, at: usize) -> Option<&str> {
        self.sources.iter().rev().find(|s| s.whole.end <= at && !s.pronoun).map(|s| s.name.as_str())
    }

    fn resolved(&self, source: &NamedSource) -> Option<String> {
        if source.pronoun {
            self.referent(source.whole.start).map(str::to_string)
        } else {
            Some(source.name.clone())
        }
    }

    /// Who speaks the quotation that holds the figure: the source right
    /// after its closing mark (“… Another 20 are missing,” said Jane Doe).
    pub fn quotation_speaker(&self, figure: &Range<usize>) -> Option<String> {
        let quotation = self.quotations.iter().filter(|q| contains(q, figure)).min_by_key(|q| q.len())?;
        let speaker = self.sources.iter().find(|s| s.whole.start >= quotation.end && s.whole.start <= quotation.end + SPEAKER_AFTER_QUOTATION)?;
        self.resolved(speaker)
    }

    /// Whom a pronoun source in the figure's sentence names ("Nine died,
    /// she said"), unless it introduces words after the figure.
    pub fn pronoun_in(&self, sentence: &Range<usize>, figure: &Range<usize>) -> Option<String> {
        let pronoun = self
            .sources
            .iter()
            .filter(|s| s.pronoun && contains(sentence, &s.whole))
            .find(|s| !(s.whole.start >= figure.end && s.hands_over))?;
        self.resolved(pronoun)
    }

    /// The source named next in the figure's paragraph, after its sentence,
    /// when it speaks for the sentences before it and no other source comes
    /// between ("Пока нашли только 771 единицу, передает Orda.kz." speaks
    /// for the sentence before it too).
    pub fn named_after(&self, sentence: &Range<usize>, paragraph: &Range<usize>) -> Option<String> {
        let next = self.sources.iter().find(|s| s.whole.start >= sentence.end)?;
        if next.whole.end > paragraph.end || !next.looks_back {
            return None;
        }
        self.resolved(next)
    }
}

/// How far (in bytes) a speaker may stand after a quotation's closing mark:
/// ", — " and ", " with room to spare.
const SPEAKER_AFTER_QUOTATION: usize = 8;

/// The source an attribution names, as a name and in English, or nothing
/// for an event's name or a source that names no one ("по разным данным"). Words before it like "по словам" put a Russian
/// name in the genitive.
fn in_own_words(text: &str, found: &Attribution, before: &str, lexicon: &Lexicon) -> String {
    let source = &text[found.source.clone()];
    if names_an_event(source, lexicon) || lexicon.words.anonymous_sources.contains(&squash(source).to_lowercase()) {
        return String::new();
    }
    let named = name_source(&text[found.source.clone()], before, lexicon);
    let lead = text[found.whole.start..found.source.start].to_lowercase();
    let genitive = lexicon.words.genitive_leads.iter().any(|w| lead.contains(w));
    in_english(&named, genitive, lexicon)
}

/// "it", "It's", "они": a source that names no one (as written: "он" in
/// English letters is no English pronoun).
fn is_pronoun(source: &str, lexicon: &Lexicon) -> bool {
    lexicon.words.pronouns.contains(&source.trim().to_lowercase())
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
