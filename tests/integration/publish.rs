//! Pins the published files against each other: each table's CSV and
//! Parquet hold the same rows with the contract's types, and
//! datapackage.json describes every table with the CSV's columns, their
//! types and the keys.

use std::fs::File;
use std::path::Path;

use anyhow::{Context, Result};
use polars::prelude::{CsvReadOptions, DataFrame, DataType, ParquetReader, SchemaRef, SerReader};
use serde_json::Value;

use crate::common::{read_csv, repo_raw, run_pipeline, temp_dir};

/// The contract's non-string columns of each table; every other column is a
/// string.
const TYPED_COLUMNS: &[(&str, &[(&str, DataType)])] = &[
    (
        "figures",
        &[
            ("value", DataType::Float64),
            ("value_low", DataType::Float64),
            ("value_high", DataType::Float64),
            ("period_start", DataType::Int32),
            ("period_end", DataType::Int32),
            ("char_start", DataType::Int64),
            ("char_end", DataType::Int64),
            ("byte_start", DataType::Int64),
            ("byte_end", DataType::Int64),
            ("line", DataType::Int64),
        ],
    ),
    (
        "documents",
        &[
            ("bytes", DataType::Int64),
            ("chars", DataType::Int64),
            ("figure_count", DataType::Int64),
            ("mention_count", DataType::Int64),
        ],
    ),
    (
        "entities",
        &[("mention_count", DataType::Int64), ("document_count", DataType::Int64)],
    ),
    (
        "mentions",
        &[
            ("char_start", DataType::Int64),
            ("char_end", DataType::Int64),
            ("byte_start", DataType::Int64),
            ("byte_end", DataType::Int64),
            ("line", DataType::Int64),
        ],
    ),
];

fn expected_dtype(typed: &[(&str, DataType)], column: &str) -> DataType {
    typed
        .iter()
        .find(|(name, _)| *name == column)
        .map_or(DataType::String, |(_, dtype)| dtype.clone())
}

fn read_parquet(path: &Path) -> Result<DataFrame> {
    let file = File::open(path).with_context(|| format!("open {}", path.display()))?;
    ParquetReader::new(file)
        .finish()
        .with_context(|| format!("read {}", path.display()))
}

/// Reads a CSV with the Parquet file's schema, so both are compared as the
/// same types; an empty field reads as null, as the contract writes null.
fn read_csv_as(path: &Path, schema: SchemaRef) -> Result<DataFrame> {
    CsvReadOptions::default()
        .with_has_header(true)
        .with_schema(Some(schema))
        .try_into_reader_with_file_path(Some(path.to_path_buf()))?
        .finish()
        .with_context(|| format!("read {}", path.display()))
}

#[test]
fn csv_and_parquet_hold_the_same_typed_rows() -> Result<()> {
    let dir = temp_dir();
    let out = run_pipeline(&repo_raw(), dir.path());

    for (table, typed) in TYPED_COLUMNS {
        let parquet = read_parquet(&out.join(format!("{table}.parquet")))?;
        let header = read_csv(&out.join(format!("{table}.csv")))?.header;
        let names: Vec<&str> = parquet
            .get_column_names()
            .iter()
            .map(|n| n.as_str())
            .collect();
        assert_eq!(
            names, header,
            "{table}: parquet columns against the CSV header"
        );

        let wrong_types: Vec<String> = parquet
            .columns()
            .iter()
            .filter_map(|column| {
                let expected = expected_dtype(typed, column.name());
                (column.dtype() != &expected)
                    .then(|| format!("{} is {}, not {expected}", column.name(), column.dtype()))
            })
            .collect();
        assert!(
            wrong_types.is_empty(),
            "{table}.parquet types: {wrong_types:?}"
        );

        let csv = read_csv_as(&out.join(format!("{table}.csv")), parquet.schema().clone())?;
        assert_eq!(csv.height(), parquet.height(), "{table}: row count");
        let differing: Vec<&str> = parquet
            .columns()
            .iter()
            .filter(|column| {
                csv.column(column.name())
                    .map_or(true, |other| !other.equals_missing(column))
            })
            .map(|column| column.name().as_str())
            .collect();
        assert!(
            differing.is_empty(),
            "{table}: CSV and Parquet differ in {differing:?} \
             (an empty CSV field is null: Parquet must hold null there, not \"\")"
        );
        assert!(
            csv.equals_missing(&parquet),
            "{table}: CSV and Parquet frames differ"
        );
    }
    Ok(())
}

/// The Table Schema type a column of `dtype` is declared with.
fn frictionless_type(dtype: &DataType) -> &'static str {
    match dtype {
        DataType::Float64 => "number",
        DataType::Int32 | DataType::Int64 => "integer",
        _ => "string",
    }
}

