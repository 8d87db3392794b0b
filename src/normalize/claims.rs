//! Claims: the figures that answer the same question, grouped across
//! documents, with the curator's merges, splits and labels
//! (`review/claims.csv`) applied, and each figure's repetitions marked.
//!
//! Two figures answer the same question when their measures are comparable
//! (`rules/claims.toml`) and their units the same, their places are the same
//! or one lies inside the other in the years they speak of (the gazetteer:
//! `rules/entities.toml`, `rules/lexicons/places.tsv`), and their periods
//! overlap. A wider place over a wider
//! period is another question ("millions across the Soviet Union in
//! 1926–1956" is not an answer to "how many died in Kazakhstan in
//! 1931–1933"). A claim holds figures that all answer each other's
//! question: the most specific questions are grouped first, and a figure
//! joins the claim closest to its own.
//!
//! A claim's id is derived from its question (measure, unit, place,
//! period), never from row order, so the same figures give the same ids.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::Result;
use polars::prelude::DataFrame;

use super::figures::Figure;
use super::frame::FrameBuilder;
use crate::contract::Candidate;
use crate::provenance::stable_id;
use crate::review::claims::{ClaimAction, ClaimDecision};
use crate::rules::gazetteer::Gazetteer;
use crate::rules::questions::Questions;
use crate::schema::CLAIMS;
use crate::text::fold;

/// What grouping needs of a published figure.
#[derive(Debug, Clone)]
pub struct Stated {
    pub figure_id: String,
    pub doc_id: String,
    pub char_start: i64,
    pub measure: String,
    pub unit: String,
    pub place: Option<String>,
    pub period: Option<(i32, i32)>,
    pub value: Option<f64>,
    pub value_low: Option<f64>,
    pub value_high: Option<f64>,
    pub attributed_to: Option<String>,
}

impl Stated {
    pub fn of(candidate: &Candidate, figure: &Figure) -> Stated {
        let period = match (figure.period_start, figure.period_end) {
            (Some(start), Some(end)) => Some((start.min(end), start.max(end))),
            (Some(year), None) | (None, Some(year)) => Some((year, year)),
            (None, None) => None,
        };
        Stated {
            figure_id: candidate.figure_id.clone(),
            doc_id: candidate.doc_id.clone(),
            char_start: candidate.char_start,
            measure: figure.measure.clone(),
            unit: figure.unit.clone(),
            place: figure.place.clone(),
            period,
            value: figure.value,
            value_low: figure.value_low,
            value_high: figure.value_high,
            attributed_to: figure.attributed_to.as_deref().map(fold).filter(|a| !a.is_empty()),
        }
    }

    /// Every number the figure states: its value and its bounds.
    fn numbers(&self) -> impl Iterator<Item = f64> {
        [self.value, self.value_low, self.value_high].into_iter().flatten()
    }

    /// The value and bounds, compared exactly.
    fn numbers_bits(&self) -> [Option<u64>; 3] {
        [self.value, self.value_low, self.value_high].map(|v| v.map(f64::to_bits))
    }
}

/// A claim as the table publishes it.
#[derive(Debug)]
pub struct Claim {
    pub claim_id: String,
    pub label: String,
    pub question: Question,
    pub source_count: i64,
    pub figure_ids: Vec<String>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub review_note: Option<String>,
}

/// The claims, what each figure gets (its claim and the earlier statement
/// it repeats), and the curator's decisions that were not applied as
/// written, by their line in the review file.
#[derive(Debug, Default)]
pub struct Claims {
    pub claims: Vec<Claim>,
    pub of_figure: HashMap<String, (String, Option<String>)>,
    pub messages: Vec<(u64, String)>,
}

/// What a claim asks: what is counted, in which unit, where and when.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Question {
    pub measure: String,
    pub unit: String,
    pub place: Option<String>,
    pub period: Option<(i32, i32)>,
}

impl Question {
    /// "died · Kazakhstan · 1931–1933", with the unit when it is not people.
    fn label(&self) -> String {
        let mut parts = vec![self.measure.clone()];
        parts.extend(self.place.clone());
        match self.period {
            Some((start, end)) if start == end => parts.push(start.to_string()),
            Some((start, end)) => parts.push(format!("{start}–{end}")),
            None => {}
        }
        let label = parts.join(" · ");
        if self.unit == "person" {
            label
        } else {
            format!("{label} ({})", self.unit)
        }
    }

