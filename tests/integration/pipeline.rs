//! Pins what `tally run` publishes from a corpus: the files, the contract's
//! columns in order, provenance of figures and mentions that points back at
//! the exact bytes of the raw file, entity and document counts that agree
//! with the mentions, values that follow their qualifier, documents that
//! describe each raw file, and a corpus without a manifest (a warning, not an
//! error), and that a run without `--extracted` leaves the working directory
//! alone.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tempfile::TempDir;

use crate::common::{
    assert_no_problems, field, file_names, read_csv, repo_raw, run, run_pipeline, sha256_hex,
    tally, temp_dir, Row, Table, DOCUMENTS_COLUMNS, ENTITIES_COLUMNS, FIGURES_COLUMNS, MENTIONS_COLUMNS,
    OUTPUT_FILES,
};

const QUALIFIERS: &[&str] = &[
    "exact",
    "approx",
    "at_least",
    "more_than",
    "less_than",
    "range",
    "vague",
];

const UNITS: &[&str] = &[
    "person", "item", "USD", "GBP", "KZT", "RUB", "EUR", "km2", "sq_mi", "percent", "year",
    "month", "week", "day", "hour",
];

const MEASURES: &[&str] = &[
    "killed",
    "executed",
    "died",
    "arrested",
    "convicted",
    "imprisoned",
    "exiled",
    "displaced",
    "rehabilitated",
    "victims",
    "missing",
    "wounded",
    "troops",
    "participants",
    "population",
    "settled",
    "records",
    "money",
    "area",
    "share",
    "duration",
    "other",
];

/// Runs the pipeline on the repository's corpus; the directory keeps the
/// output alive for the test.
fn full_run() -> (TempDir, PathBuf) {
    let dir = temp_dir();
    let out = run_pipeline(&repo_raw(), dir.path());
    (dir, out)
}

/// A raw file as the tests slice it: bytes, code points, hash.
struct Source {
    bytes: Vec<u8>,
    chars: Vec<char>,
    sha256: String,
}

fn load_source(raw: &Path, doc_id: &str) -> Result<Source> {
    let path = raw.join(format!("{doc_id}.txt"));
    let bytes = fs::read(&path).with_context(|| format!("read {}", path.display()))?;
    let text = String::from_utf8(bytes.clone())
        .with_context(|| format!("{} is not UTF-8", path.display()))?;
    Ok(Source {
        sha256: sha256_hex(&bytes),
        chars: text.chars().collect(),
        bytes,
    })
}

/// The `.txt` files of `raw`, by doc_id (the file name without `.txt`).
fn raw_doc_ids(raw: &Path) -> Result<Vec<String>> {
    Ok(file_names(raw)?
        .into_iter()
        .filter_map(|name| name.strip_suffix(".txt").map(str::to_owned))
        .collect())
}

fn parse_float(row: &Row, column: &str) -> Result<Option<f64>, String> {
    match field(row, column) {
        "" => Ok(None),
        text => text
            .parse()
            .map(Some)
            .map_err(|_| format!("{column} {text:?} is not a number")),
    }
}

fn parse_int(row: &Row, column: &str) -> Result<usize, String> {
    let text = field(row, column);
    text.parse()
        .map_err(|_| format!("{column} {text:?} is not a non-negative integer"))
}

/// How a figures row is named in a failure message.
fn describe(row: &Row) -> String {
    format!(
        "{} {:?} (figure_id {})",
        field(row, "doc_id"),
        field(row, "quote"),
        field(row, "figure_id")
    )
}

/// The first row whose quote is `quote`; panics listing the quotes found.
fn find_quote<'a>(figures: &'a Table, quote: &str) -> &'a Row {
    figures
        .rows
        .iter()
        .find(|row| field(row, "quote") == quote)
        .unwrap_or_else(|| {
            let quotes: Vec<&str> = figures.rows.iter().map(|r| field(r, "quote")).collect();
            panic!("no figure quoted {quote:?}; quotes: {quotes:?}")
        })
}

#[test]
fn run_writes_every_table_with_the_contract_columns() -> Result<()> {
    let (_dir, out) = full_run();

    for name in OUTPUT_FILES {
        assert!(
            out.join(name).is_file(),
            "{name} is missing from {}",
            out.display()
        );
    }
    assert_eq!(read_csv(&out.join("figures.csv"))?.header, FIGURES_COLUMNS);
    assert_eq!(
        read_csv(&out.join("documents.csv"))?.header,
        DOCUMENTS_COLUMNS
    );
    assert_eq!(read_csv(&out.join("entities.csv"))?.header, ENTITIES_COLUMNS);
    assert_eq!(read_csv(&out.join("mentions.csv"))?.header, MENTIONS_COLUMNS);
    Ok(())
}

