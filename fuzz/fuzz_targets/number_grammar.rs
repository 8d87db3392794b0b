//! Any bytes, read as `--lossy` reads a text, through extract and normalize
//! with the shipped rules: no panic, and every property of `properties`
//! holds (spans slice back to their quotes, unique ids, text order, finite
//! values). The number parser also reads the whole input as one phrase.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tally_fuzz::number::{parse_number, vague_low, Notation};
use tally_fuzz::rules::RuleSet;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::load(None).expect("the shipped rules"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let problems = tally_fuzz::properties::broken(&text, rules());
    assert!(problems.is_empty(), "{text:?}: {problems:?}");
    let words = &rules().lexicon.numbers;
    for notation in [Notation::DecimalPoint, Notation::DecimalComma] {
        let _ = parse_number(&text, notation, words);
    }
    let _ = vague_low(&text, words);
});