    /// What the id is derived from.
    fn key(&self) -> String {
        let (start, end) = self.period.map_or((String::new(), String::new()), |(s, e)| (s.to_string(), e.to_string()));
        format!("{}\u{1f}{}\u{1f}{}\u{1f}{start}\u{1f}{end}", self.measure, self.unit, self.place.as_deref().unwrap_or(""))
    }

    fn years(&self) -> i32 {
        self.period.map_or(i32::MAX, |(start, end)| end - start)
    }
}

/// Figures grouped as one claim: their indices in publish order, the
/// distinct questions they answer, the curator's label and notes.
#[derive(Debug, Default)]
struct Group {
    members: Vec<usize>,
    questions: Vec<Question>,
    label: Option<String>,
    notes: Vec<String>,
}

/// What the rules say about questions: which measures are comparable, and
/// which places lie inside which.
#[derive(Debug, Clone, Copy)]
pub struct Asking<'r> {
    pub measures: &'r Questions,
    pub places: &'r Gazetteer,
}

impl Asking<'_> {
    /// Whether `inner` is `outer` or lies inside it in every year of `period`.
    fn is_in(&self, inner: &str, outer: &str, period: Option<(i32, i32)>) -> bool {
        inner == outer || self.places.is_within_in(inner, outer, period)
    }
}

/// Groups the published figures (in publish order) into claims, applies the
/// curator's decisions and marks repetitions. `published` gives each
/// document's publication date, which decides which statement came first.
pub fn build(figures: &[Stated], published: &BTreeMap<String, Option<String>>, asking: Asking, decisions: &[ClaimDecision]) -> Claims {
    let mut groups = group(figures, asking);
    let mut claims = Claims::default();
    for decision in decisions {
        if let Err(message) = apply(decision, &mut groups, figures, asking) {
            claims.messages.push((decision.row.line, message));
        }
    }
    groups.retain(|g| !g.members.is_empty());
    let asked: Vec<Question> = groups.iter().map(|g| question_of(g, asking)).collect();
    let ids = claim_ids(&groups.iter().collect::<Vec<_>>(), &asked, figures);
    for ((group, question), claim_id) in groups.iter().zip(asked).zip(ids) {
        let mut members = group.members.clone();
        members.sort_unstable();
        for (&i, repeats) in members.iter().zip(repeated(&members, figures, published)) {
            claims.of_figure.insert(figures[i].figure_id.clone(), (claim_id.clone(), repeats));
        }
        let numbers = || members.iter().flat_map(|&i| figures[i].numbers());
        let documents: BTreeSet<&str> = members.iter().map(|&i| figures[i].doc_id.as_str()).collect();
        claims.claims.push(Claim {
            label: group.label.clone().unwrap_or_else(|| question.label()),
            claim_id,
            question,
            source_count: documents.len() as i64,
            figure_ids: members.iter().map(|&i| figures[i].figure_id.clone()).collect(),
            low: numbers().reduce(f64::min),
            high: numbers().reduce(f64::max),
            review_note: Some(group.notes.join("; ")).filter(|n| !n.is_empty()),
        });
    }
    claims.claims.sort_by(|a, b| a.claim_id.cmp(&b.claim_id));
    claims
}

/// For a measure and unit: place → the groups with a question there.
type GroupsAt<'q> = BTreeMap<&'q Option<String>, BTreeSet<usize>>;

