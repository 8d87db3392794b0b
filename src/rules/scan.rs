//! Running many rules over a text fast, with exactly the matches each rule's
//! own `captures_iter` would give.
//!
//! A rule regex with Unicode word boundaries (`\b` next to Cyrillic) keeps the
//! regex crate off its DFA on non-ASCII text, and fifty such rules run one by
//! one over a text read it at well under a megabyte a second. So a group of
//! rules is scanned in three steps:
//!
//! 1. *Cover*: one DFA pass over the text with the union of the rules'
//!    covers — for each rule, a short pattern that matches a prefix of every
//!    match the rule can make (its first words or digits, its word
//!    boundaries made ASCII where that is the same). Every position where
//!    any rule can start a match lies inside a cover match, so the rest of
//!    the text is never looked at again. A rule whose cover would match nearly everywhere (one that
//!    begins with any letter) is scanned with its own relaxed pattern (the
//!    rule without its look-around assertions) instead.
//! 2. *Which*: at each position inside those stretches, one anchored DFA
//!    pass with the union of the relaxed rules says which rules can match
//!    there at all, and how far each rule's longest relaxed match reaches.
//! 3. *Confirm*: only those rules run their real regex, anchored at that
//!    position, with captures, over no more text than that reach: a match
//!    of the rule is a match of its relaxed pattern, so nothing beyond can
//!    change what the rule finds (its look-arounds still see the whole
//!    text), and a short span lets the regex crate capture with its bounded
//!    backtracker rather than its slower PikeVM, whose caches for large
//!    rules run to megabytes each. Taking the positions in order and
//!    skipping past each match, this is each rule's leftmost-first
//!    iteration.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use regex_automata::hybrid::dfa::{Cache as HybridCache, OverlappingState, DFA};
use regex_automata::meta;
use regex_automata::nfa::thompson;
use regex_automata::util::captures::Captures;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind, Look, Repetition};

/// How many literal characters a cover keeps of a rule's opening: enough to
/// tell "about 5" from "about the", few enough to keep the union small.
const COVER_CHARS: usize = 4;
/// A part of a rule that many states would copy into the cover is cut
/// short there instead.
const COVER_PART_SIZE: usize = 40;
/// A class of more characters than this, or one with white space, opens
/// too many stretches to be worth scanning for.
const SELECTIVE_CLASS: u32 = 64;

/// One rule of a scanner: its index in the rule set and its real regex.
struct ScanRule {
    index: usize,
    regex: meta::Regex,
}

/// A compiled group of rules (the figure and exclusion rules, the entity
/// rules, …) that is scanned as one.
pub struct Scanner {
    /// Which thread-local caches are this scanner's.
    id: usize,
    rules: Vec<ScanRule>,
    /// Whether any rule can begin with a byte: a position that holds none
    /// of them is passed over without asking `which`.
    starts: [bool; 256],
    /// The union of the selective covers and of the relaxed patterns of the
    /// rules without one.
    cover: meta::Regex,
    /// The union of all relaxed patterns, reporting every rule that matches
    /// at a position and where each of its matches there ends.
    which: DFA,
}

impl std::fmt::Debug for Scanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scanner").field("rules", &self.rules.len()).finish()
    }
}

/// The scanners of a rule set, one per group of rules that run together.
#[derive(Debug)]
pub struct Scanners {
    /// Figure and exclusion rules, over a whole text.
    pub figures: Scanner,
    /// Entity pattern rules, over a whole text.
    pub entities: Scanner,
    /// Attribution, period and clause rules, over one sentence at a time.
    pub context: Scanner,
    /// The period rules alone, over the sentences that need nothing else:
    /// a text's periods are all found, and most of its sentences hold no
    /// figure.
    pub periods: Scanner,
}

/// One match of one rule: the rule's index in the rule set and its groups.
pub struct Hit {
    pub rule: usize,
    captures: Captures,
}

impl Hit {
    pub fn whole(&self) -> Range<usize> {
        self.captures.get_match().expect("a hit has a match").range()
    }

