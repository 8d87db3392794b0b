//! Extract, normalize and publish in one go, the intermediate files kept
//! where the user asks or in a temporary directory that is removed after.

use std::path::{Path, PathBuf};

use anyhow::Result;
use tempfile::TempDir;

use crate::config::{ExtractConfig, NormalizeConfig, PublishConfig, ReviewFiles};
use crate::console::Counts;
use crate::extract::corpus::Decoding;
use crate::rules::RuleSet;

/// The stages' directories of one run: given, or temporary.
pub struct WorkDirs {
    pub extracted: PathBuf,
    pub normalized: PathBuf,
    _temp: Option<TempDir>,
}

impl WorkDirs {
    pub fn new(extracted: Option<&Path>, normalized: Option<&Path>) -> Result<WorkDirs> {
        let temp = if extracted.is_some() && normalized.is_some() { None } else { Some(tempfile::tempdir()?) };
        let in_temp = |name: &str| temp.as_ref().expect("a temporary directory when a stage's is not given").path().join(name);
        Ok(WorkDirs {
            extracted: extracted.map_or_else(|| in_temp("extracted"), Path::to_path_buf),
            normalized: normalized.map_or_else(|| in_temp("normalized"), Path::to_path_buf),
            _temp: temp,
        })
    }
}

/// Extract and normalize into `dirs`; returns what normalize counted.
pub fn extract_and_normalize(raw: &Path, decoding: Decoding, dirs: &WorkDirs, review: ReviewFiles, rules: RuleSet) -> Result<Counts> {
    let extract =
        ExtractConfig { raw: raw.to_path_buf(), decoding, extracted: dirs.extracted.clone(), shard: crate::contract::Shard::WHOLE, review, rules };
    crate::extract::run(&extract)?;
    release_freed_memory();
    let normalize = NormalizeConfig::new(dirs.extracted.clone(), dirs.normalized.clone(), extract.rules);
    crate::normalize::run(&normalize)
}

/// `tally run`: the three stages, writing nothing but `out` (with its
/// spreadsheet copies when asked) and the intermediate directories the user
/// names.
pub fn run(
    raw: &Path,
    decoding: Decoding,
    extracted: Option<&Path>,
    normalized: Option<&Path>,
    (out, spreadsheet): (&Path, bool),
    review: ReviewFiles,
    rules: RuleSet,
) -> Result<Counts> {
    let dirs = WorkDirs::new(extracted, normalized)?;
    let counts = extract_and_normalize(raw, decoding, &dirs, review, rules)?;
    release_freed_memory();
    crate::publish::run(&PublishConfig { normalized: dirs.normalized.clone(), out: out.to_path_buf(), spreadsheet })?;
    Ok(counts)
}

/// Gives back to the system the memory a finished stage freed. glibc keeps
/// the freed pages of each thread's arena, and the next stage allocates on
/// other threads, so without this a run's peak is nearer the sum of its
/// stages' than the largest of them.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the allocator's arenas.
    unsafe {
        libc::malloc_trim(0);
    }
}
