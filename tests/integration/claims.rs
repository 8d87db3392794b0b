//! The claims table: figures that answer the same question grouped across
//! documents, never mixing units, incomparable measures or places beside
//! each other; ids that follow the question; repetitions marked; and the
//! curator's merges, splits and labels applied, stale ones reported and kept.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::common::{field, read_csv, repo_raw, run, tally, temp_dir, Row, Table, CLAIMS_COLUMNS};

/// Two texts written for this test, with traps: a share and a count of the
/// same famine, arrests and executions in one sentence, executions in two
/// places beside each other and in a city inside one of them, and a figure
/// quoted from the same historian in both texts.
const STEPPE: &str = "\
Famine and Terror in the Steppe

According to Robert Conquest, 1.5 million people died of hunger in Kazakhstan between 1931 and 1933.

The famine killed 38% of all Kazakhs in Kazakhstan between 1931 and 1933.

In 1937-1938, the NKVD arrested 105,000 people in Kazakhstan and executed 25,000 of them.

In 1937-1938, about 10,000 people were executed in Kyrgyzstan.
";

const DEAD: &str = "\
Counting the Dead

Historians say that more than 2 million people perished in Kazakhstan between 1930 and 1933.

In Almaty, 3,000 people were shot in 1937-1938.

According to Robert Conquest, 1.5 million people died in Kazakhstan in 1931-1933.
";

const MANIFEST: &str = "\
doc_id,file,title,publisher,author,published,language,license_note
steppe,steppe.txt,Famine and Terror in the Steppe,,,1990,en,written for this test
dead,dead.txt,Counting the Dead,,,2005,en,written for this test
";

fn write_corpus(raw: &Path, extra: &[(&str, &str)]) -> Result<()> {
    fs::create_dir_all(raw)?;
    for (name, text) in [("steppe.txt", STEPPE), ("dead.txt", DEAD), ("sources.csv", MANIFEST)].iter().chain(extra) {
        fs::write(raw.join(name), text)?;
    }
    Ok(())
}

/// Publishes `raw` with the claims review file `claims` (none:
/// `--no-review`), found as `claims.csv` beside a figures review file with
/// no decisions.
fn publish(raw: &Path, out: &Path, claims: Option<&Path>) -> crate::common::Run {
    let mut command = tally();
    command.arg("run").arg("--raw").arg(raw).arg("--out").arg(out);
    match claims {
        Some(path) => {
            assert_eq!(path.file_name().and_then(|n| n.to_str()), Some("claims.csv"));
            let figures = path.with_file_name("figures.csv");
            fs::write(&figures, "doc_id,action\n").expect("write an empty figures review file");
            command.arg("--review").arg(figures)
        }
        None => command.arg("--no-review"),
    };
    run(&mut command)
}

struct Published {
    figures: Table,
    claims: Table,
}

impl Published {
    fn read(out: &Path) -> Result<Published> {
        Ok(Published { figures: read_csv(&out.join("figures.csv"))?, claims: read_csv(&out.join("claims.csv"))? })
    }

    fn figure(&self, doc_id: &str, quote: &str) -> &Row {
        self.figures
            .rows
            .iter()
            .find(|r| field(r, "doc_id") == doc_id && field(r, "quote") == quote)
            .unwrap_or_else(|| panic!("no figure {quote:?} in {doc_id}"))
    }

    fn claim_of(&self, doc_id: &str, quote: &str) -> &Row {
        let id = field(self.figure(doc_id, quote), "claim_id");
        self.claims.rows.iter().find(|c| field(c, "claim_id") == id).unwrap_or_else(|| panic!("{quote:?} is in no claim"))
    }

    fn ids(&self) -> BTreeMap<String, String> {
        self.claims.rows.iter().map(|c| (field(c, "label").to_string(), field(c, "claim_id").to_string())).collect()
    }
}

fn corpus() -> Result<(tempfile::TempDir, PathBuf)> {
    let dir = temp_dir();
    let raw = dir.path().join("raw");
    write_corpus(&raw, &[])?;
    Ok((dir, raw))
}

/// Measures that may share a claim (rules/claims.toml): each figure's
/// measure is the claim's, or one of its comparable group.
fn comparable(claim_measure: &str, figure_measure: &str) -> bool {
    claim_measure == figure_measure || (claim_measure == "died" && ["killed", "victims"].contains(&figure_measure))
}