/// The figures grouped by question, most specific questions first, each
/// joining the claim closest to it whose every question it shares.
fn group(figures: &[Stated], asking: Asking) -> Vec<Group> {
    let mut by_question: BTreeMap<Question, Vec<usize>> = BTreeMap::new();
    for (i, figure) in figures.iter().enumerate() {
        let Some(measure) = asking.measures.claim_measure(&figure.measure) else { continue };
        let question =
            Question { measure: measure.to_string(), unit: figure.unit.clone(), place: figure.place.clone(), period: figure.period };
        by_question.entry(question).or_default().push(i);
    }
    // place → the places it lies in, in some year: asked once per place.
    let mut around: HashMap<&str, Vec<&str>> = HashMap::new();
    for place in by_question.keys().filter_map(|q| q.place.as_deref()) {
        around.entry(place).or_insert_with(|| asking.places.around(place));
    }
    let depth = |q: &Question| q.place.as_deref().map_or(0, |p| around[p].len());
    // Whether a question at `a` may share one at `b`: the same place, or one
    // inside the other in some year.
    let nested = |a: &Option<String>, b: &Option<String>| match (a.as_deref(), b.as_deref()) {
        (Some(a), Some(b)) => a == b || around[a].contains(&b) || around[b].contains(&a),
        (a, b) => a == b,
    };
    let mut asked: Vec<(&Question, &Vec<usize>)> = by_question.iter().collect();
    asked.sort_by_cached_key(|&(q, _)| (q.measure.as_str(), q.unit.as_str(), q.years(), Reverse(depth(q)), q));

    let mut groups: Vec<Group> = Vec::new();
    let mut at_place: BTreeMap<(&str, &str), GroupsAt> = BTreeMap::new();
    for (question, members) in asked {
        let here = at_place.entry((&question.measure, &question.unit)).or_default();
        let candidates: BTreeSet<usize> =
            here.iter().filter(|(place, _)| nested(&question.place, place)).flat_map(|(_, groups)| groups).copied().collect();
        let best = candidates
            .into_iter()
            .filter(|&g| groups[g].questions.iter().all(|other| same_question(question, other, asking)))
            .min_by_key(|&g| {
                let group = &groups[g];
                let same_place = group.questions.iter().any(|o| o.place == question.place);
                let shared = group.questions.iter().map(|o| shared_years(question, o)).min().unwrap_or(0);
                (!same_place, Reverse(shared), g)
            });
        let g = best.unwrap_or_else(|| {
            groups.push(Group::default());
            groups.len() - 1
        });
        here.entry(&question.place).or_default().insert(g);
        groups[g].questions.push(question.clone());
        groups[g].members.extend(members);
    }
    groups
}

/// Whether two questions of the same measure and unit are one: the same
/// place or one inside the other in the years both speak of, overlapping
/// periods, and not a wider place over a wider period.
fn same_question(a: &Question, b: &Question, asking: Asking) -> bool {
    let shared = match (a.period, b.period) {
        (None, None) => None,
        (Some((a_start, a_end)), Some((b_start, b_end))) if a_start <= b_end && b_start <= a_end => {
            Some((a_start.max(b_start), a_end.min(b_end)))
        }
        _ => return false,
    };
    let (a_wider, b_wider) = match (&a.place, &b.place) {
        (None, None) => (false, false),
        (Some(x), Some(y)) if x == y => (false, false),
        (Some(x), Some(y)) if asking.places.is_within_in(y, x, shared) => (true, false),
        (Some(x), Some(y)) if asking.places.is_within_in(x, y, shared) => (false, true),
        _ => return false,
    };
    let longer = |outer: Option<(i32, i32)>, inner: Option<(i32, i32)>| match (outer, inner) {
        (Some(o), Some(i)) => o != i && o.0 <= i.0 && i.1 <= o.1,
        _ => false,
    };
    !(a_wider && longer(a.period, b.period)) && !(b_wider && longer(b.period, a.period))
}

/// How many years two questions share (0 when either has no period).
fn shared_years(a: &Question, b: &Question) -> i32 {
    match (a.period, b.period) {
        (Some((a_start, a_end)), Some((b_start, b_end))) => (a_end.min(b_end) - a_start.max(b_start) + 1).max(0),
        _ => 0,
    }
}

/// The question a group answers: its measure and unit, the years all its
/// figures speak of (or, after a curator's merge of periods apart, the
/// years they span), and the widest of its places (or the nearest place
/// around them all).
fn question_of(group: &Group, asking: Asking) -> Question {
    let first = &group.questions[0];
    let periods: Vec<(i32, i32)> = group.questions.iter().filter_map(|q| q.period).collect();
    let period = match (periods.iter().map(|p| p.0).max(), periods.iter().map(|p| p.1).min()) {
        (Some(start), Some(end)) if start <= end => Some((start, end)),
        (Some(_), Some(_)) => Some((periods.iter().map(|p| p.0).min().unwrap_or(0), periods.iter().map(|p| p.1).max().unwrap_or(0))),
        _ => None,
    };
    let places: BTreeSet<&str> = group.questions.iter().filter_map(|q| q.place.as_deref()).collect();
    let holds_all = |outer: &str| places.iter().all(|inner| asking.is_in(inner, outer, period));
    let place = places.iter().copied().find(|p| holds_all(p)).or_else(|| {
        let first_place = places.iter().next()?;
        asking.places.around(first_place).into_iter().find(|p| holds_all(p))
    });
    Question { measure: first.measure.clone(), unit: first.unit.clone(), place: place.map(str::to_string), period }
}

