//! Publish: the normalized frames become the dataset: `NAME.csv` and
//! `NAME.parquet` for each table, the same rows again as a hive-partitioned
//! Parquet layout (`NAME/shard=K/part-0.parquet`) that DuckDB, Spark and
//! Polars read as one table, a `datapackage.json` describing them and a
//! `CODEBOOK.md` for readers.
//!
//! Tables are streamed a row group at a time, so a table larger than memory
//! is published in the memory of one group. Everything is written into a
//! fresh directory that replaces the previous publication in one step (see
//! `atomic`): a reader never sees a mix of old and new tables.

mod codebook;
mod datapackage;
mod spreadsheet;
mod summary;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{bail, Context, Result};
use polars::io::parquet::write::BatchedWriter;
use polars::prelude::*;
use sha2::{Digest, Sha256};

use crate::atomic::StagedDir;
use crate::config::PublishConfig;
use crate::console::{Counts, Progress};
use crate::contract::{frame_path, read_shards, shard_of};
use crate::schema::{TableDef, TABLES};
use summary::{ColumnStats, PublishedTable, VERSION};

/// How many rows are read, written and counted at once.
const ROWS_AT_ONCE: usize = 64 * 1024;

pub fn run(config: &PublishConfig) -> Result<Counts> {
    crate::atomic::check_whole(&config.normalized)?;
    let shards = read_shards(&config.normalized)?.count;
    let staged = StagedDir::new(&config.out)?;
    let mut tables = Vec::with_capacity(TABLES.len());
    let mut sources = Vec::new();
    let progress = std::sync::Mutex::new(Progress::new("publish", TABLES.len() as u64, 0));
    // The tables are independent files: each is written on its own thread
    // (the large ones, figures and mentions, at once), and taken in the
    // schema's order.
    let published: Vec<Result<(PublishedTable, Vec<datapackage::Source>)>> = {
        use rayon::prelude::*;
        TABLES
            .par_iter()
            .with_max_len(1)
            .map(|table| {
                let published = publish_table(config, &staged, table, shards)?;
                progress.lock().expect("no thread panics holding the progress bar").document(0);
                Ok(published)
            })
            .collect()
    };
    for result in published {
        let (table, found) = result?;
        tables.push(table);
        sources.extend(found);
    }
    progress.into_inner().expect("no thread panics holding the progress bar").finish();
    let rows = |name: &str| tables.iter().find(|t| t.table.name == name).map_or(0, |t| t.rows as u64);
    let counts = Counts {
        documents: rows("documents"),
        bytes: sources.iter().map(|s| s.bytes).sum(),
        figures: rows("figures"),
        mentions: rows("mentions"),
    };
    let package = datapackage::describe(&tables, &sources)?;
    let codebook = codebook::describe(&tables, VERSION)?;
    write_file(&staged.path().join(datapackage::FILE), package.as_bytes())?;
    write_file(&staged.path().join(codebook::FILE), codebook.as_bytes())?;
    staged.commit()?;
    Ok(counts)
}

/// "OUT/NAME.csv: cannot write", naming the file where it will stand.
fn cannot_write(config: &PublishConfig, table: &TableDef, extension: &str) -> String {
    format!("{}: cannot write", config.out.join(format!("{}.{extension}", table.name)).display())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("{}: cannot write", path.display()))
}