#[test]
fn every_figure_points_at_its_quote_in_the_raw_file() -> Result<()> {
    let (_dir, out) = full_run();
    let figures = read_csv(&out.join("figures.csv"))?;
    assert!(!figures.rows.is_empty(), "the corpus gave no figures");
    let sources = repo_sources()?;

    let mut problems = Vec::new();
    let mut ids = HashSet::new();
    for row in &figures.rows {
        let mut problem = |text: String| problems.push(format!("{}: {text}", describe(row)));

        let id = field(row, "figure_id");
        if id.is_empty() {
            problem("empty figure_id".into());
        } else if !ids.insert(id.to_owned()) {
            problem("figure_id is not unique".into());
        }
        for (column, vocabulary) in [
            ("qualifier", QUALIFIERS),
            ("unit", UNITS),
            ("measure", MEASURES),
        ] {
            let value = field(row, column);
            if !value.is_empty() && !vocabulary.contains(&value) {
                problem(format!(
                    "{column} {value:?} is not in the contract's vocabulary"
                ));
            }
        }
        if field(row, "rule").is_empty() {
            problem("empty rule".into());
        }
        if field(row, "review") != "unreviewed" {
            problem(format!(
                "review is {:?} in a run without a review file",
                field(row, "review")
            ));
        }

        let quote = field(row, "quote");
        if !field(row, "sentence").contains(quote) {
            problem(format!(
                "sentence {:?} does not contain the quote",
                field(row, "sentence")
            ));
        }
        for text in provenance_problems(row, &sources) {
            problem(text);
        }
    }
    assert_no_problems(&problems, "figures do not point at their quote");
    Ok(())
}

/// What is wrong with a row's provenance: its quote, hash, code point and
/// byte offsets and line must point at the exact text of its raw file.
fn provenance_problems(row: &Row, sources: &HashMap<String, Source>) -> Vec<String> {
    let mut problems = Vec::new();
    let quote = field(row, "quote");
    if quote.is_empty() {
        problems.push("empty quote".into());
    }
    let Some(source) = sources.get(field(row, "doc_id")) else {
        problems.push("doc_id names no raw file".into());
        return problems;
    };
    if field(row, "source_sha256") != source.sha256 {
        problems.push(format!("source_sha256 is not {}", source.sha256));
    }
    let spans = ["char_start", "char_end", "byte_start", "byte_end", "line"]
        .map(|column| parse_int(row, column));
    let [Ok(char_start), Ok(char_end), Ok(byte_start), Ok(byte_end), Ok(line)] = spans else {
        problems.extend(spans.into_iter().filter_map(Result::err));
        return problems;
    };
    match source.chars.get(char_start..char_end) {
        Some(chars) if chars.iter().collect::<String>() == quote => {}
        Some(chars) => problems.push(format!(
            "chars {char_start}..{char_end} are {:?}",
            chars.iter().collect::<String>()
        )),
        None => problems.push(format!("chars {char_start}..{char_end} are out of range")),
    }
    match source.bytes.get(byte_start..byte_end) {
        Some(bytes) if bytes == quote.as_bytes() => {}
        Some(bytes) => problems.push(format!(
            "bytes {byte_start}..{byte_end} are {:?}",
            String::from_utf8_lossy(bytes)
        )),
        None => problems.push(format!("bytes {byte_start}..{byte_end} are out of range")),
    }
    let newlines = source.chars[..char_start.min(source.chars.len())]
        .iter()
        .filter(|&&c| c == '\n')
        .count();
    if line != newlines + 1 {
        problems.push(format!(
            "line is {line}, char_start is on line {}",
            newlines + 1
        ));
    }
    problems
}

/// Every raw file of the repository's corpus, by doc_id.
fn repo_sources() -> Result<HashMap<String, Source>> {
    let raw = repo_raw();
    let mut sources = HashMap::new();
    for doc_id in raw_doc_ids(&raw)? {
        let source = load_source(&raw, &doc_id)?;
        sources.insert(doc_id, source);
    }
    Ok(sources)
}

