//! Files that appear whole or not at all.
//!
//! Every file a stage writes is first written to a temporary file in the same
//! directory; only when all of a stage's files are complete are they renamed
//! into place. A run that fails or is killed leaves the previous outputs as
//! they were.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tempfile::NamedTempFile;

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