/// Streams one normalized frame into its CSV, its Parquet file and its
/// partitions, counting what it holds. The documents table also gives the
/// package its sources (file, title, publisher).
fn publish_table(
    config: &PublishConfig,
    staged: &StagedDir,
    table: &'static TableDef,
    shards: usize,
) -> Result<(PublishedTable, Vec<datapackage::Source>)> {
    let mut sources = Vec::new();
    let path = frame_path(&config.normalized, table.name);
    let open = || File::open(&path).with_context(|| format!("{}: cannot read (run `tally normalize` first)", path.display()));
    let rows = ParquetReader::new(open()?).num_rows();
    let rows = anyhow::Context::with_context(rows, || format!("{}: not a readable Parquet file", path.display()))?;
    let schema = table.polars_schema();
    let csv_path = staged.path().join(format!("{}.csv", table.name));
    let parquet_path = staged.path().join(format!("{}.parquet", table.name));
    let mut hashing = HashingWriter::create(&csv_path)?;
    let mut csv = CsvWriter::new(&mut hashing)
        .include_header(true)
        .with_float_scientific(Some(false))
        .batched(&schema)?;
    let mut parquet = parquet_writer(&parquet_path, &schema)?;
    let mut partitions = Partitions::new(staged.path(), table, shards);
    let mut columns: Vec<ColumnStats> = table.columns.iter().map(ColumnStats::new).collect();
    let mut order = RowOrder::new(table);
    let mut offset = 0;
    loop {
        let length = ROWS_AT_ONCE.min(rows - offset);
        let mut frame = ParquetReader::new(open()?).with_slice(Some((offset, length))).finish()?;
        if frame.schema().as_ref() != &schema {
            bail!("{}: columns or types differ from the {} table's schema", path.display(), table.name);
        }
        frame.rechunk_mut();
        order.check(&frame).with_context(|| format!("{}: rows are not in the order {:?}", path.display(), table.row_order))?;
        anyhow::Context::with_context(csv.write_batch(&frame), || cannot_write(config, table, "csv"))?;
        if frame.height() > 0 {
            anyhow::Context::with_context(parquet.write_batch(&frame), || cannot_write(config, table, "parquet"))?;
            partitions.write(&frame)?;
            for (stats, def) in columns.iter_mut().zip(table.columns) {
                stats.add(frame.column(def.name)?)?;
            }
            if table.name == "documents" {
                sources.extend(datapackage::sources_of(&frame)?);
            }
        }
        offset += length;
        if offset >= rows {
            break;
        }
    }
    anyhow::Context::with_context(csv.finish(), || cannot_write(config, table, "csv"))?;
    drop(csv);
    hashing.flush().with_context(|| cannot_write(config, table, "csv"))?;
    let (csv_bytes, csv_sha256) = (hashing.bytes, format!("{:x}", hashing.hasher.finalize()));
    anyhow::Context::with_context(parquet.finish(), || cannot_write(config, table, "parquet"))?;
    if config.spreadsheet {
        spreadsheet::copy(table, &csv_path, staged.path())?;
    }
    partitions.finish(&schema, &parquet_path)?;
    check_parquet(table, rows, &parquet_path)?;
    Ok((PublishedTable { table, rows, columns, csv_bytes, csv_sha256 }, sources))
}

fn parquet_writer(path: &Path, schema: &Schema) -> Result<BatchedWriter<File>> {
    let file = File::create(path).with_context(|| format!("{}: cannot create", path.display()))?;
    Ok(ParquetWriter::new(file).with_compression(ParquetCompression::Zstd(None)).batched(schema)?)
}

/// Checks that a table's rows come in its `row_order`, which normalize
/// writes them in: publish streams them as they come.
struct RowOrder {
    table: &'static TableDef,
    last: Option<Vec<Key>>,
}

#[derive(Debug, Clone, PartialEq, PartialOrd)]
enum Key {
    Text(Option<String>),
    Number(Option<i64>),
}

impl RowOrder {
    fn new(table: &'static TableDef) -> RowOrder {
        RowOrder { table, last: None }
    }

    fn check(&mut self, frame: &DataFrame) -> Result<()> {
        let mut keys: Vec<Vec<Key>> = vec![Vec::new(); frame.height()];
        for name in self.table.row_order {
            let column = frame.column(name)?;
            match column.dtype() {
                DataType::String => {
                    for (key, v) in keys.iter_mut().zip(column.str()?.iter()) {
                        key.push(Key::Text(v.map(str::to_string)));
                    }
                }
                _ => {
                    let column = column.cast(&DataType::Int64)?;
                    for (key, v) in keys.iter_mut().zip(column.i64()?.iter()) {
                        key.push(Key::Number(v));
                    }
                }
            }
        }
        for key in keys {
            if self.last.as_ref().is_some_and(|last| *last > key) {
                bail!("{key:?} comes after {:?}", self.last.as_ref().expect("checked"));
            }
            self.last = Some(key);
        }
        Ok(())
    }
}

/// A file written through a SHA-256 and a byte count, for the package.
struct HashingWriter {
    file: BufWriter<File>,
    hasher: Sha256,
    bytes: u64,
}

