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

use std::borrow::Borrow;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hash;
use std::ops::Range;

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

/// The question a figure answers, if any, and what else grouping and
/// repetition need of it. The question, document and source repeat across
/// millions of figures, so each is held once (`Statements`) and a figure
/// holds its number in that list.
#[derive(Debug)]
struct Stated {
    /// Its row in the figures table, which is publish order.
    row: u32,
    question: u32,
    document: u32,
    /// Who the text says gives it, folded; `None` when it names no one.
    source: Option<u32>,
    char_start: i64,
    /// Its value and bounds, each 0.0 when not stated.
    numbers: [f64; 3],
    /// Bit k set: `numbers[k]` is stated (an `Option` each would take a
    /// third of the struct again).
    stated: u8,
}

impl Stated {
    /// `numbers` and `stated` of a value and its bounds.
    fn numbers_of(numbers: [Option<f64>; 3]) -> ([f64; 3], u8) {
        let stated = (0..3).filter(|&k| numbers[k].is_some()).fold(0, |bits, k| bits | 1 << k);
        (numbers.map(|n| n.unwrap_or(0.0)), stated)
    }

    /// The value and its bounds, each when stated.
    fn stated_numbers(&self) -> [Option<f64>; 3] {
        std::array::from_fn(|k| (self.stated & 1 << k != 0).then_some(self.numbers[k]))
    }

    /// Every number the figure states: its value and its bounds.
    fn numbers(&self) -> impl Iterator<Item = f64> {
        self.stated_numbers().into_iter().flatten()
    }

    /// The value and bounds, compared exactly.
    fn numbers_bits(&self) -> [Option<u64>; 3] {
        self.stated_numbers().map(|v| v.map(f64::to_bits))
    }
}

/// Values that repeat across figures, each held once and named by its
/// position in `values`.
#[derive(Debug)]
struct Interned<T> {
    values: Vec<T>,
    index: HashMap<T, u32>,
}

impl<T> Default for Interned<T> {
    fn default() -> Self {
        Interned { values: Vec::new(), index: HashMap::new() }
    }
}

impl<T: Clone + Eq + Hash> Interned<T> {
    fn of<Q>(&mut self, value: &Q) -> u32
    where
        T: Borrow<Q>,
        Q: Eq + Hash + ToOwned<Owned = T> + ?Sized,
    {
        if let Some(&known) = self.index.get(value) {
            return known;
        }
        let number = u32::try_from(self.values.len()).expect("fewer than 2^32 distinct values");
        self.values.push(value.to_owned());
        self.index.insert(value.to_owned(), number);
        number
    }
}

/// The ids of the stated figures, in publish order, in one string:
/// millions of ids cost their bytes, not an allocation each.
#[derive(Debug, Default)]
struct FigureIds {
    text: String,
    ends: Vec<usize>,
}

impl FigureIds {
    fn push(&mut self, figure_id: &str) {
        self.text.push_str(figure_id);
        self.ends.push(self.text.len());
    }

    fn get(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.text[start..self.ends[i]]
    }

    fn position(&self, figure_id: &str) -> Option<usize> {
        (0..self.ends.len()).find(|&i| self.get(i) == figure_id)
    }
}

/// What claims need of the published figures of the whole corpus, gathered
/// in publish order as documents are normalized: only the figures whose
/// measure a claim asks about.
#[derive(Debug, Default)]
pub struct Statements {
    figures: Vec<Stated>,
    figure_ids: FigureIds,
    questions: Interned<Question>,
    documents: Interned<String>,
    sources: Interned<String>,
    /// Published figures seen so far, in a claim or not.
    rows: u32,
}