#[test]
fn every_mention_points_at_its_quote_and_its_entity() -> Result<()> {
    let (_dir, out) = full_run();
    let sources = repo_sources()?;
    let mentions = read_csv(&out.join("mentions.csv"))?;
    let entities = read_csv(&out.join("entities.csv"))?;
    let documents = read_csv(&out.join("documents.csv"))?;
    assert!(!mentions.rows.is_empty(), "the corpus gave no mentions");

    let mut problems = Vec::new();
    let mut ids = HashSet::new();
    let mut per_entity: HashMap<&str, (usize, HashSet<&str>)> = HashMap::new();
    let mut per_document: HashMap<&str, usize> = HashMap::new();
    for row in &mentions.rows {
        let name = format!("{} {:?} (mention_id {})", field(row, "doc_id"), field(row, "quote"), field(row, "mention_id"));
        if !ids.insert(field(row, "mention_id")) {
            problems.push(format!("{name}: mention_id is not unique"));
        }
        if field(row, "rule").is_empty() {
            problems.push(format!("{name}: empty rule"));
        }
        problems.extend(provenance_problems(row, &sources).into_iter().map(|p| format!("{name}: {p}")));
        let entity = per_entity.entry(field(row, "entity_id")).or_default();
        entity.0 += 1;
        entity.1.insert(field(row, "doc_id"));
        *per_document.entry(field(row, "doc_id")).or_default() += 1;
    }
    for row in &entities.rows {
        let id = field(row, "entity_id");
        let (mentions, documents) = per_entity.remove(id).unwrap_or_default();
        let counts = (field(row, "mention_count"), field(row, "document_count"));
        if counts != (mentions.to_string().as_str(), documents.len().to_string().as_str()) {
            problems.push(format!("entity {id}: counts {counts:?}, but {mentions} mentions in {} documents", documents.len()));
        }
        if !["person", "place", "organization", "event"].contains(&field(row, "type")) {
            problems.push(format!("entity {id}: type {:?}", field(row, "type")));
        }
    }
    for id in per_entity.keys() {
        problems.push(format!("mentions name entity {id}, which entities.csv does not list"));
    }
    for row in &documents.rows {
        let doc_id = field(row, "doc_id");
        let expected = per_document.get(doc_id).copied().unwrap_or(0).to_string();
        if field(row, "mention_count") != expected {
            problems.push(format!("document {doc_id}: mention_count {}, mentions.csv has {expected}", field(row, "mention_count")));
        }
    }
    assert_no_problems(&problems, "mention problems");
    Ok(())
}

#[test]
fn figure_values_follow_their_qualifier() -> Result<()> {
    let (_dir, out) = full_run();
    let figures = read_csv(&out.join("figures.csv"))?;

    let mut problems = Vec::new();
    for row in &figures.rows {
        let numbers = ["value", "value_low", "value_high"].map(|column| parse_float(row, column));
        let [Ok(value), Ok(low), Ok(high)] = numbers else {
            for error in numbers.into_iter().filter_map(Result::err) {
                problems.push(format!("{}: {error}", describe(row)));
            }
            continue;
        };
        let qualifier = field(row, "qualifier");
        // DATASET.md, "Vague magnitudes" and the qualifier list.
        let consistent = match qualifier {
            "exact" | "approx" => value.is_some() && low.is_none() && high.is_none(),
            "more_than" | "at_least" => value.is_some() && low == value,
            "less_than" => value.is_some() && high == value,
            "range" => value.is_none() && matches!((low, high), (Some(l), Some(h)) if l <= h),
            "vague" => value.is_none() && low.is_some(),
            _ => true, // the vocabulary is checked elsewhere
        };
        if !consistent {
            problems.push(format!(
                "{}: {qualifier} with value {value:?}, low {low:?}, high {high:?}",
                describe(row)
            ));
        }
        let period = [field(row, "period_start"), field(row, "period_end")]
            .map(|text| text.parse::<i32>().ok());
        if let [Some(start), Some(end)] = period {
            if start > end {
                problems.push(format!(
                    "{}: period {start}..{end} runs backwards",
                    describe(row)
                ));
            }
        }
    }
    assert_no_problems(&problems, "figures whose values contradict their qualifier");
    Ok(())
}

#[test]
fn documents_describe_each_raw_file() -> Result<()> {
    let (_dir, out) = full_run();
    let raw = repo_raw();
    let documents = read_csv(&out.join("documents.csv"))?;
    let figures = read_csv(&out.join("figures.csv"))?;
    let manifest = read_csv(&raw.join("sources.csv"))?;

    let mut doc_ids: Vec<&str> = documents.rows.iter().map(|r| field(r, "doc_id")).collect();
    doc_ids.sort_unstable();
    assert_eq!(
        doc_ids,
        raw_doc_ids(&raw)?,
        "one document per raw .txt file"
    );
    assert_eq!(documents.rows.len(), 5);

    for row in &documents.rows {
        let doc_id = field(row, "doc_id");
        let source = load_source(&raw, doc_id)?;
        assert_eq!(
            field(row, "file"),
            format!("{doc_id}.txt"),
            "{doc_id}: file"
        );
        assert_eq!(field(row, "sha256"), source.sha256, "{doc_id}: sha256");
        assert_eq!(
            field(row, "bytes"),
            source.bytes.len().to_string(),
            "{doc_id}: bytes"
        );
        assert_eq!(
            field(row, "chars"),
            source.chars.len().to_string(),
            "{doc_id}: chars"
        );
        let figure_count = figures
            .rows
            .iter()
            .filter(|figure| field(figure, "doc_id") == doc_id)
            .count();
        assert_eq!(
            field(row, "figure_count"),
            figure_count.to_string(),
            "{doc_id}: figure_count against figures.csv"
        );

        let entry = manifest
            .rows
            .iter()
            .find(|entry| field(entry, "doc_id") == doc_id)
            .unwrap_or_else(|| panic!("{doc_id} has no row in raw/sources.csv"));
        for column in ["title", "publisher", "author", "published", "language"] {
            assert_eq!(
                field(row, column),
                field(entry, column),
                "{doc_id}: {column} against raw/sources.csv"
            );
        }
    }
    Ok(())
}

