//! What the page shows, read from a publication (its CSV tables) and the
//! raw texts, in the compact form the page's script reads: rows as arrays,
//! sentences written once, offsets in the UTF-16 units a browser's strings
//! count (the tables count code points).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::contract::read_records;
use crate::provenance::sha256_hex;
use crate::schema::{CLAIMS, DOCUMENTS, ENTITIES, FIGURES, MENTIONS};

#[derive(Deserialize)]
struct DocumentRow {
    doc_id: String,
    file: String,
    title: Option<String>,
    publisher: Option<String>,
    published: Option<String>,
    sha256: String,
}

#[derive(Deserialize)]
struct FigureRow {
    figure_id: String,
    doc_id: String,
    quote: String,
    value: Option<f64>,
    value_low: Option<f64>,
    value_high: Option<f64>,
    qualifier: String,
    unit: String,
    measure: String,
    subject: Option<String>,
    place: Option<String>,
    period_start: Option<i32>,
    period_end: Option<i32>,
    attributed_to: Option<String>,
    sentence: String,
    char_start: usize,
    char_end: usize,
    byte_start: i64,
    byte_end: i64,
    line: i64,
    rule: String,
    review: String,
    review_note: Option<String>,
    claim_id: Option<String>,
    repeats: Option<String>,
}

#[derive(Deserialize)]
struct ClaimRow {
    claim_id: String,
    label: String,
    unit: String,
    source_count: i64,
    low: Option<f64>,
    high: Option<f64>,
    spread: Option<f64>,
    figure_ids: String,
    review_note: Option<String>,
}

#[derive(Deserialize)]
struct MentionRow {
    entity_id: String,
    doc_id: String,
    char_start: usize,
    char_end: usize,
}

#[derive(Deserialize)]
struct EntityRow {
    entity_id: String,
    name: String,
    #[serde(rename = "type")]
    entity_type: String,
}

/// A document: id, title, publisher, date, and its text when the raw file
/// is the one the dataset was made from.
#[derive(Serialize)]
pub struct Document(String, Option<String>, Option<String>, Option<String>, Option<String>);

/// A claim: id, label, unit, documents, low, high, spread, note, and its
/// figures as indices into `figures`.
#[derive(Serialize)]
pub struct Claim(String, String, String, i64, Option<f64>, Option<f64>, Option<f64>, Option<String>, Vec<usize>);

/// A figure, in the order of `FIGURE_FIELDS` in page.js.
#[derive(Serialize)]
pub struct Figure(
    String,
    usize,
    String,
    [Option<f64>; 3],
    [String; 3],
    [Option<String>; 2],
    [Option<i32>; 2],
    Option<String>,
    usize,
    [i64; 5],
    [String; 2],
    Option<String>,
    Option<usize>,
    Option<String>,
    [usize; 2],
);

/// Everything the page shows.
#[derive(Serialize)]
pub struct PageData {
    pub documents: Vec<Document>,
    pub claims: Vec<Claim>,
    pub figures: Vec<Figure>,
    sentences: Vec<String>,
    /// (id, name, type)
    entities: Vec<(String, String, String)>,
    /// (document, start, end, entity), offsets in UTF-16 units.
    mentions: Vec<(usize, usize, usize, usize)>,
}

fn table<T: DeserializeOwned>(out: &Path, name: &str) -> Result<Vec<T>> {
    read_records(&out.join(format!("{name}.csv"))).with_context(|| format!("{}: not a published dataset (run tally publish)", out.display()))
}

