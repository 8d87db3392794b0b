//! Figure context: what a number counts (measure), where (place), when
//! (period) and on whose word (attributed_to). Each has its file; this one
//! joins what extract found — the sentences, the context rules' spans, the
//! gazetteer's places — to each candidate on byte offsets, and says what a
//! document as a whole implies.

pub mod attribution;
pub mod measure;
pub mod passage;
pub mod period;
pub mod place;
pub mod sentence;

use std::collections::BTreeMap;

use crate::contract::{Candidate, DocumentRecord, SPAN_PERIOD};
use passage::{DocumentText, YearSpan};
use period::year_of_date;

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
    pub fn of(document: &DocumentRecord, candidates: &[&Candidate], text: &DocumentText) -> DocumentContext {
        let published = document.published.as_deref().and_then(year_of_date);
        let names = |year: i32| {
            candidates.iter().any(|c| {
                let range = c.context_byte_start as usize..c.sentence_byte_end as usize;
                text.spans_inside(&range).filter(|s| s.kind == SPAN_PERIOD).any(|s| {
                    let years = s.first.as_deref().and_then(|f| YearSpan::of(0..0, f, s.last.as_deref(), false));
                    years.is_some_and(|p| p.start <= year && year - 1 <= p.end)
                })
            })
        };
        DocumentContext { main_place: main_place(candidates, text), published, current_year: published.filter(|&year| names(year)) }
    }
}

/// The place a document's figures' sentences name most, for figures whose
/// own context names none.
fn main_place(candidates: &[&Candidate], text: &DocumentText) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for candidate in candidates {
        let sentence = candidate.sentence_byte_start as usize..candidate.sentence_byte_end as usize;
        for (_, place) in text.places_inside(&sentence) {
            *counts.entry(place).or_default() += 1;
        }
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(p, _)| p.to_string())
}
