//! The curator's review file: load and check decisions, anchor them to the
//! text, and apply them to interpreted figures.
//!
//! A decision names its figure by id and, as a fallback that survives edits
//! to the text and to the rules, by its quote inside a short context that
//! occurs once in the document. Extract finds each anchor in the text (it is
//! the stage that reads texts); normalize applies the decisions. The format is
//! documented in review/README.md.

mod apply;
pub mod command;

pub use apply::{apply, ReviewedFigure};

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use anyhow::{anyhow, bail, Result};
use serde::{Deserialize, Serialize};

use crate::normalize::figures::Figure;
use crate::schema::{MEASURES, QUALIFIERS, UNITS};

/// The default review file, relative to the project.
pub const DEFAULT_FILE: &str = "review/figures.csv";

/// `figures.rule` of a row a curator added.
pub const RULE: &str = "review";

/// The columns a review file may have, in the order `tally review
/// --template` writes them. Only `action` and `doc_id` must be present.
pub const COLUMNS: &[&str] = &[
    "figure_id",
    "doc_id",
    "action",
    "quote",
    "context",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "measure",
    "subject",
    "place",
    "period_start",
    "period_end",
    "attributed_to",
    "note",
    "source_sha256",
];

const REQUIRED_COLUMNS: &[&str] = &["doc_id", "action"];

/// Written in a field column to make that field empty (null).
pub const CLEAR: &str = "null";

/// One row of the review file as written, plus where extract found its
/// anchor. The anchor columns are filled by extract and never by a curator.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ReviewRow {
    pub figure_id: String,
    pub doc_id: String,
    pub action: String,
    pub quote: String,
    pub context: String,
    pub value: String,
    pub value_low: String,
    pub value_high: String,
    pub qualifier: String,
    pub unit: String,
    pub measure: String,
    pub subject: String,
    pub place: String,
    pub period_start: String,
    pub period_end: String,
    pub attributed_to: String,
    pub note: String,
    pub source_sha256: String,
    /// The review file and its 1-based line, for every message about the row.
    pub review_file: String,
    pub line: u64,
    pub anchor: Anchor,
    /// Code point span of the quote in the text, when the anchor was found.
    pub anchor_char_start: Option<i64>,
    pub anchor_char_end: Option<i64>,
    /// The id an `add` row's figure gets from where its quote stands.
    pub added_figure_id: String,
}

/// Where a decision's quote and context stand in the current text.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// Not looked for: the row has no quote and context.
    #[default]
    None,
    Found,
    /// The document is not in the corpus.
    NoDocument,
    /// The context is not in the document.
    NoContext,
    /// The context occurs more than once in the document.
    RepeatedContext,
    /// The quote occurs more than once in its context.
    RepeatedQuote,
}

