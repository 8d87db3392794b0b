//! Bad input as scanners, scrapers and hand edits produce it: each case gets
//! a clear answer (an error naming file, line and byte, or a warning) and
//! nothing is lost. README's table "Bad input" points at these tests.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::common::{field, read_csv, repo_raw, run, tally, temp_dir, Row, Run};

/// Writes `files` into `dir/raw` and returns it.
fn write_raw(dir: &Path, files: &[(&str, &[u8])]) -> Result<PathBuf> {
    let raw = dir.join("raw");
    fs::create_dir_all(&raw)?;
    for (name, bytes) in files {
        fs::write(raw.join(name), bytes)?;
    }
    Ok(raw)
}

/// `tally run --raw raw --out dir/out --no-review` with `args` added.
fn run_on(raw: &Path, dir: &Path, args: &[&str]) -> Run {
    run(tally().arg("run").arg("--raw").arg(raw).arg("--out").arg(dir.join("out")).arg("--no-review").args(args))
}

fn figures(dir: &Path) -> Result<Vec<Row>> {
    Ok(read_csv(&dir.join("out/figures.csv"))?.rows)
}

fn number(row: &Row, column: &str) -> usize {
    field(row, column).parse().unwrap_or_else(|_| panic!("{column} is not a count: {row:?}"))
}

/// The code points `start..end` of `text`, as Python's `text[start:end]`.
fn code_points(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// Every figure's char and byte offsets slice `text` back to its quote.
fn assert_offsets_slice_back(text: &str, rows: &[Row]) {
    assert!(!rows.is_empty(), "no figures to check");
    for row in rows {
        let quote = field(row, "quote");
        assert_eq!(code_points(text, number(row, "char_start"), number(row, "char_end")), quote, "char offsets of {row:?}");
        assert_eq!(&text[number(row, "byte_start")..number(row, "byte_end")], quote, "byte offsets of {row:?}");
    }
}

fn quotes(rows: &[Row]) -> Vec<&str> {
    rows.iter().map(|r| field(r, "quote")).collect()
}

fn warnings(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with("tally: warning: ")).collect()
}

const MANIFEST_HEADER: &str = "doc_id,file,title,publisher,author,published,language,license_note\n";

#[test]
fn invalid_utf8_names_every_bad_file_with_line_and_byte() -> Result<()> {
    let dir = temp_dir();
    let raw = write_raw(dir.path(), &[("a.txt", b"fine\nSome 300 \xff died.\n"), ("b.txt", b"\xc3(\n"), ("c.txt", b"About 200 fled.\n")])?;
    let result = run_on(&raw, dir.path(), &[]);
    assert!(!result.status.success());
    let errors: Vec<&str> = result.stderr.lines().filter(|l| !l.starts_with("tally: warning")).collect();
    assert_eq!(errors.len(), 2, "{}", result.stderr);
    assert!(errors[0].contains("a.txt:2: not valid UTF-8 (byte 14)"), "{}", result.stderr);
    assert!(errors[1].contains("b.txt:1: not valid UTF-8 (byte 0)"), "{}", result.stderr);
    assert!(!dir.path().join("out").exists(), "a failed run published");
    Ok(())
}

#[test]
fn lossy_replaces_bad_bytes_and_offsets_slice_the_decoded_text() -> Result<()> {
    let dir = temp_dir();
    let bytes: &[u8] = b"Caf\xe9 owners said 300 people \xff\xfe came.\nAbout 1,500 fled.\n";
    let raw = write_raw(dir.path(), &[("a.txt", bytes)])?;
    let result = run_on(&raw, dir.path(), &["--lossy"]).assert_success();
    let warned = warnings(&result.stderr);
    assert!(
        warned.iter().any(|w| w.contains("a.txt:1: 3 invalid UTF-8 sequences replaced by U+FFFD, at bytes 3, 28, 29")),
        "{}",
        result.stderr
    );
    let decoded = String::from_utf8_lossy(bytes);
    let rows = figures(dir.path())?;
    assert_eq!(quotes(&rows), ["300", "About 1,500"]);
    assert_offsets_slice_back(&decoded, &rows);
    // The hash is the file's, whose bytes the decoded text no longer are.
    assert_eq!(field(&rows[0], "source_sha256"), crate::common::sha256_hex(bytes));
    Ok(())
}