#[test]
fn no_claim_mixes_units_incomparable_measures_or_places_beside_each_other() -> Result<()> {
    let (dir, raw) = corpus()?;
    let out = dir.path().join("out");
    publish(&raw, &out, None).assert_success();
    let published = Published::read(&out)?;
    assert_eq!(published.claims.header, CLAIMS_COLUMNS);
    let by_id: BTreeMap<&str, &Row> = published.figures.rows.iter().map(|r| (field(r, "figure_id"), r)).collect();
    for claim in &published.claims.rows {
        for id in field(claim, "figure_ids").split('|') {
            let figure = by_id[id];
            assert_eq!(field(figure, "unit"), field(claim, "unit"), "{claim:?} mixes units");
            assert!(comparable(field(claim, "measure"), field(figure, "measure")), "{claim:?} holds a {} figure", field(figure, "measure"));
        }
    }

    // A share of the dead is not a count of them.
    let share = published.figure("steppe", "38%");
    assert_ne!(field(share, "claim_id"), field(published.figure("steppe", "1.5 million"), "claim_id"));
    // Arrested and executed in one sentence are two questions.
    let arrested = published.claim_of("steppe", "105,000");
    let executed = published.claim_of("steppe", "25,000");
    assert_ne!(field(arrested, "claim_id"), field(executed, "claim_id"));
    assert_eq!(field(arrested, "figure_count"), "1");
    // Kyrgyzstan is beside Kazakhstan, Almaty inside it.
    assert_ne!(field(published.claim_of("steppe", "about 10,000"), "claim_id"), field(executed, "claim_id"));
    assert_eq!(field(published.claim_of("dead", "3,000"), "claim_id"), field(executed, "claim_id"));
    assert_eq!(field(executed, "label"), "executed · Kazakhstan · 1937–1938");
    assert_eq!(field(executed, "source_count"), "2");

    // The famine's dead: perished ~ died, the years all three speak of.
    let famine = published.claim_of("dead", "more than 2 million");
    assert_eq!(field(famine, "label"), "died · Kazakhstan · 1931–1933");
    assert_eq!((field(famine, "period_start"), field(famine, "period_end")), ("1931", "1933"));
    assert_eq!(field(famine, "figure_count"), "3");
    assert_eq!(field(famine, "source_count"), "2");
    assert_eq!((field(famine, "low"), field(famine, "high"), field(famine, "spread")), ("1500000", "2000000", "1.333"));
    Ok(())
}

#[test]
fn a_figure_quoted_from_the_same_source_in_a_later_text_repeats_it() -> Result<()> {
    let (dir, raw) = corpus()?;
    let out = dir.path().join("out");
    publish(&raw, &out, None).assert_success();
    let published = Published::read(&out)?;
    let first = published.figure("steppe", "1.5 million");
    let again = published.figure("dead", "1.5 million");
    assert_eq!(field(first, "claim_id"), field(again, "claim_id"));
    assert_eq!(field(again, "repeats"), field(first, "figure_id"), "the later text quotes Conquest again");
    assert_eq!(field(first, "repeats"), "", "the earlier statement repeats nothing");
    assert_eq!(field(published.figure("dead", "more than 2 million"), "repeats"), "", "another value is no repeat");
    Ok(())
}

#[test]
fn claims_and_figures_agree_and_ids_follow_the_question_not_row_order() -> Result<()> {
    let (dir, raw) = corpus()?;
    let out = dir.path().join("out");
    publish(&raw, &out, None).assert_success();
    let before = Published::read(&out)?;

    // A text that sorts first moves every row of the others down.
    write_corpus(&raw, &[("aaa-first.txt", "A Preface\n\nIn 2020, 12 people were arrested in Almaty.\n")])?;
    let out2 = dir.path().join("out2");
    publish(&raw, &out2, None).assert_success();
    let after = Published::read(&out2)?;
    for (label, id) in before.ids() {
        assert_eq!(after.ids().get(&label), Some(&id), "the claim {label} changed its id");
    }

    let mut members: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut documents: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for figure in &after.figures.rows {
        if !field(figure, "claim_id").is_empty() {
            members.entry(field(figure, "claim_id")).or_default().push(field(figure, "figure_id"));
            documents.entry(field(figure, "claim_id")).or_default().insert(field(figure, "doc_id"));
        }
    }
    assert_eq!(members.len(), after.claims.rows.len(), "every claim has figures, every figure's claim is published");
    for claim in &after.claims.rows {
        let id = field(claim, "claim_id");
        assert_eq!(field(claim, "figure_ids").split('|').collect::<Vec<_>>(), members[id]);
        assert_eq!(field(claim, "figure_count"), members[id].len().to_string());
        assert_eq!(field(claim, "source_count"), documents[id].len().to_string());
    }
    Ok(())
}

const CURATED: &str = "\
action,claim_id,figure_id,other_claim_id,other_figure_id,label,note
split,claim-31c19a9fb890bbb5,FIGURE_ALMATY,,,,one city's shootings are part of the republic's
relabel,claim-c29953d4e6759af9,FIGURE_FAMINE,,,famine deaths · Kazakhstan · 1931–1933,the famine of collectivisation
merge,claim-89cea4f13b81044d,FIGURE_KYRGYZ,CLAIM_EXECUTED,FIGURE_EXECUTED,,one wave of the Great Terror in two republics
split,claim-0000000000000000,fig-0000000000000000,,,,a figure the texts no longer give
";