    pub fn group(&self, name: &str) -> Option<Range<usize>> {
        self.captures.get_group_by_name(name).map(|s| s.range())
    }
}

/// A rule's pattern compiled as rules are: verbose, `^` and `$` at lines.
/// The error, if any, is the line that says what is wrong.
pub fn compile(pattern: &str) -> Result<meta::Regex, String> {
    meta::Builder::new().syntax(syntax_config()).configure(meta_config()).build(pattern).map_err(|e| {
        // The syntax error says what is wrong; the build error only which pattern.
        let text = e.syntax_error().map_or_else(|| e.to_string(), ToString::to_string);
        text.lines().find_map(|l| l.trim().strip_prefix("error: ")).map(str::to_string).unwrap_or_else(|| crate::text::squash(&text))
    })
}

fn syntax_config() -> syntax::Config {
    syntax::Config::new().ignore_whitespace(true).multi_line(true)
}

fn meta_config() -> meta::Config {
    meta::Config::new().nfa_size_limit(Some(1 << 30)).hybrid_cache_capacity(64 << 20).dfa(false)
}

impl Scanner {
    /// A scanner for `rules`, each (index in the rule set, expanded pattern,
    /// its compiled regex).
    pub fn new(rules: &[(usize, &str, &meta::Regex)]) -> Result<Scanner, String> {
        let mut scan_rules = Vec::new();
        let mut relaxed = Vec::new();
        // The covers' alternatives, each once: many rules open alike (with a
        // qualifier, with digits), and the union needs each opening only once.
        let mut covers: std::collections::BTreeMap<String, Hir> = std::collections::BTreeMap::new();
        for &(index, pattern, regex) in rules {
            let hir = regex_syntax::ParserBuilder::new()
                .ignore_whitespace(true)
                .multi_line(true)
                .build()
                .parse(pattern)
                .map_err(|e| e.to_string())?;
            let regex = regex.clone();
            let loose = relax(&hir);
            match cover(&hir).filter(selective) {
                Some(c) => {
                    let branches = match c.kind() {
                        HirKind::Alternation(v) => v.clone(),
                        _ => vec![c],
                    };
                    covers.extend(branches.into_iter().map(|b| (b.to_string(), b)));
                }
                None => {
                    covers.insert(loose.to_string(), loose.clone());
                }
            }
            relaxed.push(loose);
            scan_rules.push(ScanRule { index, regex });
        }
        let union = Hir::alternation(covers.into_values().collect());
        let cover = meta::Builder::new().configure(meta_config()).build_from_hir(&union).map_err(|e| e.to_string())?;
        let which_nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().nfa_size_limit(Some(1 << 30)).which_captures(thompson::WhichCaptures::None))
            .build_many_from_hir(&relaxed)
            .map_err(|e| e.to_string())?;
        let which = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All).cache_capacity(64 << 20))
            .build_from_nfa(which_nfa)
            .map_err(|e| e.to_string())?;
        let mut starts = [false; 256];
        for hir in &relaxed {
            first_bytes(hir, &mut starts);
        }
        static SCANNERS: AtomicUsize = AtomicUsize::new(0);
        Ok(Scanner { id: SCANNERS.fetch_add(1, Ordering::Relaxed), rules: scan_rules, starts, cover, which })
    }

    /// Every match of every rule in `text`, as each rule's own leftmost-first
    /// iteration gives them (empty matches left out): grouped by rule, in
    /// the order the rules were given, each rule's in text order.
    pub fn scan(&self, text: &str) -> Vec<Hit> {
        if self.rules.is_empty() || text.is_empty() {
            return Vec::new();
        }
        self.with_caches(|caches| self.scan_with(text, caches))
    }

    fn scan_with(&self, text: &str, caches: &mut Caches) -> Vec<Hit> {
        let Caches { rules: rule_caches, cover, which, stretches, next, reach, matched, hits, captures } = caches;
        stretches.clear();
        matches_with(&self.cover, cover, text, stretches);
        let bytes = text.as_bytes();
        next.clear();
        next.resize(self.rules.len(), 0);
        reach.clear();
        reach.resize(self.rules.len(), None);
        let mut checked_to = 0;
        for &(start, end) in stretches.iter() {
            for at in start.max(checked_to)..end {
                if !self.starts[bytes[at] as usize] || !text.is_char_boundary(at) {
                    continue;
                }
                self.reach(text, at, which, reach, matched);
                for k in matched.drain(..) {
                    let Some(reach_end) = reach[k].take() else { continue };
                    if at < next[k] {
                        continue;
                    }
                    let rule = &self.rules[k];
                    let input = Input::new(text).span(at..reach_end).anchored(Anchored::Yes);
                    rule.regex.search_captures_with(&mut rule_caches[k], &input, &mut captures[k]);
                    if let Some(found) = captures[k].get_match().filter(|m| !m.is_empty()) {
                        next[k] = found.end();
                        hits[k].push(Hit { rule: rule.index, captures: captures[k].clone() });
                    }
                }
            }
            checked_to = checked_to.max(end);
        }
        hits.iter_mut().flat_map(std::mem::take).collect()
    }

    /// Sets `reach[k]` to the end of rule `k`'s longest relaxed match at
    /// `at`, for every rule that has one, and lists those rules in
    /// `matched`. Should the lazy DFA fail, every rule may match, as far as
    /// the end of the text.
    fn reach(&self, text: &str, at: usize, cache: &mut HybridCache, reach: &mut [Option<usize>], matched: &mut Vec<usize>) {
        let input = Input::new(text).span(at..text.len()).anchored(Anchored::Yes);
        let mut state = OverlappingState::start();
        loop {
            if self.which.try_search_overlapping_fwd(cache, &input, &mut state).is_err() {
                reach.fill(Some(text.len()));
                matched.clear();
                matched.extend(0..reach.len());
                return;
            }
            let Some(found) = state.get_match() else { return };
            let rule = found.pattern().as_usize();
            match &mut reach[rule] {
                Some(end) => *end = (*end).max(found.offset()),
                none => {
                    *none = Some(found.offset());
                    matched.push(rule);
                }
            }
        }
    }

    /// Runs `f` with this thread's caches for this scanner: the lazy DFAs
    /// keep the states they built from one text to the next.
    fn with_caches<R>(&self, f: impl FnOnce(&mut Caches) -> R) -> R {
        thread_local! {
            static CACHES: RefCell<Vec<(usize, Caches)>> = const { RefCell::new(Vec::new()) };
        }
        CACHES.with(|all| {
            let mut all = all.borrow_mut();
            let at = match all.iter().position(|(id, _)| *id == self.id) {
                Some(at) => at,
                None => {
                    all.push((self.id, self.caches()));
                    all.len() - 1
                }
            };
            f(&mut all[at].1)
        })
    }

    fn caches(&self) -> Caches {
        Caches {
            rules: self.rules.iter().map(|r| r.regex.create_cache()).collect(),
            cover: self.cover.create_cache(),
            which: self.which.create_cache(),
            stretches: Vec::new(),
            next: Vec::new(),
            reach: Vec::new(),
            matched: Vec::new(),
            hits: self.rules.iter().map(|_| Vec::new()).collect(),
            captures: self.rules.iter().map(|r| r.regex.create_captures()).collect(),
        }
    }
}

