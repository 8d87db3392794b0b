//! Where a span stands in its source: hashes, offsets, lines and stable ids.
//!
//! Provenance is computed once, where the text is first read (extract), and
//! carried forward unchanged by every later stage.

use sha2::{Digest, Sha256};

pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Converts byte offsets of one text into code point offsets and line numbers.
///
/// Built once per document in O(n); each lookup is a binary search, so
/// thousands of spans in a large file cost nothing noticeable.
pub struct OffsetIndex {
    /// Byte offset of every char boundary, sampled every `STRIDE` chars.
    samples: Vec<usize>,
    lines: crate::text::Lines,
}

const STRIDE: usize = 64;

impl OffsetIndex {
    pub fn new(text: &str) -> OffsetIndex {
        let samples = text.char_indices().step_by(STRIDE).map(|(i, _)| i).collect();
        OffsetIndex { samples, lines: crate::text::Lines::new(text.as_bytes()) }
    }

    /// The code point offset of `byte`, which must be a char boundary of `text`.
    pub fn char_offset(&self, text: &str, byte: usize) -> usize {
        let sample = self.samples.partition_point(|&b| b <= byte).saturating_sub(1);
        let base = self.samples.get(sample).copied().unwrap_or(0);
        sample * STRIDE + text[base..byte].chars().count()
    }

    /// The 1-based line that holds `byte`.
    pub fn line(&self, byte: usize) -> usize {
        self.lines.of(byte)
    }
}

/// How many characters on each side of a quote, within its sentence, go into
/// its id.
pub const ID_CONTEXT_CHARS: usize = 32;

/// A figure id that survives edits elsewhere in the document: it hashes the
/// span's [`id_key`] (the document, the quote and up to `ID_CONTEXT_CHARS` of
/// its own sentence on each side), plus how many earlier spans had the same
/// key (so a repeated caption still gets distinct ids).
pub fn stable_id(prefix: &str, key: &str, repeat: usize) -> String {
    let mut hasher = Sha256::new();
    hasher.update(key.as_bytes());
    hasher.update((repeat as u64).to_le_bytes());
    let digest = hasher.finalize();
    let mut id = String::with_capacity(prefix.len() + 17);
    id.push_str(prefix);
    id.push('-');
    for byte in &digest[..8] {
        id.push(char::from(HEX[usize::from(byte >> 4)]));
        id.push(char::from(HEX[usize::from(byte & 15)]));
    }
    id
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The text an id is derived from: the quote and its nearby sentence context
/// (byte offsets into `sentence`), with white space folded so that re-wrapping
/// a paragraph does not change ids.
pub fn id_key(doc_id: &str, sentence: &str, quote_start: usize, quote_end: usize) -> String {
    let head = &sentence[..quote_start];
    let before_start = head.char_indices().rev().take(ID_CONTEXT_CHARS).last().map_or(quote_start, |(at, _)| at);
    let tail = &sentence[quote_end..];
    let after_end = tail.char_indices().nth(ID_CONTEXT_CHARS).map_or(tail.len(), |(at, _)| at);
    let mut key = String::with_capacity(doc_id.len() + 3 + (after_end + quote_end - before_start));
    key.push_str(doc_id);
    key.push('\u{1f}');
    crate::text::squash_into(&head[before_start..], &mut key);
    key.push('\u{1f}');
    crate::text::squash_into(&sentence[quote_start..quote_end], &mut key);
    key.push('\u{1f}');
    crate::text::squash_into(&tail[..after_end], &mut key);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_code_points() {
        let text = "Казахстан: 225 человек\nline two ü 5";
        let index = OffsetIndex::new(text);
        let byte = text.find("225").unwrap();
        assert_eq!(index.char_offset(text, byte), 11);
        assert_eq!(index.line(byte), 1);
        let byte = text.find('5').unwrap();
        assert_eq!(index.char_offset(text, byte), text[..byte].chars().count());
        let last = text.rfind('5').unwrap();
        assert_eq!(index.char_offset(text, last), text[..last].chars().count());
        assert_eq!(index.line(last), 2);
    }

    #[test]
    fn char_offsets_past_many_strides() {
        let text = "é".repeat(500) + "x";
        let index = OffsetIndex::new(&text);
        assert_eq!(index.char_offset(&text, text.len() - 1), 500);
        assert_eq!(index.char_offset(&text, text.len()), 501);
    }

    #[test]
    fn ids_depend_on_the_sentence_only() {
        let sentence = "They said 300 people came.";
        let s = sentence.find("300").unwrap();
        let id = |doc: &str, sentence: &str, repeat| stable_id("fig", &id_key(doc, sentence, s, s + 3), repeat);
        assert_eq!(id("doc", sentence, 0), id("doc", sentence, 0));
        assert_ne!(id("doc", sentence, 0), id("doc", sentence, 1));
        assert_ne!(id("doc", sentence, 0), id("other", sentence, 0));
        assert_eq!(id("doc", sentence, 0), id("doc", "They said\n300 people came.", 0));
    }
}
