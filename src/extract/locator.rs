//! Where spans stand in one text: code point offsets, line, sentence and a
//! stable id, computed once per document and shared by figures and mentions.

use std::collections::HashMap;
use std::ops::Range;

use super::sentences::{paragraph_start, paragraph_starts};
use crate::provenance::{self, OffsetIndex};
use crate::text::ceil_char_boundary;

/// How far back a figure's context reaches: to the start of its paragraph,
/// but no more than this many bytes before its sentence, so that a text
/// without blank lines does not make every figure read the whole text.
pub const PARAGRAPH_CONTEXT_BYTES: usize = 1500;

pub struct Locator<'t> {
    pub doc_id: &'t str,
    pub text: &'t str,
    pub index: OffsetIndex,
    /// The sentences of the text, in order (`sentences::sentence_spans`).
    pub sentences: Vec<Range<usize>>,
    paragraph_starts: Vec<usize>,
    /// How many spans of each kind already had an id key, so that a repeated
    /// caption still gets distinct ids.
    seen_keys: HashMap<&'static str, HashMap<String, usize>>,
}

/// The provenance of one span.
pub struct Location {
    pub id: String,
    /// The sentence that holds the span (the union of sentences when it
    /// crosses a boundary the splitter drew).
    pub sentence: Range<usize>,
    /// Where the figure's context begins (see [`PARAGRAPH_CONTEXT_BYTES`]).
    pub context_start: usize,
    pub char_start: i64,
    pub char_end: i64,
    pub line: i64,
}

impl<'t> Locator<'t> {
    pub fn new(doc_id: &'t str, text: &'t str, sentences: Vec<Range<usize>>) -> Locator<'t> {
        Locator {
            doc_id,
            text,
            index: OffsetIndex::new(text),
            sentences,
            paragraph_starts: paragraph_starts(text),
            seen_keys: HashMap::new(),
        }
    }

    /// Locates `span`; `kind` prefixes its id ("fig", "men").
    pub fn locate(&mut self, kind: &'static str, span: Range<usize>) -> Location {
        let sentence = sentence_around(&self.sentences, span.clone(), self.text.len());
        let sentence_text = &self.text[sentence.clone()];
        let key = provenance::id_key(self.doc_id, sentence_text, span.start - sentence.start, span.end - sentence.start);
        let seen = self.seen_keys.entry(kind).or_default();
        let repeat = match seen.get_mut(&key) {
            Some(n) => {
                *n += 1;
                *n
            }
            None => 0,
        };
        let id = provenance::stable_id(kind, &key, repeat);
        if repeat == 0 {
            seen.insert(key, 0);
        }
        Location {
            id,
            char_start: self.char_offset(span.start),
            char_end: self.char_offset(span.end),
            line: self.index.line(span.start) as i64,
            context_start: self.context_start(sentence.start),
            sentence,
        }
    }

    /// Where the context of a sentence starting at `at` begins: its
    /// paragraph's start, at most [`PARAGRAPH_CONTEXT_BYTES`] back.
    pub fn context_start(&self, at: usize) -> usize {
        let start = paragraph_start(&self.paragraph_starts, at).max(at.saturating_sub(PARAGRAPH_CONTEXT_BYTES));
        ceil_char_boundary(self.text, start)
    }

    pub fn char_offset(&self, byte: usize) -> i64 {
        self.index.char_offset(self.text, byte) as i64
    }
}

/// The sentence that holds `span`; the union of sentences when a span
/// crosses a boundary the splitter drew.
fn sentence_around(sentences: &[Range<usize>], span: Range<usize>, len: usize) -> Range<usize> {
    let first = sentences.partition_point(|s| s.end <= span.start);
    let last = sentences.partition_point(|s| s.start < span.end);
    if first >= last {
        return span.start.min(len)..span.end.min(len);
    }
    sentences[first].start.min(span.start)..sentences[last - 1].end.max(span.end)
}