/// DATASET's decision, pinned: offsets count every code point of the file
/// as Python reads it with `encoding="utf-8", newline=""` — the byte-order
/// mark included, CRLF as two — and a lone CR ends a line as LF does.
#[test]
fn bom_line_ends_and_odd_spaces_keep_offsets_exact() -> Result<()> {
    let dir = temp_dir();
    let text = "\u{feff}About 1,500 people died.\r\nThen 2,000\u{a0}were arrested,\tsome 12\u{202f}500 in Алма-Ата.\rMore than 300 fled,\u{200b} said the Pоlice.\n";
    let raw = write_raw(dir.path(), &[("a.txt", text.as_bytes())])?;
    run_on(&raw, dir.path(), &[]).assert_success();
    let rows = figures(dir.path())?;
    assert_eq!(quotes(&rows), ["About 1,500", "2,000", "some 12\u{202f}500", "More than 300"]);
    assert_offsets_slice_back(text, &rows);
    assert_eq!((number(&rows[0], "char_start"), number(&rows[0], "byte_start")), (1, 3), "the BOM counts");
    let lines: Vec<usize> = rows.iter().map(|r| number(r, "line")).collect();
    assert_eq!(lines, [1, 2, 2, 3], "CRLF is one line break, a lone CR is one");
    assert_eq!(field(&rows[0], "sentence"), "About 1,500 people died.", "no BOM in a sentence");
    assert_eq!(field(&rows[3], "sentence"), "More than 300 fled,\u{200b} said the Pоlice.");
    Ok(())
}

#[test]
fn invisible_characters_never_change_what_a_number_is() -> Result<()> {
    let dir = temp_dir();
    let text = "About 1,\u{200b}000 people died. They counted 12\u{200b}500 people. Some 4,\u{feff}000 fled. \
                Up to 3\u{ad}000 people hid. Nearly 7,\u{200d}000\u{200b} people were held.\n";
    let raw = write_raw(dir.path(), &[("a.txt", text.as_bytes())])?;
    run_on(&raw, dir.path(), &[]).assert_success();
    let rows = figures(dir.path())?;
    let read: Vec<(&str, &str, &str)> =
        rows.iter().map(|r| (field(r, "quote"), field(r, "value"), field(r, "value_high"))).collect();
    assert_eq!(
        read,
        [
            ("About 1,\u{200b}000", "1000", ""),
            ("12\u{200b}500", "12500", ""),
            ("Some 4,\u{feff}000", "4000", ""),
            ("Up to 3\u{ad}000", "3000", "3000"),
            ("Nearly 7,\u{200d}000", "7000", ""),
        ]
    );
    assert_offsets_slice_back(text, &rows);
    Ok(())
}

/// Regression: a spreadsheet formula pasted into a text gave its argument
/// as a figure ("@SUM(1)" → 1).
#[test]
fn a_pasted_formula_gives_no_figure() -> Result<()> {
    let dir = temp_dir();
    let text = "The cell read @SUM(1) and =ROUND(2.5; 0), and 20 people died.\n";
    let raw = write_raw(dir.path(), &[("a.txt", text.as_bytes())])?;
    run_on(&raw, dir.path(), &[]).assert_success();
    let rows = figures(dir.path())?;
    assert_eq!(quotes(&rows), ["20"]);
    Ok(())
}

#[test]
fn empty_and_blank_texts_are_documents_without_figures() -> Result<()> {
    let dir = temp_dir();
    let raw = write_raw(dir.path(), &[("empty.txt", b""), ("blank.txt", b"  \r\n\t\n\xe2\x80\x8b\n"), ("text.txt", b"Some 300 died.\n")])?;
    let result = run_on(&raw, dir.path(), &[]).assert_success();
    let warned = warnings(&result.stderr);
    assert!(warned.iter().any(|w| w.contains("empty.txt: empty: a document without figures")), "{}", result.stderr);
    assert!(warned.iter().any(|w| w.contains("blank.txt: blank (only white space)")), "{}", result.stderr);
    let documents = read_csv(&dir.path().join("out/documents.csv"))?.rows;
    let counts: Vec<(&str, &str)> = documents.iter().map(|d| (field(d, "doc_id"), field(d, "figure_count"))).collect();
    assert_eq!(counts, [("blank", "0"), ("empty", "0"), ("text", "1")]);
    Ok(())
}

