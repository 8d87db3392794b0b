//! Which measures answer the same question (`rules/claims.toml`): the
//! measures that count the same thing, and those that answer no common
//! question. A leaf data type: normalize groups figures into claims with it;
//! which places lie inside which is the gazetteer's (`gazetteer.rs`).

use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Default)]
pub struct Questions {
    /// measure → the measure of the claims its figures join, for the
    /// measures of a `[[comparable]]` group.
    comparable: BTreeMap<String, String>,
    /// Measures whose figures join no claim.
    ungrouped: BTreeSet<String>,
}

impl Questions {
    pub fn new(comparable: BTreeMap<String, String>, ungrouped: BTreeSet<String>) -> Questions {
        Questions { comparable, ungrouped }
    }

    /// The measure of the claims a figure of `measure` joins, or `None` when
    /// such figures join none.
    pub fn claim_measure<'m>(&'m self, measure: &'m str) -> Option<&'m str> {
        if self.ungrouped.contains(measure) {
            return None;
        }
        Some(self.comparable.get(measure).map_or(measure, String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_join_their_group_or_none() {
        let comparable = BTreeMap::from([("killed".to_string(), "died".to_string())]);
        let q = Questions::new(comparable, BTreeSet::from(["other".to_string()]));
        assert_eq!(q.claim_measure("killed"), Some("died"));
        assert_eq!(q.claim_measure("executed"), Some("executed"));
        assert_eq!(q.claim_measure("other"), None);
    }
}
