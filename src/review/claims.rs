//! One decision of the claims review file (`review/claims.csv`): merge two
//! claims, split a figure out of its claim, or relabel a claim, each with
//! the note that says why. Applying them is normalize's work
//! (`normalize/claims.rs`); the format is documented in review/README.md.
//!
//! A claim's id follows from its question, so it changes when the figures
//! that answer it do; a decision therefore also names one of the claim's
//! figures, whose id follows the text, and follows that figure when the
//! claim's id is gone.

use crate::contract::ClaimReviewRow;

/// The claims review file's name, beside the figures review file
/// (review/claims.csv).
pub const FILE_NAME: &str = "claims.csv";

/// The columns a claims review file may have.
pub const COLUMNS: &[&str] = &["action", "claim_id", "figure_id", "other_claim_id", "other_figure_id", "label", "note"];

pub const REQUIRED_COLUMNS: &[&str] = &["action", "claim_id", "figure_id", "note"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimAction {
    /// The claim and the other claim are one question.
    Merge,
    /// The figure answers another question than the rest of its claim.
    Split,
    /// The claim's label says its question better.
    Relabel,
}

impl ClaimAction {
    pub fn parse(s: &str) -> Option<ClaimAction> {
        match s {
            "merge" => Some(ClaimAction::Merge),
            "split" => Some(ClaimAction::Split),
            "relabel" => Some(ClaimAction::Relabel),
            _ => None,
        }
    }
}

/// One checked claim decision.
#[derive(Debug, Clone)]
pub struct ClaimDecision {
    pub row: ClaimReviewRow,
    pub action: ClaimAction,
}

impl ClaimDecision {
    /// `review/claims.csv:4`, for messages.
    pub fn at(&self) -> String {
        format!("{}:{}", self.row.review_file, self.row.line)
    }

    /// Checks one row: the action and what it needs. Every problem of the
    /// row, `; `-joined.
    pub fn parse(mut row: ClaimReviewRow) -> Result<ClaimDecision, String> {
        for field in [&mut row.action, &mut row.claim_id, &mut row.figure_id, &mut row.other_claim_id, &mut row.other_figure_id] {
            *field = field.trim().to_string();
        }
        row.label = crate::text::squash(&row.label);
        let mut problems = Vec::new();
        let action = ClaimAction::parse(&row.action);
        if action.is_none() {
            problems.push(format!("unknown action {:?} (merge, split or relabel)", row.action));
        }
        if row.claim_id.is_empty() || row.figure_id.is_empty() {
            problems.push("name the claim by claim_id and one of its figures by figure_id".into());
        }
        if row.note.trim().is_empty() {
            problems.push("a note saying why is required".into());
        }
        let other = !row.other_claim_id.is_empty() || !row.other_figure_id.is_empty();
        match action {
            Some(ClaimAction::Merge) if row.other_claim_id.is_empty() || row.other_figure_id.is_empty() => {
                problems.push("merge names the other claim by other_claim_id and one of its figures by other_figure_id".into())
            }
            Some(ClaimAction::Merge) if !row.label.is_empty() => {
                problems.push("merge takes no label; relabel the merged claim in a row of its own".into())
            }
            Some(ClaimAction::Split | ClaimAction::Relabel) if other => {
                problems.push(format!("{} takes no other_claim_id or other_figure_id", row.action))
            }
            Some(ClaimAction::Split) if !row.label.is_empty() => problems.push("split takes no label".into()),
            Some(ClaimAction::Relabel) if row.label.is_empty() => problems.push("relabel needs the label".into()),
            _ => {}
        }
        match action {
            Some(action) if problems.is_empty() => Ok(ClaimDecision { row, action }),
            _ => Err(problems.join("; ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(action: &str) -> ClaimReviewRow {
        ClaimReviewRow {
            action: action.into(),
            claim_id: "claim-1".into(),
            figure_id: "fig-1".into(),
            note: "why".into(),
            ..ClaimReviewRow::default()
        }
    }

    #[test]
    fn each_action_checks_what_it_needs() {
        assert!(ClaimDecision::parse(row("split")).is_ok());
        assert!(ClaimDecision::parse(row("merge")).unwrap_err().contains("other_claim_id"));
        let merge = ClaimReviewRow { other_claim_id: "claim-2".into(), other_figure_id: "fig-2".into(), ..row("merge") };
        assert!(ClaimDecision::parse(merge.clone()).is_ok());
        assert!(ClaimDecision::parse(ClaimReviewRow { label: "x".into(), ..merge }).unwrap_err().contains("takes no label"));
        assert!(ClaimDecision::parse(row("relabel")).unwrap_err().contains("needs the label"));
        assert!(ClaimDecision::parse(ClaimReviewRow { label: " died  · here ".into(), ..row("relabel") }).unwrap().row.label == "died · here");
        assert!(ClaimDecision::parse(ClaimReviewRow { note: " ".into(), ..row("split") }).unwrap_err().contains("note"));
        assert!(ClaimDecision::parse(row("join")).unwrap_err().contains("unknown action"));
    }
}