/// A NUL byte makes a file binary: refused, or skipped with `--lossy`, never
/// read as thousands of junk figures. The test binary itself is the binary.
#[test]
fn a_binary_file_named_txt_is_refused_or_skipped() -> Result<()> {
    let dir = temp_dir();
    let binary = fs::read(env!("CARGO_BIN_EXE_tally"))?;
    let mixed: &[u8] = b"About 1,500 people\x00\x00 died.\n";
    let raw = write_raw(dir.path(), &[("program.txt", &binary[..1 << 20]), ("mixed.txt", mixed), ("text.txt", b"Some 300 died.\n")])?;
    let refused = run_on(&raw, dir.path(), &[]);
    assert!(!refused.status.success());
    assert!(refused.stderr.contains("mixed.txt:1: a NUL byte (byte 18): a binary file, not a text (--lossy skips it)"), "{}", refused.stderr);
    assert!(refused.stderr.contains("program.txt:1: a NUL byte"), "{}", refused.stderr);
    let skipped = run_on(&raw, dir.path(), &["--lossy"]).assert_success();
    assert!(warnings(&skipped.stderr).iter().any(|w| w.contains("program.txt:1: a NUL byte") && w.ends_with("; skipped")));
    assert_eq!(quotes(&figures(dir.path())?), ["Some 300"]);
    let documents = read_csv(&dir.path().join("out/documents.csv"))?.rows;
    assert_eq!(documents.iter().map(|d| field(d, "doc_id")).collect::<Vec<_>>(), ["text"]);
    Ok(())
}

/// 10 MB of digits (a scan artefact) is masked, named in a warning, and
/// leaves the figures around it alone.
#[test]
fn a_ten_megabyte_run_of_digits_is_no_figure() -> Result<()> {
    let dir = temp_dir();
    let text = format!("Some 300 died.\n{}\nAbout 1,500 fled.\n", "4".repeat(10 << 20));
    let raw = write_raw(dir.path(), &[("scan.txt", text.as_bytes())])?;
    let result = run_on(&raw, dir.path(), &[]).assert_success();
    assert!(warnings(&result.stderr).iter().any(|w| w.contains("scan:2: a run of 10485760 digits is not read as a number")));
    assert_eq!(quotes(&figures(dir.path())?), ["Some 300", "About 1,500"]);
    Ok(())
}

#[test]
fn a_directory_without_texts_is_an_error() -> Result<()> {
    let dir = temp_dir();
    let raw = write_raw(dir.path(), &[("notes.md", b"Some 300 died.\n")])?;
    let result = run_on(&raw, dir.path(), &[]);
    assert!(!result.status.success());
    assert!(result.stderr.ends_with(&format!("tally: {}: no .txt files\n", raw.display())), "{}", result.stderr);
    Ok(())
}

/// What looks like a text but is not read is named; names with spaces and
/// non-ASCII letters are read like any other.
#[cfg(unix)]
#[test]
fn files_that_are_not_read_are_named() -> Result<()> {
    use std::os::unix::fs::symlink;
    let dir = temp_dir();
    let raw = write_raw(dir.path(), &[("UPPER.TXT", b"Some 100 died.\n"), ("with space é.txt", b"Some 300 died.\n")])?;
    symlink("loop-b.txt", raw.join("loop-a.txt"))?;
    symlink("loop-a.txt", raw.join("loop-b.txt"))?;
    symlink("nowhere.txt", raw.join("dangling.txt"))?;
    fs::create_dir(raw.join("nested"))?;
    fs::write(raw.join("nested/inner.txt"), "Some 400 died.\n")?;
    let result = run_on(&raw, dir.path(), &[]).assert_success();
    let warned = warnings(&result.stderr).join("\n");
    for expected in [
        "UPPER.TXT: not read: only names ending in .txt (lower case) are texts",
        "dangling.txt: not read: a symbolic link to nothing",
        "loop-a.txt: not read: a symbolic link in a loop",
        "loop-b.txt: not read: a symbolic link in a loop",
        "nested: not read: a subdirectory",
    ] {
        assert!(warned.contains(expected), "no warning {expected:?} in\n{warned}");
    }
    let rows = figures(dir.path())?;
    assert_eq!(rows.iter().map(|r| (field(r, "doc_id"), field(r, "quote"))).collect::<Vec<_>>(), [("with space é", "Some 300")]);
    Ok(())
}