impl Statements {
    /// Takes the next published figure.
    pub fn add(&mut self, candidate: &Candidate, figure: &Figure, measures: &Questions) {
        let row = self.rows;
        self.rows += 1;
        let Some(measure) = measures.claim_measure(&figure.measure) else { return };
        let period = match (figure.period_start, figure.period_end) {
            (Some(start), Some(end)) => Some((start.min(end), start.max(end))),
            (Some(year), None) | (None, Some(year)) => Some((year, year)),
            (None, None) => None,
        };
        let question = Question { measure: measure.to_string(), unit: figure.unit.clone(), place: figure.place.clone(), period };
        let source = figure.attributed_to.as_deref().map(fold).filter(|a| !a.is_empty());
        let (numbers, stated) = Stated::numbers_of([figure.value, figure.value_low, figure.value_high]);
        self.figures.push(Stated {
            row,
            question: self.questions.of(&question),
            document: self.documents.of(candidate.doc_id.as_str()),
            source: source.map(|source| self.sources.of(source.as_str())),
            char_start: candidate.char_start,
            numbers,
            stated,
        });
        self.figure_ids.push(&candidate.figure_id);
    }

    fn question(&self, i: usize) -> &Question {
        &self.questions.values[self.figures[i].question as usize]
    }

    fn figure_id(&self, i: usize) -> &str {
        self.figure_ids.get(i)
    }
}

/// A claim as the table publishes it.
#[derive(Debug)]
pub struct Claim {
    pub claim_id: String,
    pub label: String,
    pub question: Question,
    pub source_count: i64,
    /// Its figures in publish order, by their place in the statements.
    members: Vec<usize>,
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
    /// What each stated figure gets, in the statements' order.
    of_figure: Vec<Claimed>,
    statements: Statements,
    pub messages: Vec<(u64, String)>,
}

/// A figure's claim (its place in `Claims::claims`) and the earlier figure
/// whose statement it repeats (its place in the statements).
#[derive(Debug, Clone, Copy, Default)]
struct Claimed {
    claim: u32,
    repeats: Option<u32>,
}

impl Claims {
    /// The `claim_id` and `repeats` columns of the figures table's `rows`;
    /// null for a figure in no claim.
    pub fn of_rows(&self, rows: Range<usize>) -> (Vec<Option<String>>, Vec<Option<String>>) {
        let mut claim_ids = vec![None; rows.len()];
        let mut repeats = vec![None; rows.len()];
        let figures = &self.statements.figures;
        let first = figures.partition_point(|f| (f.row as usize) < rows.start);
        for (figure, claimed) in figures[first..].iter().zip(&self.of_figure[first..]) {
            let row = figure.row as usize;
            if row >= rows.end {
                break;
            }
            claim_ids[row - rows.start] = Some(self.claims[claimed.claim as usize].claim_id.clone());
            repeats[row - rows.start] = claimed.repeats.map(|j| self.statements.figure_id(j as usize).to_string());
        }
        (claim_ids, repeats)
    }
}

/// What a claim asks: what is counted, in which unit, where and when.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// What the rules say about questions once each figure's measure is its
/// claim's (`Statements::add`): which places lie inside which.
#[derive(Debug, Clone, Copy)]
pub struct Asking<'r> {
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
pub fn build(figures: Statements, published: &BTreeMap<String, Option<String>>, asking: Asking, decisions: &[ClaimDecision]) -> Claims {
    let mut groups = group(&figures, asking);
    let mut messages = Vec::new();
    for decision in decisions {
        if let Err(message) = apply(decision, &mut groups, &figures, asking) {
            messages.push((decision.row.line, message));
        }
    }
    groups.retain(|g| !g.members.is_empty());
    let asked: Vec<Question> = groups.iter().map(|g| question_of(g, asking)).collect();
    let ids = claim_ids(&groups.iter().collect::<Vec<_>>(), &asked, &figures);
    let dates: Vec<Option<&str>> = figures.documents.values.iter().map(|doc| published.get(doc).and_then(|d| d.as_deref())).collect();
    // In the order of their ids, as the table lists them.
    let mut by_id: Vec<((Group, Question), String)> = groups.into_iter().zip(asked).zip(ids).collect();
    by_id.sort_by(|a, b| a.1.cmp(&b.1));
    let mut of_figure = vec![Claimed::default(); figures.figures.len()];
    let mut claims = Vec::with_capacity(by_id.len());
    for (claim, ((group, question), claim_id)) in by_id.into_iter().enumerate() {
        let mut members = group.members;
        members.sort_unstable();
        for (&i, repeats) in members.iter().zip(repeated(&members, &figures, &dates)) {
            of_figure[i] = Claimed { claim: claim as u32, repeats: repeats.map(|j| j as u32) };
        }
        let numbers = || members.iter().flat_map(|&i| figures.figures[i].numbers());
        let documents: BTreeSet<u32> = members.iter().map(|&i| figures.figures[i].document).collect();
        claims.push(Claim {
            label: group.label.unwrap_or_else(|| question.label()),
            claim_id,
            question,
            source_count: documents.len() as i64,
            low: numbers().reduce(f64::min),
            high: numbers().reduce(f64::max),
            members,
            review_note: Some(group.notes.join("; ")).filter(|n| !n.is_empty()),
        });
    }
    Claims { claims, of_figure, statements: figures, messages }
}

