//! `tally merge`: the extracted directories of the N shards of a corpus
//! (`tally extract --shard K/N`, run by a cluster's array job or a CI matrix)
//! become one extracted directory, row for row what one unsharded extract
//! writes, so normalize and publish run once on the whole.
//!
//! Each shard's files are in doc_id order and the shards' documents are
//! disjoint, so the merge takes each document's rows from the shard that
//! holds it, one document at a time: memory holds one document's rows.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::atomic::{StagedFiles, StagedWriter};
use crate::contract::{
    extracted_file, read_records, read_shards, shard_of, Candidate, DocumentGroups, DocumentRecord, MentionCandidate,
    OfDocument, ReviewRow, ClaimReviewRow, CLAIM_REVIEW_FILE, SentenceRecord, Shard, SpanRecord, CANDIDATES_FILE, DOCUMENTS_FILE, MENTIONS_FILE, REVIEW_FILE,
    SENTENCES_FILE, SHARD_FILE, SPANS_FILE,
};

pub fn run(shard_dirs: &[PathBuf], into: &Path) -> Result<()> {
    let count = check_shards(shard_dirs)?;
    let mut documents: Vec<DocumentRecord> = Vec::new();
    let mut decisions: Vec<ReviewRow> = Vec::new();
    for dir in shard_dirs {
        documents.extend(read_records::<DocumentRecord>(&extracted_file(dir, DOCUMENTS_FILE))?);
        decisions.extend(read_records::<ReviewRow>(&extracted_file(dir, REVIEW_FILE))?);
    }
    documents.sort_by(|a, b| a.doc_id.cmp(&b.doc_id));
    if let Some(twice) = documents.windows(2).find(|w| w[0].doc_id == w[1].doc_id) {
        bail!("document {} is in two shards: the directories are not shards of one run", twice[0].doc_id);
    }
    // The review file's rows in its own order, as one extract writes them.
    decisions.sort_by_key(|row| row.line);

    // Shards in the order of their index, so a document's shard is found
    // from its id.
    let mut by_index: Vec<&PathBuf> = shard_dirs.iter().collect();
    by_index.sort_by_key(|dir| read_shards(dir).ok().and_then(|s| s.index));

    let mut staged = StagedFiles::new(into)?;
    merge_file::<Candidate>(&mut staged, &by_index, &documents, CANDIDATES_FILE, count)?;
    merge_file::<MentionCandidate>(&mut staged, &by_index, &documents, MENTIONS_FILE, count)?;
    merge_file::<SentenceRecord>(&mut staged, &by_index, &documents, SENTENCES_FILE, count)?;
    merge_file::<SpanRecord>(&mut staged, &by_index, &documents, SPANS_FILE, count)?;
    write_all(&mut staged, DOCUMENTS_FILE, &documents)?;
    write_all(&mut staged, REVIEW_FILE, &decisions)?;
    write_all(&mut staged, CLAIM_REVIEW_FILE, &same_claim_decisions(shard_dirs)?)?;
    let merged = Shard { index: None, count };
    staged.stage(SHARD_FILE, |w| Ok(std::io::Write::write_all(w, merged.file_text().as_bytes())?))?;
    staged.commit()
}

/// The claims review file's rows, which every shard passes on whole: the
/// same in each, or the shards were extracted with different files.
fn same_claim_decisions(shard_dirs: &[PathBuf]) -> Result<Vec<ClaimReviewRow>> {
    let mut first: Option<Vec<ClaimReviewRow>> = None;
    for dir in shard_dirs {
        let rows: Vec<ClaimReviewRow> = read_records(&extracted_file(dir, CLAIM_REVIEW_FILE))?;
        match &first {
            Some(earlier) if *earlier != rows => {
                bail!("{}: the claims review rows differ from another shard's (extracted with another review/claims.csv)", dir.display())
            }
            Some(_) => {}
            None => first = Some(rows),
        }
    }
    Ok(first.unwrap_or_default())
}

/// The number of shards, when the directories are every shard of one
/// sharding, each once.
fn check_shards(dirs: &[PathBuf]) -> Result<usize> {
    dirs.iter().try_for_each(|dir| crate::atomic::check_whole(dir))?;
    let shards: Vec<Shard> = dirs.iter().map(|d| read_shards(d)).collect::<Result<_>>()?;
    let count = shards.first().map_or(1, |s| s.count);
    let mut seen = vec![false; count];
    for (dir, shard) in dirs.iter().zip(&shards) {
        let Some(index) = shard.index.filter(|_| shard.count == count) else {
            bail!("{}: holds shards {shard}, not one shard of {count} (was it written by `tally extract --shard K/{count}`?)", dir.display());
        };
        if std::mem::replace(&mut seen[index], true) {
            bail!("{}: shard {shard} is given twice", dir.display());
        }
    }
    let missing: Vec<String> = (0..count).filter(|&i| !seen[i]).map(|i| format!("{i}/{count}")).collect();
    if !missing.is_empty() {
        bail!("shards {} are missing: merge needs all {count}", missing.join(", "));
    }
    Ok(count)
}

/// One extracted file of every shard, merged in document order.
fn merge_file<T: DeserializeOwned + Serialize + OfDocument + Send + 'static>(
    staged: &mut StagedFiles,
    shard_dirs: &[&PathBuf],
    documents: &[DocumentRecord],
    name: &str,
    count: usize,
) -> Result<()> {
    let mut groups: Vec<DocumentGroups<T>> =
        shard_dirs.iter().map(|dir| DocumentGroups::open(&extracted_file(dir, name))).collect::<Result<_>>()?;
    let mut out = csv::Writer::from_writer(staged.writer(name)?);
    for document in documents {
        let shard = shard_of(&document.doc_id, count);
        for row in groups[shard].take(&document.doc_id)? {
            out.serialize(row).with_context(|| format!("{name}: cannot write"))?;
        }
    }
    for group in groups {
        group.finish()?;
    }
    finish(staged, out)
}

fn write_all<T: Serialize>(staged: &mut StagedFiles, name: &str, rows: &[T]) -> Result<()> {
    let mut out = csv::Writer::from_writer(staged.writer(name)?);
    for row in rows {
        out.serialize(row)?;
    }
    finish(staged, out)
}

fn finish(staged: &mut StagedFiles, out: csv::Writer<StagedWriter>) -> Result<()> {
    staged.add(out.into_inner().map_err(|e| e.into_error())?)
}