#[test]
fn a_curator_merges_splits_and_relabels_claims_and_a_stale_decision_is_reported_and_kept() -> Result<()> {
    let (dir, raw) = corpus()?;
    let out = dir.path().join("out");
    publish(&raw, &out, None).assert_success();
    let rules_only = Published::read(&out)?;
    let id = |doc: &str, quote: &str| field(rules_only.figure(doc, quote), "figure_id").to_string();
    let executed = field(rules_only.claim_of("steppe", "25,000"), "claim_id").to_string();
    let curated = CURATED
        .replace("FIGURE_ALMATY", &id("dead", "3,000"))
        .replace("FIGURE_FAMINE", &id("dead", "more than 2 million"))
        .replace("FIGURE_KYRGYZ", &id("steppe", "about 10,000"))
        .replace("CLAIM_EXECUTED", &executed)
        .replace("FIGURE_EXECUTED", &id("steppe", "25,000"));
    let claims_file = dir.path().join("claims.csv");
    fs::write(&claims_file, &curated)?;

    let out = dir.path().join("curated");
    let result = publish(&raw, &out, Some(&claims_file)).assert_success();
    let published = Published::read(&out)?;
    let almaty = published.claim_of("dead", "3,000");
    assert_eq!(field(almaty, "figure_count"), "1", "split out");
    assert!(field(almaty, "review_note").contains("part of the republic"));
    let famine = published.claim_of("dead", "more than 2 million");
    assert_eq!(field(famine, "label"), "famine deaths · Kazakhstan · 1931–1933");
    assert_eq!(field(famine, "claim_id"), "claim-c29953d4e6759af9", "a label does not change the question");
    let merged = published.claim_of("steppe", "about 10,000");
    assert_eq!(field(merged, "claim_id"), field(published.claim_of("steppe", "25,000"), "claim_id"));
    assert_eq!(field(merged, "place"), "Central Asia", "the nearest place around both republics");
    assert_eq!(field(merged, "figure_count"), "2");

    let stale: Vec<&str> = result.stderr.lines().filter(|l| l.contains("not applied")).collect();
    assert_eq!(stale.len(), 1, "{}", result.stderr);
    assert!(stale[0].contains("claims.csv:5:") && stale[0].contains("kept in the file"), "{}", stale[0]);
    assert_eq!(fs::read_to_string(&claims_file)?, curated, "the review file was changed");
    Ok(())
}

#[test]
fn a_bad_claims_review_row_stops_the_run_naming_its_line() -> Result<()> {
    let (dir, raw) = corpus()?;
    let claims_file = dir.path().join("claims.csv");
    fs::write(
        &claims_file,
        "action,claim_id,figure_id,other_claim_id,other_figure_id,label,note\n\
         relabel,claim-1,fig-1,,,,\n\
         merge,claim-1,fig-1,,,,same question\n\
         join,claim-1,fig-1,,,,why\n",
    )?;
    let out = dir.path().join("out");
    let result = publish(&raw, &out, Some(&claims_file));
    assert!(!result.status.success());
    for (line, problem) in [(2, "needs the label"), (2, "a note"), (3, "other_claim_id"), (4, "unknown action")] {
        assert!(
            result.stderr.lines().any(|l| l.contains(&format!("claims.csv:{line}:")) && l.contains(problem)),
            "line {line}: {problem}\n{}",
            result.stderr
        );
    }
    assert!(!out.exists(), "nothing is published");
    Ok(())
}

/// On the shipped corpus with the review files applied, as `make dataset`
/// runs it: the famine's dead, the executions of 1937–1938 and the dead of
/// January 2022 are each a claim that two or more documents answer.
#[test]
fn the_corpus_gives_the_famine_the_terror_and_january_2022_as_claims_of_several_documents() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = temp_dir();
    let out = dir.path().join("out");
    run(tally().arg("run").arg("--raw").arg(repo_raw()).arg("--out").arg(&out).arg("--review").arg(root.join("review/figures.csv")))
        .assert_success();
    let published = Published::read(&out)?;
    let quotes_of = |claim: &Row| -> Vec<String> {
        let ids: BTreeSet<&str> = field(claim, "figure_ids").split('|').collect();
        published.figures.rows.iter().filter(|f| ids.contains(field(f, "figure_id"))).map(|f| field(f, "quote").to_string()).collect()
    };
    let find = |measure: &str, years: (i32, i32), quote: &str| -> &Row {
        published
            .claims
            .rows
            .iter()
            .find(|c| {
                let start: i32 = field(c, "period_start").parse().unwrap_or(0);
                let end: i32 = field(c, "period_end").parse().unwrap_or(0);
                field(c, "measure") == measure
                    && field(c, "place") == "Kazakhstan"
                    && years.0 <= start
                    && end <= years.1
                    && quotes_of(c).iter().any(|q| q == quote)
            })
            .unwrap_or_else(|| panic!("no {measure} claim in Kazakhstan in {years:?} holding {quote:?}"))
    };
    let famine = find("died", (1930, 1934), "1.5 million");
    for quote in ["Between 1.5 and 2.3 million", "more than 4 million"] {
        assert!(quotes_of(famine).iter().any(|q| q == quote), "{quote} is not in {famine:?}");
    }
    let terror = find("executed", (1937, 1938), "more than 25,000");
    let january = find("died", (2022, 2022), "225");
    for claim in [famine, terror, january] {
        assert!(field(claim, "source_count").parse::<usize>()? >= 2, "{claim:?}");
    }
    Ok(())
}