impl Anchor {
    pub fn problem(self, row: &ReviewRow) -> String {
        match self {
            Anchor::None | Anchor::Found => String::new(),
            Anchor::NoDocument => format!("document {} is not in the corpus", row.doc_id),
            Anchor::NoContext => format!("context {:?} is not in {}", row.context, row.doc_id),
            Anchor::RepeatedContext => {
                format!("context {:?} occurs more than once in {}; lengthen it", row.context, row.doc_id)
            }
            Anchor::RepeatedQuote => format!("quote {:?} occurs more than once in its context", row.quote),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Accept,
    Correct,
    Reject,
    Add,
}

impl Action {
    fn parse(s: &str) -> Option<Action> {
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
    fn apply_to(&self, field: &mut Option<T>) {
        match self {
            Edit::Keep => {}
            Edit::Set(v) => *field = Some(v.clone()),
            Edit::Clear => *field = None,
        }
    }

    fn is_keep(&self) -> bool {
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

    /// Overwrites the fields the decision sets; a figure's qualifier, unit
    /// and measure can be replaced but never emptied (checked on load).
    pub fn apply(&self, figure: &mut Figure) {
        self.value.apply_to(&mut figure.value);
        self.value_low.apply_to(&mut figure.value_low);
        self.value_high.apply_to(&mut figure.value_high);
        for (edit, field) in [(&self.qualifier, &mut figure.qualifier), (&self.unit, &mut figure.unit), (&self.measure, &mut figure.measure)] {
            if let Edit::Set(v) = edit {
                *field = v.clone();
            }
        }
        self.subject.apply_to(&mut figure.subject);
        self.place.apply_to(&mut figure.place);
        self.period_start.apply_to(&mut figure.period_start);
        self.period_end.apply_to(&mut figure.period_end);
        self.attributed_to.apply_to(&mut figure.attributed_to);
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
        if anchored && !fold(&row.context).contains(&fold(&row.quote)) {
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

/// The decisions of a review file, checked. Every bad row is reported at once
/// as `file:line: problem`; a file with any bad row is an error.
pub fn read(path: &Path) -> Result<Vec<Decision>> {
    let shown = path.display().to_string();
    let mut reader = csv::Reader::from_path(path).map_err(|e| anyhow!("{shown}: cannot read: {e}"))?;
    let headers = reader.headers().map_err(|e| anyhow!("{shown}:1: {e}"))?.clone();
    let mut problems = Vec::new();
    for header in &headers {
        if !COLUMNS.contains(&header) {
            problems.push(format!("{shown}:1: unknown column {header:?} (columns: {})", COLUMNS.join(", ")));
        }
    }
    for required in REQUIRED_COLUMNS {
        if !headers.iter().any(|h| h == *required) {
            problems.push(format!("{shown}:1: missing column {required:?}"));
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    let mut decisions = Vec::new();
    let mut first_line_of_id: BTreeMap<String, u64> = BTreeMap::new();
    for result in reader.records() {
        let record = match result {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(format!("{shown}:{line}: {}", crate::extract::corpus::csv_problem(&e)));
                continue;
            }
        };
        let record_line = record.position().map_or(0, |p| p.line());
        let mut row: ReviewRow = match record.deserialize(Some(&headers)) {
            Ok(row) => row,
            Err(e) => {
                problems.push(format!("{shown}:{record_line}: {}", crate::extract::corpus::csv_problem(&e)));
                continue;
            }
        };
        row.review_file = shown.clone();
        row.line = record_line;
        row.figure_id = row.figure_id.trim().to_string();
        row.doc_id = row.doc_id.trim().to_string();
        if !row.figure_id.is_empty() {
            if let Some(first) = first_line_of_id.insert(row.figure_id.clone(), row.line) {
                problems.push(format!("{shown}:{}: a second decision for {} (the first is on line {first})", row.line, row.figure_id));
                continue;
            }
        }
        match Decision::parse(row) {
            Ok(decision) => decisions.push(decision),
            Err(problem) => problems.push(format!("{shown}:{record_line}: {problem}")),
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(decisions)
}

/// White space folded to single spaces, so a context copied from a wrapped
/// line matches the text however it is wrapped.
pub fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A regex that matches `s` with any run of white space where `s` has white
/// space.
fn folded_pattern(s: &str) -> regex::Regex {
    let pattern = s.split_whitespace().map(regex::escape).collect::<Vec<_>>().join(r"\s+");
    regex::Regex::new(&pattern).expect("escaped text is a valid regex")
}

/// Finds `quote` inside the one place `context` occurs in `text`: the byte
/// span of the quote, or why it cannot be found. The quote must stand as a
/// whole number phrase: "5" is not found inside "25".
pub fn locate(text: &str, context: &str, quote: &str) -> Result<Range<usize>, Anchor> {
    let context_pattern = folded_pattern(context);
    let mut contexts = context_pattern.find_iter(text);
    let found = contexts.next().ok_or(Anchor::NoContext)?;
    if contexts.next().is_some() {
        return Err(Anchor::RepeatedContext);
    }
    let region = found.range();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let quotes: Vec<Range<usize>> = folded_pattern(quote)
        .find_iter(&text[region.clone()])
        .map(|m| region.start + m.start()..region.start + m.end())
        .filter(|span| {
            let before = text[..span.start].chars().next_back();
            let after = text[span.end..].chars().next();
            let first = text[span.clone()].chars().next();
            let last = text[span.clone()].chars().next_back();
            !(word(first) && word(before)) && !(word(last) && word(after))
        })
        .collect();
    match quotes.as_slice() {
        [span] => Ok(span.clone()),
        [] => Err(Anchor::NoContext),
        _ => Err(Anchor::RepeatedQuote),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_folds_white_space_and_respects_words() {
        let text = "In 1921, 25 people and\n5 horses; later 5 more.";
        let span = locate(text, "25 people and 5 horses", "5").unwrap();
        assert_eq!(&text[span.clone()], "5");
        assert_eq!(span.start, text.find("\n5").unwrap() + 1);
        assert_eq!(locate(text, "no such words", "5"), Err(Anchor::NoContext));
        assert_eq!(locate("5 and 5", "5 and 5", "5"), Err(Anchor::RepeatedQuote));
        assert_eq!(locate("a 5 b. a 5 b.", "a 5 b", "5"), Err(Anchor::RepeatedContext));
    }

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