/// A key given as one field name or a list of them, as a list.
fn key_fields(key: &Value) -> Vec<&str> {
    match key {
        Value::String(name) => vec![name.as_str()],
        Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn datapackage_describes_every_table() -> Result<()> {
    let dir = temp_dir();
    let out = run_pipeline(&repo_raw(), dir.path());
    let text = std::fs::read_to_string(out.join("datapackage.json"))?;
    let package: Value = serde_json::from_str(&text).context("datapackage.json is not JSON")?;
    let resources = package["resources"]
        .as_array()
        .context("datapackage.json has no resources array")?;

    for resource in resources {
        let path = resource["path"]
            .as_str()
            .context("a resource without a string path")?;
        assert!(
            out.join(path).is_file(),
            "resource path {path} names no published file"
        );
    }
    let resource_for = |table: &str| {
        let path = format!("{table}.csv");
        resources
            .iter()
            .find(|resource| resource["path"] == path.as_str())
            .unwrap_or_else(|| panic!("no resource with path {path}"))
    };

    for (table, typed) in TYPED_COLUMNS {
        let resource = resource_for(table);
        let header = read_csv(&out.join(format!("{table}.csv")))?.header;
        let fields = resource["schema"]["fields"]
            .as_array()
            .with_context(|| format!("{table}: no schema.fields list"))?;
        let names: Vec<&str> = fields.iter().filter_map(|f| f["name"].as_str()).collect();
        assert_eq!(
            names, header,
            "{table}: schema.fields against the CSV header"
        );

        for field in fields {
            let name = field["name"].as_str().unwrap_or_default();
            let expected = frictionless_type(&expected_dtype(typed, name));
            // A field without a type is a string in Table Schema.
            let declared = field["type"].as_str().unwrap_or("string");
            assert_eq!(declared, expected, "{table}: type of field {name}");
        }
    }

    let documents = resource_for("documents");
    let figures = resource_for("figures");
    assert!(
        documents["name"].is_string(),
        "the documents resource has no name"
    );
    assert_eq!(key_fields(&documents["schema"]["primaryKey"]), ["doc_id"]);
    assert_eq!(key_fields(&figures["schema"]["primaryKey"]), ["figure_id"]);
    let foreign_keys = figures["schema"]["foreignKeys"]
        .as_array()
        .context("figures: no schema.foreignKeys list")?;
    assert!(
        foreign_keys.iter().any(|key| {
            key_fields(&key["fields"]) == ["doc_id"]
                && key["reference"]["resource"] == documents["name"]
                && key_fields(&key["reference"]["fields"]) == ["doc_id"]
        }),
        "figures.doc_id is not a foreign key to documents.doc_id: {foreign_keys:?}"
    );
    let mentions = resource_for("mentions");
    let entities = resource_for("entities");
    assert_eq!(key_fields(&entities["schema"]["primaryKey"]), ["entity_id"]);
    assert_eq!(key_fields(&mentions["schema"]["primaryKey"]), ["mention_id"]);
    let foreign_keys = mentions["schema"]["foreignKeys"].as_array().context("mentions: no schema.foreignKeys list")?;
    for (column, table) in [("entity_id", entities), ("doc_id", documents)] {
        assert!(
            foreign_keys.iter().any(|key| {
                key_fields(&key["fields"]) == [column]
                    && key["reference"]["resource"] == table["name"]
                    && key_fields(&key["reference"]["fields"]) == [column]
            }),
            "mentions.{column} is not a foreign key: {foreign_keys:?}"
        );
    }
    Ok(())
}

/// A run killed while publishing leaves its temporary files and its
/// half-written directory; the next run removes them, naming each, and
/// publishes as if they had never been there.
#[test]
fn what_a_killed_run_left_is_removed_by_the_next() -> anyhow::Result<()> {
    let dir = crate::common::temp_dir();
    let out = crate::common::run_pipeline(&crate::common::repo_raw(), dir.path());
    let half_written = dir.path().join(".out.new-Ab12Cd");
    std::fs::create_dir(&half_written)?;
    std::fs::write(half_written.join("figures.csv"), "figure_id\n")?;
    let temp_file = dir.path().join("ext").join(".candidates.csv.Xy34Zw");
    std::fs::write(&temp_file, "half a row")?;
    let kept = dir.path().join("ext").join(".notes");
    std::fs::write(&kept, "a user's file")?;

    let again = crate::common::run(
        crate::common::tally()
            .args(["run", "--no-review", "--raw"])
            .arg(crate::common::repo_raw())
            .arg("--out")
            .arg(&out)
            .arg("--extracted")
            .arg(dir.path().join("ext")),
    )
    .assert_success();
    assert!(!half_written.exists(), "the half-written output directory is still there");
    assert!(!temp_file.exists(), "the temporary file is still there");
    assert!(kept.exists(), "a file that is not a leftover was removed");
    for leftover in [&half_written, &temp_file] {
        assert!(
            again.stderr.contains(&format!("{}: removing what an interrupted run left", leftover.display())),
            "no warning names {}: {}",
            leftover.display(),
            again.stderr
        );
    }
    Ok(())
}