/// The search caches of one scanner on one thread, and the buffers a scan
/// reuses from one text (or sentence) to the next.
struct Caches {
    rules: Vec<meta::Cache>,
    cover: meta::Cache,
    which: HybridCache,
    /// The cover's matches in the text, as (start, end).
    stretches: Vec<(usize, usize)>,
    /// For each rule, where its previous match ended: it cannot match again
    /// before.
    next: Vec<usize>,
    /// For each rule, the end of its longest relaxed match at the position
    /// being looked at, if it has one there.
    reach: Vec<Option<usize>>,
    /// The rules with a relaxed match at that position.
    matched: Vec<usize>,
    /// Each rule's hits, in text order.
    hits: Vec<Vec<Hit>>,
    /// Each rule's captures of its latest search.
    captures: Vec<Captures>,
}

/// Every leftmost-first match of `regex` in `text`, as (start, end).
fn matches_with(regex: &meta::Regex, cache: &mut meta::Cache, text: &str, out: &mut Vec<(usize, usize)>) {
    let mut input = Input::new(text);
    while let Some(found) = regex.search_with(cache, &input) {
        out.push((found.start(), found.end()));
        let mut next = if found.is_empty() { found.end() + 1 } else { found.end() };
        while next < text.len() && !text.is_char_boundary(next) {
            next += 1;
        }
        if next > text.len() {
            break;
        }
        input.set_start(next);
    }
}