/// Each group's id from its question; groups that ask the same question
/// (a curator split one apart) are told apart by the order of their size,
/// then their first figure, so the larger keeps the plain id.
fn claim_ids(groups: &[&Group], asked: &[Question], figures: &[Stated]) -> Vec<String> {
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (g, question) in asked.iter().enumerate() {
        by_key.entry(question.key()).or_default().push(g);
    }
    let mut ids = vec![String::new(); groups.len()];
    for (key, mut same) in by_key {
        let first_figure = |g: usize| groups[g].members.iter().map(|&i| figures[i].figure_id.as_str()).min().unwrap_or("");
        same.sort_by_key(|&g| (Reverse(groups[g].members.len()), first_figure(g)));
        for (repeat, g) in same.into_iter().enumerate() {
            ids[g] = stable_id("claim", &key, repeat);
        }
    }
    ids
}

/// For each member (sorted, in publish order), the figure_id of the first
/// earlier statement of the same numbers on the same word: in the same
/// document, the same attribution or none; in another, the same named
/// source. Earlier means in a document published before, then in text order.
fn repeated(members: &[usize], figures: &[Stated], published: &BTreeMap<String, Option<String>>) -> Vec<Option<String>> {
    let date = |i: usize| published.get(&figures[i].doc_id).cloned().flatten();
    let mut order: Vec<usize> = members.to_vec();
    order.sort_by_cached_key(|&i| (date(i).is_none(), date(i), figures[i].doc_id.clone(), figures[i].char_start));
    // (numbers, named source) or (numbers, no source, document) → the first
    // statement of them.
    let mut first_of: HashMap<([Option<u64>; 3], Option<&str>, Option<&str>), usize> = HashMap::new();
    let mut earlier_of: HashMap<usize, usize> = HashMap::new();
    for &i in &order {
        let figure = &figures[i];
        let word = match &figure.attributed_to {
            Some(source) => (Some(source.as_str()), None),
            None => (None, Some(figure.doc_id.as_str())),
        };
        let first = *first_of.entry((figure.numbers_bits(), word.0, word.1)).or_insert(i);
        if first != i {
            earlier_of.insert(i, first);
        }
    }
    members.iter().map(|i| earlier_of.get(i).map(|&j| figures[j].figure_id.clone())).collect()
}