impl PageData {
    pub fn read(out: &Path, raw: &Path) -> Result<PageData> {
        let documents: Vec<DocumentRow> = table(out, DOCUMENTS.name)?;
        let figures: Vec<FigureRow> = table(out, FIGURES.name)?;
        let mut claims: Vec<ClaimRow> = table(out, CLAIMS.name)?;
        let mentions: Vec<MentionRow> = table(out, MENTIONS.name)?;
        let entities: Vec<EntityRow> = table(out, ENTITIES.name)?;

        let texts: Vec<Option<String>> = documents.iter().map(|d| text_of(raw, d)).collect();
        let doc_index: BTreeMap<&str, usize> = documents.iter().enumerate().map(|(i, d)| (d.doc_id.as_str(), i)).collect();
        let units: Vec<Option<Utf16>> = texts.iter().map(|t| t.as_deref().map(Utf16::new)).collect();
        let at = |doc: usize, chars: usize| units[doc].as_ref().map_or(chars, |u| u.of(chars));

        // The claims most sources answer first, as the chart shows them.
        claims.sort_by(|a, b| (b.source_count, b.figure_ids.len(), &a.label, &a.claim_id).cmp(&(a.source_count, a.figure_ids.len(), &b.label, &b.claim_id)));
        let claim_index: BTreeMap<&str, usize> = claims.iter().enumerate().map(|(i, c)| (c.claim_id.as_str(), i)).collect();
        let figure_index: BTreeMap<&str, usize> = figures.iter().enumerate().map(|(i, f)| (f.figure_id.as_str(), i)).collect();

        let mut sentences: Vec<String> = Vec::new();
        let mut sentence_index: BTreeMap<&str, usize> = BTreeMap::new();
        let mut figures_out = Vec::with_capacity(figures.len());
        for f in &figures {
            let doc = *doc_index.get(f.doc_id.as_str()).with_context(|| format!("figure {}: unknown document {}", f.figure_id, f.doc_id))?;
            let sentence = *sentence_index.entry(f.sentence.as_str()).or_insert_with(|| {
                sentences.push(f.sentence.clone());
                sentences.len() - 1
            });
            figures_out.push(Figure(
                f.figure_id.clone(),
                doc,
                f.quote.clone(),
                [f.value, f.value_low, f.value_high],
                [f.qualifier.clone(), f.unit.clone(), f.measure.clone()],
                [f.subject.clone(), f.place.clone()],
                [f.period_start, f.period_end],
                f.attributed_to.clone(),
                sentence,
                [f.char_start as i64, f.char_end as i64, f.byte_start, f.byte_end, f.line],
                [f.rule.clone(), f.review.clone()],
                f.review_note.clone(),
                f.claim_id.as_deref().and_then(|id| claim_index.get(id).copied()),
                f.repeats.clone(),
                [at(doc, f.char_start), at(doc, f.char_end)],
            ));
        }
        let claims_out = claims
            .iter()
            .map(|c| {
                let members = c.figure_ids.split('|').filter_map(|id| figure_index.get(id).copied()).collect();
                Claim(c.claim_id.clone(), c.label.clone(), c.unit.clone(), c.source_count, c.low, c.high, c.spread, c.review_note.clone(), members)
            })
            .collect();
        let entity_index: BTreeMap<&str, usize> = entities.iter().enumerate().map(|(i, e)| (e.entity_id.as_str(), i)).collect();
        let mentions_out = mentions
            .iter()
            .filter_map(|m| {
                let doc = *doc_index.get(m.doc_id.as_str())?;
                Some((doc, at(doc, m.char_start), at(doc, m.char_end), *entity_index.get(m.entity_id.as_str())?))
            })
            .collect();
        let documents_out = documents
            .into_iter()
            .zip(texts)
            .map(|(d, text)| Document(d.doc_id, d.title, d.publisher, d.published, text))
            .collect();
        Ok(PageData {
            documents: documents_out,
            claims: claims_out,
            figures: figures_out,
            sentences,
            entities: entities.into_iter().map(|e| (e.entity_id, e.name, e.entity_type)).collect(),
            mentions: mentions_out,
        })
    }

    pub fn to_json(&self) -> Result<String> {
        Ok(serde_json::to_string(self)?)
    }
}

/// The text of a document when its raw file is there and is the one the
/// dataset was made from (its offsets point into it); otherwise a warning,
/// and the page shows the figures without the text.
fn text_of(raw: &Path, document: &DocumentRow) -> Option<String> {
    let path = raw.join(&document.file);
    let problem = match std::fs::read(&path) {
        Ok(bytes) if sha256_hex(&bytes) == document.sha256 => match String::from_utf8(bytes) {
            Ok(text) => return Some(text),
            Err(_) => "is not UTF-8".to_string(),
        },
        Ok(_) => "has changed since the dataset was published (its SHA-256 differs)".to_string(),
        Err(e) => format!("cannot be read ({e})"),
    };
    crate::console::warn(&format!("{}: {problem}; the page shows its figures without the text", path.display()));
    None
}

/// Code point offsets turned into UTF-16 offsets, for one text.
struct Utf16 {
    /// The UTF-16 offset of each code point, and of the end.
    at: Vec<u32>,
}

impl Utf16 {
    fn new(text: &str) -> Utf16 {
        let mut at = Vec::with_capacity(text.len() + 1);
        let mut units = 0u32;
        for c in text.chars() {
            at.push(units);
            units += c.len_utf16() as u32;
        }
        at.push(units);
        Utf16 { at }
    }

    fn of(&self, chars: usize) -> usize {
        self.at.get(chars).or(self.at.last()).copied().unwrap_or(0) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points_become_utf16_units() {
        let units = Utf16::new("a😀b");
        assert_eq!((units.of(0), units.of(1), units.of(2), units.of(3)), (0, 1, 3, 4));
    }
}