/// Marks the bytes a match of `hir` can begin with.
fn first_bytes(hir: &Hir, bytes: &mut [bool; 256]) {
    // Whether `hir` can match the empty string, in which case what follows
    // it can begin the match too.
    fn mark(hir: &Hir, bytes: &mut [bool; 256]) -> bool {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => true,
            HirKind::Literal(l) => {
                if let Some(&b) = l.0.first() {
                    bytes[b as usize] = true;
                }
                l.0.is_empty()
            }
            HirKind::Class(Class::Unicode(c)) => {
                for r in c.ranges() {
                    mark_lead_bytes(r.start(), r.end(), bytes);
                }
                false
            }
            HirKind::Class(Class::Bytes(c)) => {
                for r in c.ranges() {
                    for b in r.start()..=r.end() {
                        bytes[b as usize] = true;
                    }
                }
                false
            }
            HirKind::Capture(c) => mark(&c.sub, bytes),
            HirKind::Repetition(r) => mark(&r.sub, bytes) || r.min == 0,
            HirKind::Concat(parts) => parts.iter().all(|part| mark(part, bytes)),
            HirKind::Alternation(branches) => branches.iter().fold(false, |empty, b| mark(b, bytes) || empty),
        }
    }
    if mark(hir, bytes) {
        // A rule that can match the empty string can begin anywhere.
        bytes.fill(true);
    }
}

/// Marks the first UTF-8 bytes of the characters `start..=end`.
fn mark_lead_bytes(start: char, end: char, bytes: &mut [bool; 256]) {
    // The encodings of one length have lead bytes that grow with the code
    // point, so each length's part of the range marks a run of lead bytes.
    for (low, high) in [(0u32, 0x7F), (0x80, 0x7FF), (0x800, 0xFFFF), (0x10000, 0x10FFFF)] {
        let (a, b) = ((start as u32).max(low), (end as u32).min(high));
        if a > b {
            continue;
        }
        let lead = |c: u32| char::from_u32(c).map(|c| c.encode_utf8(&mut [0; 4]).as_bytes()[0]);
        let first = (a..=b).find_map(lead);
        let last = (a..=b).rev().find_map(lead);
        if let (Some(first), Some(last)) = (first, last) {
            for byte in first..=last {
                bytes[byte as usize] = true;
            }
        }
    }
}

/// The rule without its look-around assertions and captures: it matches
/// wherever the rule does, and a DFA can run it.
fn relax(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Hir::empty(),
        HirKind::Literal(l) => Hir::literal(l.0.clone()),
        HirKind::Class(c) => Hir::class(c.clone()),
        HirKind::Repetition(r) => Hir::repetition(Repetition { min: r.min, max: r.max, greedy: r.greedy, sub: Box::new(relax(&r.sub)) }),
        HirKind::Capture(c) => relax(&c.sub),
        HirKind::Concat(v) => Hir::concat(v.iter().map(relax).collect()),
        HirKind::Alternation(v) => Hir::alternation(v.iter().map(relax).collect()),
    }
}

/// Whether a pattern has more than [`COVER_PART_SIZE`] nodes, a measure of
/// what copying it into a cover costs; counting stops there.
fn is_large(hir: &Hir) -> bool {
    fn count(hir: &Hir, budget: &mut usize) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) | HirKind::Literal(_) | HirKind::Class(_) => true,
            HirKind::Capture(c) => count(&c.sub, budget),
            HirKind::Repetition(r) => count(&r.sub, budget),
            HirKind::Concat(v) | HirKind::Alternation(v) => v.iter().all(|h| count(h, budget)),
        }
    }
    let mut budget = COVER_PART_SIZE;
    !count(hir, &mut budget)
}

