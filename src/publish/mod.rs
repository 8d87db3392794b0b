//! Publish: the normalized frames become the dataset: `NAME.csv` and
//! `NAME.parquet` for each table, a `datapackage.json` describing them and a
//! `CODEBOOK.md` for readers.
//!
//! Everything is written and checked before anything replaces the previous
//! publication (see `atomic`).

mod codebook;
mod datapackage;

use std::io::Write as _;

use anyhow::{bail, Context, Result};
use polars::prelude::*;

use crate::atomic::StagedFiles;
use crate::config::PublishConfig;
use crate::contract::{frame_path, read_frame};
use crate::schema::{TableDef, TABLES};

/// A table ready to publish: its definition, its rows and its files' bytes.
pub struct PublishedTable {
    pub table: &'static TableDef,
    pub rows: DataFrame,
    pub csv: Vec<u8>,
    pub parquet: Vec<u8>,
}

/// The dataset's version: the crate's, so a published table names the code
/// that made it. CHANGELOG.md says what changed in the data between versions.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub fn run(config: &PublishConfig) -> Result<()> {
    let tables = TABLES
        .iter()
        .map(|table| {
            let frame = read_table(config, table)?.sort(table.row_order.to_vec(), SortMultipleOptions::default())?;
            render(table, frame)
        })
        .collect::<Result<Vec<_>>>()?;
    let package = datapackage::describe(&tables)?;
    let codebook = codebook::describe(&tables, VERSION)?;

    let mut staged = StagedFiles::new(&config.out)?;
    for table in &tables {
        staged.stage(&format!("{}.csv", table.table.name), |w| Ok(w.write_all(&table.csv)?))?;
        staged.stage(&format!("{}.parquet", table.table.name), |w| Ok(w.write_all(&table.parquet)?))?;
    }
    staged.stage(datapackage::FILE, |w| Ok(w.write_all(package.as_bytes())?))?;
    staged.stage(codebook::FILE, |w| Ok(w.write_all(codebook.as_bytes())?))?;
    staged.commit()
}

fn read_table(config: &PublishConfig, table: &TableDef) -> Result<DataFrame> {
    let path = frame_path(&config.normalized, table.name);
    let frame = read_frame(&path)?;
    let expected = table.polars_schema();
    if frame.schema().as_ref() != &expected {
        bail!("{}: columns or types differ from the {} table's schema", path.display(), table.name);
    }
    Ok(frame)
}

fn render(table: &'static TableDef, mut frame: DataFrame) -> Result<PublishedTable> {
    let mut csv = Vec::new();
    let written = CsvWriter::new(&mut csv).include_header(true).with_float_scientific(Some(false)).finish(&mut frame);
    anyhow::Context::with_context(written, || format!("{}.csv: cannot render", table.name))?;
    let mut parquet = Vec::new();
    let written = ParquetWriter::new(&mut parquet).with_compression(ParquetCompression::Zstd(None)).finish(&mut frame);
    anyhow::Context::with_context(written, || format!("{}.parquet: cannot render", table.name))?;
    check_parquet(table, &frame, &parquet)?;
    Ok(PublishedTable { table, rows: frame, csv, parquet })
}

/// Reads the Parquet footer back with an independent implementation (the
/// Apache `parquet` crate) so that a file other tools cannot open, or one
/// with missing rows or columns, is never published.
fn check_parquet(table: &TableDef, frame: &DataFrame, bytes: &[u8]) -> Result<()> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let reader = SerializedFileReader::new(bytes::Bytes::copy_from_slice(bytes))
        .with_context(|| format!("{}.parquet: unreadable footer", table.name))?;
    let metadata = reader.metadata().file_metadata();
    let columns: Vec<&str> = metadata.schema_descr().columns().iter().map(|c| c.name()).collect();
    if metadata.num_rows() as usize != frame.height() || columns != table.column_names() {
        bail!(
            "{}.parquet: footer says {} rows and columns {:?}; expected {} rows and the schema's columns",
            table.name,
            metadata.num_rows(),
            columns,
            frame.height()
        );
    }
    Ok(())
}
