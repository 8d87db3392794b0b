//! What makes figures answer the same question (`rules/claims.toml`,
//! `rules/places.toml`): which measures count the same thing, which measures
//! answer no common question, and which places lie inside which, in which
//! years. A leaf data type: normalize groups figures into claims with it.

use std::collections::{BTreeMap, BTreeSet};

/// One place inside another, for the years it holds (`None`: always).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Within {
    pub parent: String,
    pub from: Option<i32>,
    pub to: Option<i32>,
}

impl Within {
    /// Whether the relation holds in every year of `period`; a period that
    /// is not known uses only relations without years.
    fn holds_for(&self, period: Option<(i32, i32)>) -> bool {
        match period {
            None => self.from.is_none() && self.to.is_none(),
            Some((start, end)) => self.from.is_none_or(|from| from <= start) && self.to.is_none_or(|to| end <= to),
        }
    }
}

#[derive(Debug, Default)]
pub struct Questions {
    /// measure → the measure of the claims its figures join, for the
    /// measures of a `[[comparable]]` group.
    comparable: BTreeMap<String, String>,
    /// Measures whose figures join no claim.
    ungrouped: BTreeSet<String>,
    /// place → the places it lies in directly.
    parents: BTreeMap<String, Vec<Within>>,
}

impl Questions {
    pub fn new(comparable: BTreeMap<String, String>, ungrouped: BTreeSet<String>, parents: BTreeMap<String, Vec<Within>>) -> Questions {
        Questions { comparable, ungrouped, parents }
    }

    /// The measure of the claims a figure of `measure` joins, or `None` when
    /// such figures join none.
    pub fn claim_measure<'m>(&'m self, measure: &'m str) -> Option<&'m str> {
        if self.ungrouped.contains(measure) {
            return None;
        }
        Some(self.comparable.get(measure).map_or(measure, String::as_str))
    }

    /// The places `place` lies in directly, with the years.
    pub fn parents_of(&self, place: &str) -> &[Within] {
        self.parents.get(place).map_or(&[], Vec::as_slice)
    }

    /// Whether `inner` is `outer` or lies inside it, through relations that
    /// hold in every year of `period`.
    pub fn is_within(&self, inner: &str, outer: &str, period: Option<(i32, i32)>) -> bool {
        self.ancestors(inner, |w| w.holds_for(period)).contains(&outer)
    }

    /// `place` and every place it lies in through relations that `holds`,
    /// nearest first.
    fn ancestors<'q>(&'q self, place: &'q str, holds: impl Fn(&Within) -> bool) -> Vec<&'q str> {
        let mut found: Vec<&str> = vec![place];
        let mut next = 0;
        while next < found.len() {
            let parents = self.parents_of(found[next]).iter().filter(|w| holds(w)).map(|w| w.parent.as_str());
            for parent in parents.collect::<Vec<_>>() {
                if !found.contains(&parent) {
                    found.push(parent);
                }
            }
            next += 1;
        }
        found
    }

    /// The places `place` lies in, in some year, nearest first.
    pub fn places_around(&self, place: &str) -> Vec<String> {
        self.ancestors(place, |_| true).into_iter().skip(1).map(str::to_string).collect()
    }

    /// `place` and the places inside or around it in some year: the only
    /// places a figure about `place` can share a question with.
    pub fn nested_with(&self, place: &str) -> BTreeSet<String> {
        let mut nested: BTreeSet<String> = self.ancestors(place, |_| true).into_iter().map(str::to_string).collect();
        for inner in self.parents.keys() {
            if self.ancestors(inner, |_| true).contains(&place) {
                nested.insert(inner.clone());
            }
        }
        nested
    }

    /// A place that lies inside itself through other places, if any: the
    /// chain from it back to it.
    pub fn circle(&self) -> Option<Vec<String>> {
        for start in self.parents.keys() {
            let mut path = vec![start.clone()];
            if self.circle_from(start, start, &mut path, &mut BTreeSet::new()) {
                return Some(path);
            }
        }
        None
    }

    fn circle_from(&self, start: &str, place: &str, path: &mut Vec<String>, seen: &mut BTreeSet<String>) -> bool {
        for within in self.parents_of(place) {
            path.push(within.parent.clone());
            if within.parent == start {
                return true;
            }
            if seen.insert(within.parent.clone()) && self.circle_from(start, &within.parent, path, seen) {
                return true;
            }
            path.pop();
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn questions() -> Questions {
        let within = |parent: &str, from: Option<i32>, to: Option<i32>| Within { parent: parent.into(), from, to };
        let parents = BTreeMap::from([
            ("Almaty".to_string(), vec![within("Kazakhstan", None, None)]),
            ("Kazakhstan".to_string(), vec![within("Soviet Union", Some(1922), Some(1991)), within("Central Asia", None, None)]),
        ]);
        let comparable = BTreeMap::from([("killed".to_string(), "died".to_string())]);
        Questions::new(comparable, BTreeSet::from(["other".to_string()]), parents)
    }

    #[test]
    fn places_nest_through_relations_that_hold_in_the_years() {
        let q = questions();
        assert!(q.is_within("Almaty", "Kazakhstan", None));
        assert!(q.is_within("Almaty", "Almaty", None));
        assert!(q.is_within("Almaty", "Soviet Union", Some((1937, 1938))));
        assert!(!q.is_within("Almaty", "Soviet Union", Some((1990, 1992))));
        assert!(!q.is_within("Almaty", "Soviet Union", None));
        assert!(q.is_within("Almaty", "Central Asia", Some((2022, 2022))));
        assert!(!q.is_within("Kazakhstan", "Almaty", None));
        assert_eq!(q.circle(), None);
        assert_eq!(q.places_around("Almaty"), ["Kazakhstan", "Soviet Union", "Central Asia"]);
        let nested: Vec<String> = q.nested_with("Kazakhstan").into_iter().collect();
        assert_eq!(nested, ["Almaty", "Central Asia", "Kazakhstan", "Soviet Union"]);
    }

    #[test]
    fn measures_join_their_group_or_none() {
        let q = questions();
        assert_eq!(q.claim_measure("killed"), Some("died"));
        assert_eq!(q.claim_measure("executed"), Some("executed"));
        assert_eq!(q.claim_measure("other"), None);
    }

    #[test]
    fn a_circle_is_found() {
        let within = |parent: &str| vec![Within { parent: parent.into(), from: None, to: None }];
        let parents = BTreeMap::from([("A".to_string(), within("B")), ("B".to_string(), within("A"))]);
        let q = Questions::new(BTreeMap::new(), BTreeSet::new(), parents);
        assert_eq!(q.circle(), Some(vec!["A".to_string(), "B".to_string(), "A".to_string()]));
    }
}