/// A pattern that matches a non-empty prefix of every match of `hir`, from
/// the match's start.
fn cover(hir: &Hir) -> Option<Hir> {
    let mut out = Vec::new();
    cover_sequence(&[hir], false, 0, Vec::new(), &mut out);
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|h| seen.insert(h.to_string()));
    (!out.is_empty()).then(|| Hir::alternation(out))
}

/// Covers of the sequence `items`, added to `out`: `lead` when a word
/// boundary stands before what comes next, `chars` how many characters
/// `done` (the cover so far) already holds.
fn cover_sequence<'h>(items: &[&'h Hir], lead: bool, chars: usize, done: Vec<Hir>, out: &mut Vec<Hir>) {
    let finish = |done: Vec<Hir>, out: &mut Vec<Hir>| {
        if !done.is_empty() {
            out.push(Hir::concat(done));
        }
    };
    let Some((&first, rest)) = items.split_first() else { return finish(done, out) };
    if chars >= COVER_CHARS {
        return finish(done, out);
    }
    let then = |head: &[&'h Hir]| -> Vec<&'h Hir> {
        let mut all: Vec<&'h Hir> = head.to_vec();
        all.extend_from_slice(rest);
        all
    };
    match first.kind() {
        HirKind::Look(look) => {
            let boundary = matches!(look, Look::WordUnicode | Look::WordAscii) && done.is_empty();
            cover_sequence(rest, lead || boundary, chars, done, out)
        }
        HirKind::Empty => cover_sequence(rest, lead, chars, done, out),
        HirKind::Capture(c) => cover_sequence(&then(&[&c.sub]), lead, chars, done, out),
        HirKind::Concat(parts) => {
            let parts: Vec<&'h Hir> = parts.iter().collect();
            cover_sequence(&then(&parts), lead, chars, done, out)
        }
        HirKind::Repetition(r) if r.min == 0 && r.max == Some(1) => {
            cover_sequence(&then(&[&r.sub]), lead, chars, done.clone(), out);
            cover_sequence(rest, lead, chars, done, out);
        }
        HirKind::Repetition(r) if r.min == 0 && is_large(first) => {
            cover_sequence(&[&r.sub], lead, chars, done.clone(), out);
            cover_sequence(rest, lead, chars, done, out);
        }
        HirKind::Alternation(branches) if is_large(first) || (done.is_empty() && lead) => {
            for branch in branches {
                cover_sequence(&then(&[branch]), lead, chars, done.clone(), out);
            }
        }
        _ if is_large(first) => match first.kind() {
            HirKind::Repetition(r) => cover_sequence(&[&r.sub], lead, chars, done, out),
            _ => finish(done, out),
        },
        _ => {
            let mut done = done;
            if done.is_empty() && lead {
                done.extend(boundary_before(first));
            }
            done.push(relax(first));
            cover_sequence(rest, false, chars + telling_chars(first), done, out)
        }
    }
}

/// How many characters a part of a cover adds to telling one match from
/// another: white space none, a literal its characters, a class one.
fn telling_chars(hir: &Hir) -> usize {
    match hir.kind() {
        HirKind::Literal(l) => std::str::from_utf8(&l.0).map_or(l.0.len(), |s| s.chars().count()),
        HirKind::Class(Class::Unicode(c)) if c.ranges().iter().any(|r| (r.start()..=r.end()).any(char::is_whitespace)) => 0,
        HirKind::Repetition(r) => telling_chars(&r.sub) * r.min as usize,
        _ => 1,
    }
}

/// What a word boundary before `hir` becomes in a cover: ASCII `\b` before
/// ASCII word characters (where it is the same), and nothing before other
/// characters (a DFA cannot see a boundary next to Cyrillic; without one the
/// cover also matches inside words, which costs a check, never a match).
fn boundary_before(hir: &Hir) -> Option<Hir> {
    let ranges: Vec<(char, char)> = match hir.kind() {
        HirKind::Literal(l) => std::str::from_utf8(&l.0).ok()?.chars().next().map(|c| vec![(c, c)])?,
        HirKind::Class(Class::Unicode(c)) => c.ranges().iter().map(|r| (r.start(), r.end())).collect(),
        _ => return None,
    };
    let all = |test: fn(char) -> bool| ranges.iter().all(|&(a, b)| (a..=b).all(test));
    all(|c| c.is_ascii_alphanumeric() || c == '_').then(|| Hir::look(Look::WordAscii))
}

/// A look-around assertion of a cover.
fn is_boundary(hir: &Hir) -> bool {
    matches!(hir.kind(), HirKind::Look(_))
}

/// Whether every alternative of a cover begins with something rare enough to
/// scan for: a literal, a boundary, or a small class without white space.
fn selective(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Alternation(v) => v.iter().all(selective),
        // A word boundary says nothing of how rare the word after it is; an
        // optional part may be left out, so what follows it must be rare too.
        HirKind::Concat(v) => {
            for part in v.iter().filter(|part| !is_boundary(part)) {
                if !selective(part) {
                    return false;
                }
                if part.properties().minimum_len() != Some(0) {
                    return true;
                }
            }
            false
        }
        HirKind::Repetition(r) => selective(&r.sub),
        HirKind::Capture(c) => selective(&c.sub),
        HirKind::Literal(_) | HirKind::Look(_) => true,
        HirKind::Class(Class::Unicode(c)) => {
            let chars: u32 = c.ranges().iter().map(|r| r.end() as u32 - r.start() as u32 + 1).sum();
            let spaces = c.ranges().iter().any(|r| (r.start()..=r.end()).any(char::is_whitespace));
            chars <= SELECTIVE_CLASS && !spaces
        }
        HirKind::Class(Class::Bytes(c)) => c.ranges().len() as u32 <= SELECTIVE_CLASS,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each rule's own iteration, the slow way.
    fn one_by_one(patterns: &[&str], text: &str) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            let re = regex::RegexBuilder::new(p).ignore_whitespace(true).multi_line(true).build().unwrap();
            out.extend(re.find_iter(text).filter(|m| !m.is_empty()).map(|m| (i, m.range())));
        }
        out
    }

    fn scanned(patterns: &[&str], text: &str) -> Vec<(usize, Range<usize>)> {
        let compiled: Vec<meta::Regex> = patterns.iter().map(|p| compile(p).unwrap()).collect();
        let rules: Vec<(usize, &str, &meta::Regex)> = patterns.iter().zip(&compiled).enumerate().map(|(i, (p, r))| (i, *p, r)).collect();
        Scanner::new(&rules).unwrap().scan(text).iter().map(|h| (h.rule, h.whole())).collect()
    }

    #[test]
    fn the_scan_gives_each_rules_own_matches() {
        let patterns = [
            r"\b (?i: about | около ) \s+ \d+ \b",
            r"\b \d+ (?: \s+ (?i: тысяч | thousand ) )? \b",
            r"\b (?i: пять | пяти | five ) \b",
            r"\b \p{L}+ - \d+ \b",
            r"^ [\x20\t]* \d{1,2} [.)] \s",
        ];
        let text = "About 5 thousand came; около 300 тысяч ушли. Пятилетка, пять дней, пяти.\n 2. COVID-19 five fivefold 10-12";
        assert_eq!(scanned(&patterns, text), one_by_one(&patterns, text));
    }

    proptest::proptest! {
        #[test]
        fn the_scan_agrees_with_one_rule_at_a_time(text in "[a-cпя0-9 .,\\-\\n]{0,60}") {
            let patterns = [r"\b (?i: a | пя ) \s* \d+ \b", r"\b \d+ (?: [.,] \d+ )? \b", r"\b \p{L}+ - \d \b", r"[.,] \d"];
            proptest::prop_assert_eq!(scanned(&patterns, &text), one_by_one(&patterns, &text));
        }
    }
}
