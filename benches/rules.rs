//! Criterion benchmarks of the two hot paths the rules drive: the number
//! grammar (a captured phrase to its value) and the rule scan (every match of
//! a group of rules over a text). `cargo bench` runs them; `make bench`
//! measures whole stages on a synthetic corpus.
//!
//! tally is a binary, so the bench compiles the modules it measures from
//! their source files (the rules, the number grammar and the two modules they
//! use), as the binary does.

#![allow(dead_code, unused_imports)]

#[path = "../src/number.rs"]
mod number;
#[path = "../src/rules/mod.rs"]
mod rules;
#[path = "../src/schema.rs"]
mod schema;
#[path = "../src/text.rs"]
mod text;

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use number::{parse_number, Notation};
use rules::RuleSet;

/// The texts the rules were written on and those they were not, one after
/// another: prose in both languages, as the scan meets it.
fn texts() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = ["raw", "tests/fixtures/grammar", "tests/fixtures/unseen"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).expect("a fixture directory").map(|e| e.expect("an entry").path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read_to_string(p).expect("a text")).collect::<Vec<_>>().join("\n\n")
}

/// The number phrases of the grammar fixture, each with its line as the
/// sentence that decides its notation.
fn phrases() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/grammar");
    let mut reader = csv::Reader::from_path(root.join("expected.csv")).expect("expected.csv");
    let lines: Vec<String> = ["en.txt", "ru.txt"]
        .iter()
        .flat_map(|f| std::fs::read_to_string(root.join(f)).expect("a fixture").lines().map(str::to_string).collect::<Vec<_>>())
        .collect();
    reader
        .records()
        .map(|r| {
            let quote = r.expect("a row")[1].to_string();
            let sentence = lines.iter().find(|l| l.contains(&quote)).cloned().unwrap_or_else(|| quote.clone());
            (quote, sentence)
        })
        .collect()
}

fn number_grammar(c: &mut Criterion) {
    let rules = RuleSet::load(None).expect("the shipped rules load");
    let phrases = phrases();
    let mut group = c.benchmark_group("number grammar");
    group.throughput(Throughput::Elements(phrases.len() as u64));
    group.bench_function("parse the grammar fixture's phrases", |b| {
        b.iter(|| {
            for (phrase, sentence) in &phrases {
                black_box(parse_number(phrase, Notation::of(phrase, sentence), &rules.lexicon.numbers));
            }
        })
    });
    group.finish();
}

fn rule_scan(c: &mut Criterion) {
    let rules = RuleSet::load(None).expect("the shipped rules load");
    let text = texts();
    let mut group = c.benchmark_group("rule scan");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    for (name, scanner) in [("figures", &rules.scan.figures), ("entities", &rules.scan.entities), ("context", &rules.scan.context)] {
        group.bench_with_input(BenchmarkId::new("scanner", name), &text, |b, text| b.iter(|| black_box(scanner.scan(text).len())));
    }
    group.bench_with_input(BenchmarkId::new("gazetteer", "aliases"), &text, |b, text| {
        b.iter(|| black_box(rules.lexicon.gazetteer.find(text).len()))
    });
    group.finish();
}

criterion_group!(benches, number_grammar, rule_scan);
criterion_main!(benches);
