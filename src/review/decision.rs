//! One decision of the review file: its action, the fields it corrects and
//! its note, checked row by row (every problem of a row at once).

use std::ops::Range;

use crate::contract::ReviewRow;
use crate::schema::{FIGURES, MEASURES, QUALIFIERS, UNITS};
use crate::text::squash;

/// The default review file, relative to the project.
pub const DEFAULT_FILE: &str = "review/figures.csv";

/// Written in a field column to make that field empty (null).
pub const CLEAR: &str = "null";

/// The columns a review file may have, in the order `tally review
/// --template` writes them: the figure's id, document, the action and the
/// anchor, then every column of the figures table a curator may correct (see
/// `curated` in `schema.rs`), then the note and the text's hash. Only
/// `action` and `doc_id` must be present.
pub fn columns() -> Vec<&'static str> {
    let mut columns = vec!["figure_id", "doc_id", "action", "quote", "context"];
    columns.extend(FIGURES.columns.iter().filter(|c| c.curated).map(|c| c.name));
    columns.extend(["note", "source_sha256"]);
    columns
}

pub const REQUIRED_COLUMNS: &[&str] = &["doc_id", "action"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Accept,
    Correct,
    Reject,
    Add,
}

impl Action {
    pub fn parse(s: &str) -> Option<Action> {
        match s {
            "accept" => Some(Action::Accept),
            "correct" => Some(Action::Correct),
            "reject" => Some(Action::Reject),
            "add" => Some(Action::Add),
            _ => None,
        }
    }

    /// The `figures.review` state of a row this action kept.
    pub fn review_state(self) -> &'static str {
        match self {
            Action::Accept => "accepted",
            Action::Correct => "corrected",
            Action::Add => "added",
            Action::Reject => "rejected",
        }
    }
}

/// What a field column of a decision says.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit<T> {
    Keep,
    Set(T),
    Clear,
}

impl<T: Clone> Edit<T> {
    /// The field after the edit.
    pub fn apply_to(&self, field: &mut Option<T>) {
        match self {
            Edit::Keep => {}
            Edit::Set(v) => *field = Some(v.clone()),
            Edit::Clear => *field = None,
        }
    }

    pub fn is_keep(&self) -> bool {
        matches!(self, Edit::Keep)
    }
}

/// The corrected fields of a decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Fields {
    pub value: Edit<f64>,
    pub value_low: Edit<f64>,
    pub value_high: Edit<f64>,
    pub qualifier: Edit<String>,
    pub unit: Edit<String>,
    pub measure: Edit<String>,
    pub subject: Edit<String>,
    pub place: Edit<String>,
    pub period_start: Edit<i32>,
    pub period_end: Edit<i32>,
    pub attributed_to: Edit<String>,
}

impl Fields {
    fn is_empty(&self) -> bool {
        self.value.is_keep()
            && self.value_low.is_keep()
            && self.value_high.is_keep()
            && self.qualifier.is_keep()
            && self.unit.is_keep()
            && self.measure.is_keep()
            && self.subject.is_keep()
            && self.place.is_keep()
            && self.period_start.is_keep()
            && self.period_end.is_keep()
            && self.attributed_to.is_keep()
    }
}

/// One checked decision.
#[derive(Debug, Clone)]
pub struct Decision {
    pub row: ReviewRow,
    pub action: Action,
    pub fields: Fields,
    pub note: Option<String>,
}

impl Decision {
    /// `review/figures.csv:12`, for messages.
    pub fn at(&self) -> String {
        format!("{}:{}", self.row.review_file, self.row.line)
    }

    /// The figure id the row names, if any.
    pub fn figure_id(&self) -> Option<&str> {
        Some(self.row.figure_id.as_str()).filter(|id| !id.is_empty())
    }

    /// The anchored span of the quote, in code points.
    pub fn anchor_span(&self) -> Option<Range<i64>> {
        Some(self.row.anchor_char_start? .. self.row.anchor_char_end?)
    }

