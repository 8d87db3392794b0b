//! Pins the figure-context rules (measure, place, period, attributed_to) on
//! sentences written for these tests, not taken from the corpus: the list
//! case where each number gets its own place, and a Russian sentence.

use std::fs;

use anyhow::Result;

use crate::common::{field, read_csv, run_pipeline, temp_dir, Row, Table};

const TEXT: &str = "\
In 1950-1952, more than 2,000 teachers were arrested in Kyrgyzstan, about 500 in Uzbekistan, \
and some 300 in Tajikistan, according to the State Archive.

The famine lasted for years. During the 1940s, 40,000 herders perished in Kazakhstan, the historian Aida Bek said.

В 2019 году в Казахстане были задержаны более 200 человек.
";

/// Publishes `TEXT` as a one-document corpus and reads its figures back.
fn published_figures() -> Result<Table> {
    let dir = temp_dir();
    let raw = dir.path().join("raw");
    fs::create_dir(&raw)?;
    fs::write(raw.join("written.txt"), TEXT)?;
    let out = run_pipeline(&raw, dir.path());
    read_csv(&out.join("figures.csv"))
}

fn figure<'a>(figures: &'a Table, quote: &str) -> &'a Row {
    let matches: Vec<&Row> = figures.rows.iter().filter(|r| field(r, "quote") == quote).collect();
    assert_eq!(matches.len(), 1, "expected one figure {quote:?}, found {}", matches.len());
    matches[0]
}

fn context(row: &Row) -> [&str; 5] {
    [
        field(row, "measure"),
        field(row, "place"),
        field(row, "period_start"),
        field(row, "period_end"),
        field(row, "attributed_to"),
    ]
}

#[test]
fn each_number_of_a_list_gets_its_own_place_and_the_shared_context() -> Result<()> {
    let figures = published_figures()?;

    assert_eq!(
        context(figure(&figures, "more than 2,000")),
        ["arrested", "Kyrgyzstan", "1950", "1952", "State Archive"]
    );
    assert_eq!(context(figure(&figures, "about 500")), ["arrested", "Uzbekistan", "1950", "1952", "State Archive"]);
    assert_eq!(context(figure(&figures, "some 300")), ["arrested", "Tajikistan", "1950", "1952", "State Archive"]);
    Ok(())
}

#[test]
fn decades_said_by_a_named_source_and_a_russian_sentence() -> Result<()> {
    let figures = published_figures()?;

    let herders = figure(&figures, "40,000");
    assert_eq!(context(herders), ["died", "Kazakhstan", "1940", "1949", "Aida Bek"]);
    assert_eq!(field(herders, "unit"), "person");

    let detained = figure(&figures, "более 200");
    assert_eq!(context(detained), ["arrested", "Kazakhstan", "2019", "2019", ""]);
    assert_eq!(field(detained, "qualifier"), "more_than");
    assert_eq!(field(detained, "unit"), "person");
    Ok(())
}