impl HashingWriter {
    fn create(path: &Path) -> Result<HashingWriter> {
        let file = File::create(path).with_context(|| format!("{}: cannot create", path.display()))?;
        Ok(HashingWriter { file: BufWriter::new(file), hasher: Sha256::new(), bytes: 0 })
    }
}

impl Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.file.write(buf)?;
        self.hasher.update(&buf[..written]);
        self.bytes += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// The hive-partitioned copy of a table with a `doc_id`: each row in
/// `NAME/shard=K/part-0.parquet`, K the row's document's shard.
struct Partitions {
    dir: std::path::PathBuf,
    partitioned: bool,
    shards: usize,
    writers: Vec<Option<BatchedWriter<File>>>,
}

impl Partitions {
    fn new(out: &Path, table: &TableDef, shards: usize) -> Partitions {
        Partitions {
            dir: out.join(table.name),
            partitioned: table.columns.iter().any(|c| c.name == "doc_id"),
            shards,
            writers: (0..shards).map(|_| None).collect(),
        }
    }

    fn path(&self, shard: usize) -> std::path::PathBuf {
        self.dir.join(format!("shard={shard}")).join("part-0.parquet")
    }

    fn writer(&mut self, shard: usize, schema: &Schema) -> Result<&mut BatchedWriter<File>> {
        if self.writers[shard].is_none() {
            let path = self.path(shard);
            std::fs::create_dir_all(path.parent().expect("a partition has a directory"))?;
            self.writers[shard] = Some(parquet_writer(&path, schema)?);
        }
        Ok(self.writers[shard].as_mut().expect("just opened"))
    }

    /// Whether the one partition of an unsharded run is the table's own
    /// Parquet file, copied when that is finished rather than written again.
    fn is_copy(&self) -> bool {
        self.shards == 1
    }

    fn write(&mut self, frame: &DataFrame) -> Result<()> {
        if !self.partitioned || self.is_copy() {
            return Ok(());
        }
        let doc_ids = frame.column("doc_id")?.str()?;
        let of_row: Vec<usize> = doc_ids.iter().map(|d| shard_of(d.unwrap_or_default(), self.shards)).collect();
        for shard in 0..self.shards {
            let mask: BooleanChunked = of_row.iter().map(|&s| s == shard).collect();
            let part = frame.filter(&mask)?;
            if part.height() > 0 {
                self.writer(shard, frame.schema())?.write_batch(&part)?;
            }
        }
        Ok(())
    }

    /// Closes every partition; a shard with no rows gets an empty file, so
    /// the layout always has all of them. The one partition of an unsharded
    /// run is a copy of `whole`, the table's Parquet file: the same rows in
    /// the same row groups through the same writer, so the same bytes.
    fn finish(mut self, schema: &Schema, whole: &Path) -> Result<()> {
        if !self.partitioned {
            return Ok(());
        }
        if self.is_copy() {
            let path = self.path(0);
            std::fs::create_dir_all(path.parent().expect("a partition has a directory"))?;
            std::fs::copy(whole, &path).with_context(|| format!("{}: cannot write", path.display()))?;
            return Ok(());
        }
        for shard in 0..self.shards {
            self.writer(shard, schema)?.finish()?;
        }
        Ok(())
    }
}

/// Reads the Parquet footer back with an independent implementation (the
/// Apache `parquet` crate) so that a file other tools cannot open, or one
/// with missing rows or columns, is never published.
fn check_parquet(table: &TableDef, rows: usize, path: &Path) -> Result<()> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let file = File::open(path)?;
    let reader = anyhow::Context::with_context(SerializedFileReader::new(file), || format!("{}.parquet: unreadable footer", table.name))?;
    let metadata = reader.metadata().file_metadata();
    let columns: Vec<&str> = metadata.schema_descr().columns().iter().map(|c| c.name()).collect();
    if metadata.num_rows() as usize != rows || columns != table.column_names() {
        bail!(
            "{}.parquet: footer says {} rows and columns {:?}; expected {rows} rows and the schema's columns",
            table.name,
            metadata.num_rows(),
            columns
        );
    }
    Ok(())
}