/// Applies one curator's decision to the groups. `Err` is the message for
/// the curator: why it was not applied (stale, kept in the file), or that it
/// was applied to the claim its figure is in now (moved).
fn apply(decision: &ClaimDecision, groups: &mut Vec<Group>, figures: &[Stated], asking: Asking) -> Result<(), String> {
    let live: Vec<usize> = (0..groups.len()).filter(|&g| !groups[g].members.is_empty()).collect();
    let asked: Vec<Question> = live.iter().map(|&g| question_of(&groups[g], asking)).collect();
    let live_groups: Vec<&Group> = live.iter().map(|&g| &groups[g]).collect();
    let ids: BTreeMap<usize, String> = live.iter().copied().zip(claim_ids(&live_groups, &asked, figures)).collect();
    let group_of: HashMap<&str, usize> =
        live.iter().flat_map(|&g| groups[g].members.iter().map(move |&i| (figures[i].figure_id.as_str(), g))).collect();
    let row = &decision.row;
    let stale = |why: String| format!("{}: {} {} not applied, kept in the file: {why}", decision.at(), row.action, row.claim_id);
    let mut moved = Vec::new();
    let mut find = |claim_id: &str, figure_id: &str| -> Result<usize, String> {
        match group_of.get(figure_id) {
            Some(&g) => {
                if ids[&g] != claim_id {
                    moved.push(format!("{}: {claim_id} is now {} (the figures that answer it changed); applied, update the id", decision.at(), ids[&g]));
                }
                Ok(g)
            }
            None => ids
                .iter()
                .find(|(_, id)| *id == claim_id)
                .map(|(&g, _)| g)
                .ok_or_else(|| stale(format!("neither claim {claim_id} nor figure {figure_id} is in a claim now"))),
        }
    };
    let note = row.note.trim().to_string();
    match decision.action {
        ClaimAction::Merge => {
            let a = find(&row.claim_id, &row.figure_id)?;
            let b = find(&row.other_claim_id, &row.other_figure_id)?;
            if a == b {
                return Err(stale(format!("it and {} are one claim now", row.other_claim_id)));
            }
            let (unit_a, unit_b) = (&groups[a].questions[0].unit, &groups[b].questions[0].unit);
            if unit_a != unit_b {
                return Err(stale(format!("the claims count in different units ({unit_a}, {unit_b})")));
            }
            let (keep, gone) = if groups[a].members.len() >= groups[b].members.len() { (a, b) } else { (b, a) };
            let gone = std::mem::take(&mut groups[gone]);
            let kept = &mut groups[keep];
            kept.members.extend(gone.members);
            kept.questions.extend(gone.questions);
            kept.notes.extend(gone.notes);
            kept.notes.push(note);
            kept.label = kept.label.take().or(gone.label);
        }
        ClaimAction::Split => {
            let Some(&g) = group_of.get(row.figure_id.as_str()) else {
                return Err(stale(format!("figure {} is in no claim now", row.figure_id)));
            };
            if groups[g].members.len() == 1 {
                return Err(stale(format!("figure {} is a claim of its own now", row.figure_id)));
            }
            if ids[&g] != row.claim_id {
                moved.push(format!("{}: {} is now {}; applied, update the id", decision.at(), row.claim_id, ids[&g]));
            }
            let i = figures.iter().position(|f| f.figure_id == row.figure_id).expect("a member is a figure");
            groups[g].members.retain(|&m| m != i);
            let figure = &figures[i];
            let question = Question {
                measure: groups[g].questions[0].measure.clone(),
                unit: figure.unit.clone(),
                place: figure.place.clone(),
                period: figure.period,
            };
            groups.push(Group { members: vec![i], questions: vec![question], label: None, notes: vec![note] });
        }
        ClaimAction::Relabel => {
            let g = find(&row.claim_id, &row.figure_id)?;
            groups[g].label = Some(row.label.clone());
            groups[g].notes.push(note);
        }
    }
    if let Some(message) = moved.into_iter().next() {
        return Err(message);
    }
    Ok(())
}

/// The claims table.
pub fn frame(claims: &[Claim]) -> Result<DataFrame> {
    let mut b = FrameBuilder::new(&CLAIMS);
    b.str("claim_id", claims.iter().map(|c| Some(c.claim_id.clone())));
    b.str("label", claims.iter().map(|c| Some(c.label.clone())));
    b.str("measure", claims.iter().map(|c| Some(c.question.measure.clone())));
    b.str("place", claims.iter().map(|c| c.question.place.clone()));
    b.i32("period_start", claims.iter().map(|c| c.question.period.map(|p| p.0)));
    b.i32("period_end", claims.iter().map(|c| c.question.period.map(|p| p.1)));
    b.str("unit", claims.iter().map(|c| Some(c.question.unit.clone())));
    b.i64("source_count", claims.iter().map(|c| Some(c.source_count)));
    b.i64("figure_count", claims.iter().map(|c| Some(c.figure_ids.len() as i64)));
    b.f64("low", claims.iter().map(|c| c.low));
    b.f64("high", claims.iter().map(|c| c.high));
    b.f64("spread", claims.iter().map(|c| spread(c.low, c.high)));
    b.str("figure_ids", claims.iter().map(|c| Some(c.figure_ids.join("|"))));
    b.str("review_note", claims.iter().map(|c| c.review_note.clone()));
    b.finish()
}

/// high ÷ low, rounded to what a reader compares (three decimals).
fn spread(low: Option<f64>, high: Option<f64>) -> Option<f64> {
    let (low, high) = (low?, high?);
    (low > 0.0).then(|| (high / low * 1000.0).round() / 1000.0)
}