/// For a measure and unit: place → the groups with a question there.
type GroupsAt<'q> = BTreeMap<&'q Option<String>, BTreeSet<usize>>;

/// The figures grouped by question, most specific questions first, each
/// joining the claim closest to it whose every question it shares.
fn group(figures: &Statements, asking: Asking) -> Vec<Group> {
    let questions = &figures.questions.values;
    let mut members_of: Vec<Vec<usize>> = vec![Vec::new(); questions.len()];
    for (i, figure) in figures.figures.iter().enumerate() {
        members_of[figure.question as usize].push(i);
    }
    // place → the places it lies in, in some year: asked once per place.
    let mut around: HashMap<&str, Vec<&str>> = HashMap::new();
    for place in questions.iter().filter_map(|q| q.place.as_deref()) {
        around.entry(place).or_insert_with(|| asking.places.around(place));
    }
    let depth = |q: &Question| q.place.as_deref().map_or(0, |p| around[p].len());
    // Whether a question at `a` may share one at `b`: the same place, or one
    // inside the other in some year.
    let nested = |a: &Option<String>, b: &Option<String>| match (a.as_deref(), b.as_deref()) {
        (Some(a), Some(b)) => a == b || around[a].contains(&b) || around[b].contains(&a),
        (a, b) => a == b,
    };
    let mut asked: Vec<(&Question, Vec<usize>)> = questions.iter().zip(members_of).collect();
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
fn claim_ids(groups: &[&Group], asked: &[Question], figures: &Statements) -> Vec<String> {
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (g, question) in asked.iter().enumerate() {
        by_key.entry(question.key()).or_default().push(g);
    }
    let mut ids = vec![String::new(); groups.len()];
    for (key, mut same) in by_key {
        let first_figure = |g: usize| groups[g].members.iter().map(|&i| figures.figure_id(i)).min().unwrap_or("");
        same.sort_by_key(|&g| (Reverse(groups[g].members.len()), first_figure(g)));
        for (repeat, g) in same.into_iter().enumerate() {
            ids[g] = stable_id("claim", &key, repeat);
        }
    }
    ids
}

/// For each member (sorted, in publish order), the first earlier statement
/// of the same numbers on the same word: in the same document, the same
/// attribution or none; in another, the same named source. Earlier means in
/// a document published before (`dates`, by document), then in text order.
fn repeated(members: &[usize], figures: &Statements, dates: &[Option<&str>]) -> Vec<Option<usize>> {
    let stated = |i: usize| &figures.figures[i];
    let date = |i: usize| dates[stated(i).document as usize];
    let doc_id = |i: usize| figures.documents.values[stated(i).document as usize].as_str();
    let mut order: Vec<usize> = members.to_vec();
    order.sort_by(|&a, &b| {
        (date(a).is_none(), date(a), doc_id(a), stated(a).char_start).cmp(&(date(b).is_none(), date(b), doc_id(b), stated(b).char_start))
    });
    // (numbers, named source) or (numbers, no source, document) → the first
    // statement of them.
    let mut first_of: HashMap<([Option<u64>; 3], Option<u32>, Option<u32>), usize> = HashMap::new();
    let mut earlier_of: HashMap<usize, usize> = HashMap::new();
    for &i in &order {
        let figure = stated(i);
        let word = match figure.source {
            Some(source) => (Some(source), None),
            None => (None, Some(figure.document)),
        };
        let first = *first_of.entry((figure.numbers_bits(), word.0, word.1)).or_insert(i);
        if first != i {
            earlier_of.insert(i, first);
        }
    }
    members.iter().map(|i| earlier_of.get(i).copied()).collect()
}

/// Applies one curator's decision to the groups. `Err` is the message for
/// the curator: why it was not applied (stale, kept in the file), or that it
/// was applied to the claim its figure is in now (moved).
fn apply(decision: &ClaimDecision, groups: &mut Vec<Group>, figures: &Statements, asking: Asking) -> Result<(), String> {
    let live: Vec<usize> = (0..groups.len()).filter(|&g| !groups[g].members.is_empty()).collect();
    let asked: Vec<Question> = live.iter().map(|&g| question_of(&groups[g], asking)).collect();
    let live_groups: Vec<&Group> = live.iter().map(|&g| &groups[g]).collect();
    let ids: BTreeMap<usize, String> = live.iter().copied().zip(claim_ids(&live_groups, &asked, figures)).collect();
    // The figure a decision names (by its place in the statements) and the
    // group it is in now.
    let group_of = |figure_id: &str| -> Option<(usize, usize)> {
        let i = figures.figure_ids.position(figure_id)?;
        live.iter().find(|&&g| groups[g].members.contains(&i)).map(|&g| (i, g))
    };
    let row = &decision.row;
    let stale = |why: String| format!("{}: {} {} not applied, kept in the file: {why}", decision.at(), row.action, row.claim_id);
    let mut moved = Vec::new();
    let mut find = |claim_id: &str, figure_id: &str| -> Result<usize, String> {
        match group_of(figure_id) {
            Some((_, g)) => {
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
            let Some((i, g)) = group_of(&row.figure_id) else {
                return Err(stale(format!("figure {} is in no claim now", row.figure_id)));
            };
            if groups[g].members.len() == 1 {
                return Err(stale(format!("figure {} is a claim of its own now", row.figure_id)));
            }
            if ids[&g] != row.claim_id {
                moved.push(format!("{}: {} is now {}; applied, update the id", decision.at(), row.claim_id, ids[&g]));
            }
            groups[g].members.retain(|&m| m != i);
            let question = Question { measure: groups[g].questions[0].measure.clone(), ..figures.question(i).clone() };
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
pub fn frame(all: &Claims) -> Result<DataFrame> {
    let claims = &all.claims;
    let figure_ids = |c: &Claim| c.members.iter().map(|&i| all.statements.figure_id(i)).collect::<Vec<_>>().join("|");
    let mut b = FrameBuilder::new(&CLAIMS);
    b.str("claim_id", claims.iter().map(|c| Some(c.claim_id.clone())));
    b.str("label", claims.iter().map(|c| Some(c.label.clone())));
    b.str("measure", claims.iter().map(|c| Some(c.question.measure.clone())));
    b.str("place", claims.iter().map(|c| c.question.place.clone()));
    b.i32("period_start", claims.iter().map(|c| c.question.period.map(|p| p.0)));
    b.i32("period_end", claims.iter().map(|c| c.question.period.map(|p| p.1)));
    b.str("unit", claims.iter().map(|c| Some(c.question.unit.clone())));
    b.i64("source_count", claims.iter().map(|c| Some(c.source_count)));
    b.i64("figure_count", claims.iter().map(|c| Some(c.members.len() as i64)));
    b.f64("low", claims.iter().map(|c| c.low));
    b.f64("high", claims.iter().map(|c| c.high));
    b.f64("spread", claims.iter().map(|c| spread(c.low, c.high)));
    b.str("figure_ids", claims.iter().map(|c| Some(figure_ids(c))));
    b.str("review_note", claims.iter().map(|c| c.review_note.clone()));
    b.finish()
}

/// high ÷ low, rounded to what a reader compares (three decimals).
fn spread(low: Option<f64>, high: Option<f64>) -> Option<f64> {
    let (low, high) = (low?, high?);
    (low > 0.0).then(|| (high / low * 1000.0).round() / 1000.0)
}