#[test]
fn a_corpus_without_a_manifest_warns_and_still_extracts() -> Result<()> {
    let dir = temp_dir();
    let raw = dir.path().join("raw");
    fs::create_dir(&raw)?;
    fs::write(
        raw.join("detentions.txt"),
        "Officials said more than 300 people were detained in 2019.\n",
    )?;
    fs::write(raw.join("fund.txt"), "The fund lost $4.5 million.\n")?;
    let out = dir.path().join("out");

    let result = run(tally()
        .arg("run")
        .arg("--raw")
        .arg(&raw)
        .arg("--out")
        .arg(&out)
        .arg("--extracted")
        .arg(dir.path().join("ext"))
        .arg("--no-review"))
    .assert_success();
    let stderr = result.stderr.to_lowercase();
    assert!(
        stderr.contains("warning")
            && (stderr.contains("sources.csv") || stderr.contains("manifest")),
        "expected a warning about the missing manifest on stderr, got:\n{}",
        result.stderr
    );

    let figures = read_csv(&out.join("figures.csv"))?;
    let detained = find_quote(&figures, "more than 300");
    assert_eq!(field(detained, "doc_id"), "detentions");
    assert_eq!(
        parse_float(detained, "value"),
        Ok(Some(300.0)),
        "value of \"more than 300\""
    );
    assert_eq!(
        parse_float(detained, "value_low"),
        Ok(Some(300.0)),
        "value_low of \"more than 300\""
    );
    assert_eq!(
        field(detained, "qualifier"),
        "more_than",
        "qualifier of \"more than 300\""
    );

    let lost = find_quote(&figures, "$4.5 million");
    assert_eq!(field(lost, "doc_id"), "fund");
    assert_eq!(
        parse_float(lost, "value"),
        Ok(Some(4_500_000.0)),
        "value of \"$4.5 million\""
    );
    assert_eq!(field(lost, "unit"), "USD", "unit of \"$4.5 million\"");

    let years: Vec<&str> = figures
        .rows
        .iter()
        .map(|row| field(row, "quote"))
        .filter(|quote| quote.contains("2019"))
        .collect();
    assert!(
        years.is_empty(),
        "the year 2019 was taken for a figure: {years:?}"
    );
    Ok(())
}

#[test]
fn run_without_extracted_leaves_the_working_directory_alone() -> Result<()> {
    let work = temp_dir();
    let elsewhere = temp_dir();
    let out = elsewhere.path().join("out");

    run(tally()
        .current_dir(work.path())
        .arg("run")
        .arg("--raw")
        .arg(repo_raw())
        .arg("--out")
        .arg(&out)
        .arg("--no-review"))
    .assert_success();

    assert_eq!(
        file_names(work.path())?,
        Vec::<String>::new(),
        "files left in the working directory"
    );
    for name in OUTPUT_FILES {
        assert!(
            out.join(name).is_file(),
            "{name} is missing from {}",
            out.display()
        );
    }
    Ok(())
}

/// A long run of digits (a scan artefact) is no figure: never `inf` or a
/// 20-digit value in a number column, and a warning names it.
#[test]
fn a_run_of_digits_is_not_a_figure() -> anyhow::Result<()> {
    let digits = "7".repeat(200_000);
    let (_dir, out) = crate::common::publish_written(&[(
        "scan.txt",
        &format!("The toll was {digits} people.\nIn 1937, 4,500 people were arrested.\n"),
    )])?;
    let figures = crate::common::read_csv(&out.join("figures.csv"))?;
    let quotes: Vec<&str> = figures.rows.iter().map(|row| crate::common::field(row, "quote")).collect();
    assert_eq!(quotes, ["4,500"], "the figures are {quotes:?}");
    let values: Vec<&str> = figures.rows.iter().map(|row| crate::common::field(row, "value")).collect();
    assert_eq!(values, ["4500"]);
    Ok(())
}
