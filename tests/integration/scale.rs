//! Pins what lets tally run on many cores and many machines without
//! changing a byte: the thread count does not change the output, and the N
//! shards of a corpus, extracted apart and merged, publish what one
//! unsharded run publishes, row for row.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;
use polars::prelude::*;

use crate::common::{differing_files, file_names, read_csv, run, tally, temp_dir, tree_files};

const SHARDS: usize = 3;

/// Thirteen texts by other publishers: enough documents that each of three
/// shards holds some.
fn unseen_raw() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unseen")
}

fn run_with_threads(threads: &str, out: &Path) {
    run(tally()
        .env("RAYON_NUM_THREADS", threads)
        .env("POLARS_MAX_THREADS", threads)
        .args(["--quiet", "run", "--no-review", "--raw"])
        .arg(unseen_raw())
        .arg("--out")
        .arg(out))
    .assert_success();
}

#[test]
fn one_thread_and_two_threads_publish_identical_bytes() -> Result<()> {
    let dir = temp_dir();
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    run_with_threads("1", &one);
    run_with_threads("2", &two);
    assert!(read_csv(&one.join("figures.csv"))?.rows.len() > 50, "too few figures to compare");
    let differing = differing_files(&one, &two)?;
    assert!(differing.is_empty(), "1 and 2 threads publish different files: {differing:?}");
    Ok(())
}

/// Extracts shard K of N for every K, merges, normalizes and publishes;
/// returns the output directory.
fn sharded_run(dir: &Path) -> PathBuf {
    let shard_dirs: Vec<PathBuf> = (0..SHARDS).map(|k| dir.join(format!("ext-{k}"))).collect();
    for (k, shard_dir) in shard_dirs.iter().enumerate() {
        run(tally()
            .args(["--quiet", "extract", "--no-review", "--raw"])
            .arg(unseen_raw())
            .arg("--extracted")
            .arg(shard_dir)
            .arg("--shard")
            .arg(format!("{k}/{SHARDS}")))
        .assert_success();
    }
    let merged = dir.join("merged");
    // The shards in reverse order: merge must not depend on the order given.
    run(tally().args(["--quiet", "merge", "--into"]).arg(&merged).args(shard_dirs.iter().rev())).assert_success();
    let normalized = dir.join("normalized");
    run(tally().args(["--quiet", "normalize", "--extracted"]).arg(&merged).arg("--normalized").arg(&normalized))
        .assert_success();
    let out = dir.join("out");
    run(tally().args(["--quiet", "publish", "--normalized"]).arg(&normalized).arg("--out").arg(&out)).assert_success();
    out
}

fn row_count(path: &Path) -> Result<usize> {
    Ok(ParquetReader::new(fs::File::open(path)?).finish()?.height())
}

#[test]
fn three_shards_merged_publish_what_one_run_publishes() -> Result<()> {
    let dir = temp_dir();
    let whole = dir.path().join("whole");
    run_with_threads("2", &whole);
    let sharded = sharded_run(dir.path());

    // Each shard extracted a part of the corpus, and none all of it.
    let documents: Vec<usize> = (0..SHARDS)
        .map(|k| read_csv(&dir.path().join(format!("ext-{k}/documents.csv"))).map(|t| t.rows.len()))
        .collect::<Result<_>>()?;
    assert_eq!(documents.iter().sum::<usize>(), 13, "shards hold {documents:?} documents");
    assert!(documents.iter().all(|&n| n > 0 && n < 13), "a shard is empty or whole: {documents:?}");

    // The single-file tables and the package are the same bytes.
    let top_level: Vec<String> = file_names(&whole)?.into_iter().filter(|n| whole.join(n).is_file()).collect();
    assert_eq!(
        top_level,
        file_names(&sharded)?.into_iter().filter(|n| sharded.join(n).is_file()).collect::<Vec<_>>()
    );
    let differing: Vec<String> = differing_files(&whole, &sharded)?
        .into_iter()
        .filter(|name| !name.contains('/'))
        .collect();
    assert!(differing.is_empty(), "sharded and unsharded runs differ: {differing:?}");

    // The partitioned layout has one partition per shard, and together they
    // hold the table's rows.
    let partitions: Vec<String> = tree_files(&sharded)?.into_iter().filter(|n| n.starts_with("figures/")).collect();
    let expected: Vec<String> = (0..SHARDS).map(|k| format!("figures/shard={k}/part-0.parquet")).collect();
    assert_eq!(partitions, expected);
    let in_partitions: usize = partitions.iter().map(|p| row_count(&sharded.join(p))).sum::<Result<_>>()?;
    assert_eq!(in_partitions, row_count(&whole.join("figures.parquet"))?);
    Ok(())
}