/// sources.csv: every problem at once, each on the physical line an editor
/// shows (a quoted title spans two lines here).
#[test]
fn manifest_problems_name_their_lines() -> Result<()> {
    let dir = temp_dir();
    let manifest = format!(
        "\u{feff}{MANIFEST_HEADER}a,a.txt,\"A title\non two lines\",P,,2022-13-45,en,\nb,b.txt,B,P,,2023-02-29,en,\na,c.txt,C,P,,2022,en,\nd,gone.txt,D,P,,2021-10,en,\n"
    );
    let texts: [(&str, &[u8]); 3] = [("a.txt", b"Some 1 died.\n"), ("b.txt", b"Some 2 died.\n"), ("c.txt", b"Some 3 died.\n")];
    let raw = write_raw(dir.path(), &[&texts[..], &[("sources.csv", manifest.as_bytes())]].concat())?;
    let result = run_on(&raw, dir.path(), &[]);
    assert!(!result.status.success());
    let errors: Vec<&str> = result.stderr.lines().map(|l| l.split("sources.csv").nth(1).unwrap_or(l)).collect();
    assert_eq!(
        errors,
        [
            ":2: published \"2022-13-45\" is not an ISO 8601 date (2022, 2022-01 or 2022-01-05): there is no month 13",
            ":4: published \"2023-02-29\" is not an ISO 8601 date (2022, 2022-01 or 2022-01-05): month 2 of 2023 has no day 29",
            ":5: doc_id a is already listed on line 2",
        ]
    );

    // Fixed, the row for a file that is not there is a warning.
    let fixed = manifest.replace("2022-13-45", "2022-12-05").replace("2023-02-29", "2024-02-29").replace("a,c.txt", "c,c.txt");
    fs::write(raw.join("sources.csv"), fixed)?;
    let result = run_on(&raw, dir.path(), &[]).assert_success();
    assert!(warnings(&result.stderr).iter().any(|w| w.contains("sources.csv:6: row for gone.txt, which is not in")), "{}", result.stderr);
    let documents = read_csv(&dir.path().join("out/documents.csv"))?.rows;
    assert_eq!(field(&documents[0], "title"), "A title\non two lines");
    assert_eq!(field(&documents[0], "published"), "2022-12-05");
    Ok(())
}

#[test]
fn a_manifest_without_a_column_is_an_error() -> Result<()> {
    let dir = temp_dir();
    let raw = write_raw(dir.path(), &[("a.txt", b"Some 1 died.\n"), ("sources.csv", b"doc_id,file,publisher,author,published,language,license_note,pages\na,a.txt,P,,2022,en,,\n")])?;
    let result = run_on(&raw, dir.path(), &[]);
    assert!(!result.status.success());
    assert!(result.stderr.contains("sources.csv:1: unknown column \"pages\""), "{}", result.stderr);
    assert!(result.stderr.contains("sources.csv:1: missing column \"title\""), "{}", result.stderr);
    Ok(())
}

/// The shipped review file's first rows, as a spreadsheet in a
/// decimal-comma locale saves them: a BOM, `;`, CRLF, trailing empty rows.
fn spreadsheet_review(rows: usize, extra: &str) -> Result<String> {
    let shipped = fs::read_to_string(repo_raw().join("../review/figures.csv"))?;
    let mut reader = csv::Reader::from_reader(shipped.as_bytes());
    let mut writer = csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    writer.write_record(reader.headers()?)?;
    for record in reader.records().take(rows) {
        writer.write_record(&record?)?;
    }
    let width = reader.headers()?.len();
    let empty = ";".repeat(width - 1);
    Ok(format!("\u{feff}{}{extra}{empty}\r\n{empty}\r\n", String::from_utf8(writer.into_inner()?)?))
}

#[test]
fn a_review_file_saved_by_a_spreadsheet_is_read() -> Result<()> {
    let dir = temp_dir();
    let review = dir.path().join("figures.csv");
    fs::write(&review, spreadsheet_review(5, "")?)?;
    let result = run(tally().arg("review").arg("--check").arg("--raw").arg(repo_raw()).arg("--review").arg(&review)).assert_success();
    assert!(result.stdout.contains("5 decisions"), "{}", result.stdout);
    Ok(())
}

