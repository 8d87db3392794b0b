//! Files and directories that appear whole or not at all.
//!
//! Every file a stage writes is first written to a temporary file in the same
//! directory; only when all of a stage's files are complete are they renamed
//! into place. A publication is a whole directory written beside the old one
//! and swapped in with one rename. A run that fails or is killed leaves the
//! previous outputs as they were; the temporary files or directory a killed
//! run leaves (`.NAME.XXXXXX`, `.output.new-XXXXXX`) are removed, with a
//! warning, by the next run that writes there. Two runs writing the same
//! directory at once are not supported.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tempfile::NamedTempFile;

use crate::console::warn;

/// The files of one stage, written but not yet published.
pub struct StagedFiles {
    dir: PathBuf,
    files: Vec<(NamedTempFile, PathBuf)>,
}

/// A file being written; hand it back to `StagedFiles::add` when complete.
pub struct StagedWriter {
    temp: NamedTempFile,
    target: PathBuf,
    writer: BufWriter<File>,
}

impl Write for StagedWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

impl StagedWriter {
    /// Another handle on the file being written, for a writer that must own
    /// one (a Parquet writer); this one then writes nothing itself.
    pub fn reopen(&self) -> Result<File> {
        self.temp.reopen().with_context(|| format!("{}: cannot open a temporary file", self.target.display()))
    }
}

impl StagedFiles {
    pub fn new(dir: &Path) -> Result<StagedFiles> {
        std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create directory", dir.display()))?;
        remove_leftovers(dir, |name, is_dir| !is_dir && is_temp_file_name(name))?;
        Ok(StagedFiles { dir: dir.to_path_buf(), files: Vec::new() })
    }

    /// A temporary file that will become `name` on commit.
    pub fn writer(&self, name: &str) -> Result<StagedWriter> {
        let target = self.dir.join(name);
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .tempfile_in(&self.dir)
            .with_context(|| format!("{}: cannot create a temporary file", self.dir.display()))?;
        let file = temp.reopen().with_context(|| format!("{}: cannot open a temporary file", target.display()))?;
        Ok(StagedWriter { temp, target, writer: BufWriter::new(file) })
    }

    /// Takes a completed file into the stage.
    pub fn add(&mut self, mut staged: StagedWriter) -> Result<()> {
        staged.writer.flush().with_context(|| format!("{}: cannot write", staged.target.display()))?;
        publishable(staged.temp.as_file()).with_context(|| format!("{}: cannot set permissions", staged.target.display()))?;
        staged.temp.as_file().sync_all().with_context(|| format!("{}: cannot sync", staged.target.display()))?;
        self.files.push((staged.temp, staged.target));
        Ok(())
    }

    /// Writes `name` whole through `write`.
    pub fn stage(&mut self, name: &str, write: impl FnOnce(&mut StagedWriter) -> Result<()>) -> Result<()> {
        let mut staged = self.writer(name)?;
        write(&mut staged).with_context(|| format!("{}: cannot write", staged.target.display()))?;
        self.add(staged)
    }

    /// Renames every staged file into place.
    pub fn commit(self) -> Result<()> {
        for (temp, target) in self.files {
            temp.persist(&target).with_context(|| format!("{}: cannot replace", target.display()))?;
        }
        Ok(())
    }
}

/// A directory written whole and then put in the place of the previous one
/// in one step: the old directory stays complete until the new one replaces
/// it, and a reader never sees a mix of the two.
pub struct StagedDir {
    target: PathBuf,
    temp: tempfile::TempDir,
}

impl StagedDir {
    pub fn new(target: &Path) -> Result<StagedDir> {
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).with_context(|| format!("{}: cannot create directory", parent.display()))?;
        let leftover_prefix = format!(".{name}.new-");
        remove_leftovers(&parent, |entry, is_dir| is_dir && entry.starts_with(&leftover_prefix))?;
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}.new-"))
            .tempdir_in(&parent)
            .with_context(|| format!("{}: cannot create a directory beside {}", parent.display(), target.display()))?;
        Ok(StagedDir { target: target.to_path_buf(), temp })
    }

    /// Where the new directory is being written.
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// Puts the new directory in the place of the old one.
    pub fn commit(self) -> Result<()> {
        let new = self.temp.keep();
        publishable_dir(&new).with_context(|| format!("{}: cannot set permissions", new.display()))?;
        sync_tree(&new).with_context(|| format!("{}: cannot sync", new.display()))?;
        if self.target.exists() {
            swap(&new, &self.target).with_context(|| format!("{}: cannot replace", self.target.display()))?;
            // `new` now holds the previous publication.
            std::fs::remove_dir_all(&new).with_context(|| format!("{}: cannot remove the previous output", new.display()))?;
        } else {
            std::fs::rename(&new, &self.target).with_context(|| format!("{}: cannot create", self.target.display()))?;
        }
        Ok(())
    }
}

/// `.NAME.` and six letters or digits: how tempfile names a staged file.
fn is_temp_file_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.') else { return false };
    let Some((stem, suffix)) = rest.rsplit_once('.') else { return false };
    !stem.is_empty() && suffix.len() == 6 && suffix.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Removes what a killed run left in `dir`, naming each.
fn remove_leftovers(dir: &Path, is_leftover: impl Fn(&str, bool) -> bool) -> Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("{}: cannot list", dir.display()))?;
    let mut leftovers: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries.flatten() {
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_leftover(&entry.file_name().to_string_lossy(), is_dir) {
            leftovers.push((entry.path(), is_dir));
        }
    }
    leftovers.sort();
    for (path, is_dir) in leftovers {
        warn(&format!("{}: removing what an interrupted run left", path.display()));
        let removed = if is_dir { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        removed.with_context(|| format!("{}: cannot remove", path.display()))?;
    }
    Ok(())
}

/// Exchanges two paths in one step where the system can (Linux), else with
/// two renames, the window between which a crash would leave the old
/// directory beside the target.
fn swap(a: &Path, b: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
        let (ca, cb) = (c(a)?, c(b)?);
        // SAFETY: both are valid NUL-terminated paths that outlive the call.
        let done = unsafe { libc::renameat2(libc::AT_FDCWD, ca.as_ptr(), libc::AT_FDCWD, cb.as_ptr(), libc::RENAME_EXCHANGE) };
        if done == 0 {
            return Ok(());
        }
        let error = std::io::Error::last_os_error();
        if !matches!(error.raw_os_error(), Some(libc::ENOSYS) | Some(libc::EINVAL)) {
            return Err(error);
        }
    }
    let aside = a.with_extension("old");
    std::fs::rename(b, &aside)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&aside, a)
}

/// Flushes every file of a directory tree to disk before it is swapped in.
fn sync_tree(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            sync_tree(&path)?;
        } else {
            File::open(&path)?.sync_all()?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn publishable_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn publishable_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Temporary files are created private (0600); a published file is readable
/// by everyone, like any other file the user writes.
#[cfg(unix)]
fn publishable(file: &File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn publishable(_file: &File) -> std::io::Result<()> {
    Ok(())
}