    /// Checks one row: the action, every field's value and vocabulary, and
    /// what each action needs. Every problem of the row, `; `-joined.
    pub fn parse(row: ReviewRow) -> Result<Decision, String> {
        let mut problems = Vec::new();
        let action = Action::parse(row.action.trim());
        if action.is_none() {
            problems.push(format!("unknown action {:?} (accept, correct, reject or add)", row.action));
        }
        let fields = Fields {
            value: number_edit("value", &row.value, &mut problems),
            value_low: number_edit("value_low", &row.value_low, &mut problems),
            value_high: number_edit("value_high", &row.value_high, &mut problems),
            qualifier: vocabulary_edit("qualifier", &row.qualifier, QUALIFIERS, &mut problems),
            unit: vocabulary_edit("unit", &row.unit, UNITS, &mut problems),
            measure: vocabulary_edit("measure", &row.measure, MEASURES, &mut problems),
            subject: text_edit(&row.subject),
            place: text_edit(&row.place),
            period_start: year_edit("period_start", &row.period_start, &mut problems),
            period_end: year_edit("period_end", &row.period_end, &mut problems),
            attributed_to: text_edit(&row.attributed_to),
        };
        let note = Some(row.note.trim().to_string()).filter(|n| !n.is_empty());
        if row.doc_id.trim().is_empty() {
            problems.push("doc_id is empty".into());
        }
        let anchored = !row.quote.is_empty() && !row.context.is_empty();
        if (!row.quote.is_empty() || !row.context.is_empty()) && !anchored {
            problems.push("quote and context go together: give both or neither".into());
        }
        if anchored && !squash(&row.context).contains(&squash(&row.quote)) {
            problems.push(format!("quote {:?} is not inside its context {:?}", row.quote, row.context));
        }
        if !row.source_sha256.is_empty() && !(row.source_sha256.len() == 64 && row.source_sha256.chars().all(|c| c.is_ascii_hexdigit())) {
            problems.push(format!("source_sha256 {:?} is not a SHA-256 hex digest", row.source_sha256));
        }
        match action {
            Some(Action::Add) => {
                if !row.figure_id.is_empty() {
                    problems.push("an add row gets its figure_id from the text; leave figure_id empty".into());
                }
                if !anchored {
                    problems.push("an add row needs the quote and a context that locates it".into());
                }
                let has_value = [&fields.value, &fields.value_low, &fields.value_high].iter().any(|e| matches!(e, Edit::Set(_)));
                if !has_value {
                    problems.push("an add row needs value, or value_low and/or value_high".into());
                }
            }
            Some(action) => {
                if row.figure_id.is_empty() && !anchored {
                    problems.push("name the figure: figure_id, or quote and context".into());
                }
                match action {
                    Action::Accept if !fields.is_empty() => {
                        problems.push("accept keeps the row as it is; to change fields use correct".into())
                    }
                    Action::Correct if fields.is_empty() => problems.push("correct changes no field".into()),
                    Action::Reject if !fields.is_empty() => problems.push("reject takes no field values".into()),
                    Action::Reject if note.is_none() => problems.push("reject needs a note saying why".into()),
                    _ => {}
                }
            }
            None => {}
        }
        for (name, edit) in [("qualifier", &fields.qualifier), ("unit", &fields.unit), ("measure", &fields.measure)] {
            if edit == &Edit::Clear {
                problems.push(format!("{name} cannot be empty; give a value from its vocabulary"));
            }
        }
        match action {
            Some(action) if problems.is_empty() => Ok(Decision { row, action, fields, note }),
            _ => Err(problems.join("; ")),
        }
    }
}

fn text_edit(raw: &str) -> Edit<String> {
    match raw.trim() {
        "" => Edit::Keep,
        CLEAR => Edit::Clear,
        text => Edit::Set(text.to_string()),
    }
}

fn parsed_edit<T>(name: &str, raw: &str, problems: &mut Vec<String>, parse: impl Fn(&str) -> Option<T>, expected: &str) -> Edit<T> {
    match text_edit(raw) {
        Edit::Keep => Edit::Keep,
        Edit::Clear => Edit::Clear,
        Edit::Set(text) => match parse(&text) {
            Some(v) => Edit::Set(v),
            None => {
                problems.push(format!("{name} {text:?} is not {expected}"));
                Edit::Keep
            }
        },
    }
}

fn number_edit(name: &str, raw: &str, problems: &mut Vec<String>) -> Edit<f64> {
    let parse = |s: &str| s.parse::<f64>().ok().filter(|v| v.is_finite());
    parsed_edit(name, raw, problems, parse, "a plain number (digits, optional '.', no separators)")
}

fn year_edit(name: &str, raw: &str, problems: &mut Vec<String>) -> Edit<i32> {
    let parse = |s: &str| s.parse::<i32>().ok().filter(|y| (1..=9999).contains(y));
    parsed_edit(name, raw, problems, parse, "a year (1 to 9999)")
}

fn vocabulary_edit(name: &str, raw: &str, vocabulary: &[&str], problems: &mut Vec<String>) -> Edit<String> {
    let parse = |s: &str| vocabulary.contains(&s).then(|| s.to_string());
    parsed_edit(name, raw, problems, parse, &format!("one of {}", vocabulary.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(action: &str) -> ReviewRow {
        ReviewRow {
            figure_id: "fig-1".into(),
            doc_id: "doc".into(),
            action: action.into(),
            quote: "300".into(),
            context: "said 300 people".into(),
            ..ReviewRow::default()
        }
    }

    #[test]
    fn the_review_row_has_the_review_file_columns_in_order() {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.serialize(ReviewRow::default()).unwrap();
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        assert_eq!(&header[..columns().len()], columns().as_slice());
    }

    #[test]
    fn each_action_checks_what_it_needs() {
        assert!(Decision::parse(row("accept")).is_ok());
        assert!(Decision::parse(ReviewRow { value: "1".into(), ..row("accept") }).unwrap_err().contains("use correct"));
        assert!(Decision::parse(row("correct")).unwrap_err().contains("changes no field"));
        assert!(Decision::parse(row("reject")).unwrap_err().contains("needs a note"));
        assert!(Decision::parse(row("approve")).unwrap_err().contains("unknown action"));
        let add = ReviewRow { value: "300".into(), ..row("add") };
        assert!(Decision::parse(add.clone()).unwrap_err().contains("leave figure_id empty"));
        assert!(Decision::parse(ReviewRow { figure_id: String::new(), ..add }).is_ok());
    }

    #[test]
    fn fields_parse_and_clear() {
        let decision = Decision::parse(ReviewRow {
            value: "1500000".into(),
            place: "null".into(),
            measure: "died".into(),
            period_start: "1930".into(),
            ..row("correct")
        })
        .unwrap();
        assert_eq!(decision.fields.value, Edit::Set(1_500_000.0));
        assert_eq!(decision.fields.place, Edit::Clear);
        assert_eq!(decision.fields.measure, Edit::Set("died".into()));
        let problems = Decision::parse(ReviewRow {
            value: "1,5".into(),
            unit: "people".into(),
            period_end: "1930s".into(),
            measure: "null".into(),
            ..row("correct")
        })
        .unwrap_err();
        for expected in ["value \"1,5\"", "unit \"people\"", "period_end \"1930s\"", "measure cannot be empty"] {
            assert!(problems.contains(expected), "{problems}");
        }
    }
}
