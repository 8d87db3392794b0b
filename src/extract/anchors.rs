//! The review file's decisions anchored to one text: each decision's quote
//! located inside its context, and a curator's `add` made a candidate with
//! rule `review`. Normalize applies the decisions.

use super::figures::candidate_at;
use super::locator::Locator;
use crate::contract::{Anchor, Candidate, ReviewRow, REVIEW_RULE};
use crate::review::anchor::locate;
use crate::review::decision::{Action, Decision};

/// The decisions about one document with their anchors, and the candidates
/// its `add` rows make.
pub fn anchor(locator: &mut Locator, sha256: &str, decisions: &[&Decision]) -> (Vec<ReviewRow>, Vec<Candidate>) {
    let mut anchored = Vec::with_capacity(decisions.len());
    let mut added = Vec::new();
    for decision in decisions {
        let mut row = decision.row.clone();
        if row.quote.is_empty() || row.context.is_empty() {
            anchored.push(row);
            continue;
        }
        match locate(locator.text, &row.context, &row.quote) {
            Ok(span) => {
                row.anchor = Anchor::Found;
                row.anchor_char_start = Some(locator.char_offset(span.start));
                row.anchor_char_end = Some(locator.char_offset(span.end));
                if decision.action == Action::Add {
                    let candidate = candidate_at(locator, sha256, span, REVIEW_RULE, None);
                    row.added_figure_id = candidate.figure_id.clone();
                    added.push(candidate);
                }
            }
            Err(miss) => row.anchor = miss,
        }
        anchored.push(row);
    }
    (anchored, added)
}

/// An `add` is written against the current text, so an anchor it cannot find
/// is the curator's mistake to fix, not a stale row, unless the row records
/// a text that has since changed.
pub fn unanchored_add(row: &ReviewRow) -> Option<String> {
    let add = row.action.trim() == "add";
    let recorded_other_text = !row.source_sha256.is_empty();
    (add && row.anchor != Anchor::Found && !recorded_other_text)
        .then(|| format!("{}:{}: add: {}", row.review_file, row.line, row.anchor.problem(row)))
}