/// A bad row's line is the one an editor shows: with CRLF line ends, and
/// after a note that spans lines.
#[test]
fn review_errors_name_the_physical_line() -> Result<()> {
    let dir = temp_dir();
    let review = dir.path().join("figures.csv");
    let doc = "rferl-kgb-archives";
    let bad = format!("\u{feff}doc_id,action,note\r\n{doc},reject,\"a note\r\non two lines\"\r\n{doc},bogus,\r\n,,\r\n{doc},accept,x,y\r\n");
    fs::write(&review, bad)?;
    let result = run(tally().arg("review").arg("--check").arg("--raw").arg(repo_raw()).arg("--review").arg(&review));
    assert!(!result.status.success());
    let lines: Vec<&str> = result.stderr.lines().filter_map(|l| l.split("figures.csv:").nth(1)).collect();
    assert_eq!(lines.len(), 3, "{}", result.stderr);
    assert!(lines[0].starts_with("2: "), "{}", result.stderr);
    assert!(lines[1].starts_with("4: unknown action \"bogus\""), "{}", result.stderr);
    assert!(lines[2].starts_with("6: 4 fields where the header has 3"), "{}", result.stderr);
    Ok(())
}

/// Every problem of every rule file at once, each as `file:line: problem`:
/// an unknown field does not hide the broken regex and the doubled id after
/// it, nor make another file's fragments "unknown".
#[test]
fn every_rule_file_problem_is_reported_at_once() -> Result<()> {
    let dir = temp_dir();
    let rules = crate::common::rules_with_broken_regex(dir.path())?;
    let figures = rules.join("figures.toml");
    let text = fs::read_to_string(&figures)?.replacen("[[rule]]\n", "[[rule]]\nbogus_field = 1\n", 1);
    let bogus_line = text.lines().position(|l| l == "bogus_field = 1").expect("the field was written") + 1;
    fs::write(&figures, text)?;
    let broken = rules.join("broken.toml");
    let mut text = fs::read_to_string(&broken)?;
    text.push_str("\n[[rule]]\nid = \"broken.example\"\nkind = \"figure\"\ndescription = \"\"\nexmples = [\"a typo\"]\npattern = '{number_digits}'\n");
    fs::write(&broken, text)?;
    let result = run_on(&repo_raw(), dir.path(), &["--rules", &rules.to_string_lossy()]);
    assert!(!result.status.success());
    let lines: Vec<&str> = result.stderr.lines().collect();
    let shape = regex::Regex::new(r"^tally: .*/rules/[a-z]+\.toml:\d+: ").expect("a regex");
    assert!(lines.iter().all(|l| shape.is_match(l)), "not every line is file:line: problem:\n{}", result.stderr);
    for expected in [
        &format!("figures.toml:{bogus_line}: unknown field `bogus_field`"),
        "broken.toml:13: unknown field `exmples`",
        "broken.toml:5: rule broken.example: broken regex: unclosed group",
        "broken.toml:9: rule id broken.example is already used at",
    ] {
        assert!(result.stderr.contains(expected), "no {expected:?} in\n{}", result.stderr);
    }
    assert_eq!(lines.len(), 4, "{}", result.stderr);
    assert!(!dir.path().join("out").exists());
    Ok(())
}

/// A rule whose own example fails stops a run that uses the rules.
#[test]
fn a_failing_rule_example_stops_the_run() -> Result<()> {
    let dir = temp_dir();
    let rules = crate::common::rules_with_broken_regex(dir.path())?;
    fs::write(
        rules.join("broken.toml"),
        "[[rule]]\nid = \"test.lonely\"\nkind = \"figure\"\ndescription = \"\"\npattern = 'zzqx'\nexamples = [\"It cost [[1,500]] tenge.\"]\n",
    )?;
    let result = run_on(&repo_raw(), dir.path(), &["--rules", &rules.to_string_lossy()]);
    assert!(!result.status.success());
    assert!(result.stderr.contains("broken.toml:1: rule test.lonely: example"), "{}", result.stderr);
    assert!(!dir.path().join("out").exists());
    Ok(())
}

