//! The curator's review files (`review/figures.csv`, `review/claims.csv`):
//! their rows loaded and checked, and each figure decision anchored to the
//! text by its quote in context.
//! Applying the decisions to figures is normalize's work
//! (`normalize/review.rs`); the format is documented in review/README.md.
//!
//! A decision names its figure by id and, as a fallback that survives edits
//! to the text and to the rules, by its quote inside a short context that
//! occurs once in the document.

pub mod anchor;
pub mod claims;
pub mod decision;
pub mod read;