/// A text that is listed but cannot be read (here a link to
/// `/proc/self/mem`, whose reading fails as a vanished or failing file's
/// does) is an error naming it, and nothing is published.
#[cfg(target_os = "linux")]
#[test]
fn a_text_that_cannot_be_read_is_named() -> Result<()> {
    let dir = temp_dir();
    let raw = write_raw(dir.path(), &[("fine.txt", b"Some 300 died.\n")])?;
    std::os::unix::fs::symlink("/proc/self/mem", raw.join("failing.txt"))?;
    let result = run_on(&raw, dir.path(), &[]);
    assert!(!result.status.success());
    let expected = format!("tally: {}: cannot read: ", raw.join("failing.txt").display());
    assert!(result.stderr.lines().any(|l| l.starts_with(&expected)), "{}", result.stderr);
    assert!(!dir.path().join("out").exists());
    Ok(())
}

/// A text on one line with no sentence end for megabytes (a scraper that
/// dropped every line break and full stop) is read in one pass: every
/// figure found, each sentence cut to the text's own length.
#[test]
fn a_text_on_one_long_line_is_read() -> Result<()> {
    let dir = temp_dir();
    let copies = 20_000;
    let text = "some 300 people fled and about 1,500 were held, ".repeat(copies);
    let raw = write_raw(dir.path(), &[("one-line.txt", text.as_bytes())])?;
    run_on(&raw, dir.path(), &[]).assert_success();
    let rows = figures(dir.path())?;
    assert_eq!(rows.len(), 2 * copies);
    assert!(rows.iter().all(|r| field(r, "line") == "1"));
    assert_offsets_slice_back(&text, &rows[..4]);
    let last = &rows[rows.len() - 1];
    assert_eq!(&text[number(last, "byte_start")..number(last, "byte_end")], field(last, "quote"));
    Ok(())
}

/// README's table of bad inputs has at least 25 rows, none of which panics
/// or loses data, and every test it names exists.
#[test]
fn the_readme_table_of_bad_inputs_names_real_tests() -> Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("README.md"))?;
    let table = readme.split("| bad input |").nth(1).expect("README has the table of bad inputs");
    let rows: Vec<&str> = table.lines().skip(2).take_while(|l| l.starts_with("| ")).collect();
    assert!(rows.len() >= 25, "{} rows", rows.len());
    let named = regex::Regex::new(r"`([a-z_]+)::([a-z0-9_]+)`")?;
    let mut checked = 0;
    for row in &rows {
        let cells: Vec<&str> = row.split(" | ").collect();
        let what = cells[1].to_lowercase();
        assert!(!what.contains("panics") && !what.contains("loses data"), "{row}");
        for found in named.captures_iter(cells[cells.len() - 1]) {
            let source = fs::read_to_string(root.join(format!("tests/integration/{}.rs", &found[1])))?;
            assert!(source.contains(&format!("fn {}(", &found[2])), "README names {}::{}, which is not a test", &found[1], &found[2]);
            checked += 1;
        }
    }
    assert!(checked >= 25, "only {checked} tests named");
    Ok(())
}

/// A UTF-16 text (Windows' "Unicode") is named as such, with how to
/// convert it, not taken for a binary file or read as junk.
#[test]
fn a_utf16_text_is_named_with_how_to_convert_it() -> Result<()> {
    let dir = temp_dir();
    let utf16: Vec<u8> = "\u{feff}About 300 people died.\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let raw = write_raw(dir.path(), &[("windows.txt", &utf16), ("text.txt", b"Some 300 died.\n")])?;
    let refused = run_on(&raw, dir.path(), &[]);
    assert!(!refused.status.success());
    assert!(
        refused.stderr.contains("windows.txt:1: a UTF-16 text (byte-order mark at byte 0), not UTF-8: convert it (iconv -f UTF-16 -t UTF-8) (--lossy skips it)"),
        "{}",
        refused.stderr
    );
    let skipped = run_on(&raw, dir.path(), &["--lossy"]).assert_success();
    assert!(warnings(&skipped.stderr).iter().any(|w| w.contains("windows.txt:1: a UTF-16 text") && w.ends_with("; skipped")));
    assert_eq!(quotes(&figures(dir.path())?), ["Some 300"]);
    Ok(())
}
