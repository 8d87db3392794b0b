//! Files and directories that appear whole or not at all.
//!
//! Every file a stage writes is first written to a temporary file in the same
//! directory; only when all of a stage's files are complete are they renamed
//! into place (a marker file while they are renamed, which a run killed in
//! between leaves and the next stage refuses). A publication is a whole
//! directory written beside the old one and swapped in with one rename. A
//! run that fails or is killed leaves the previous outputs as they were; the
//! temporary files or directory a killed run leaves (`.NAME.XXXXXX`, `.output.new-XXXXXX`) are removed, with a
//! warning, by the next run that writes there.
//!
//! A run locks every directory it writes before it starts work (`lock`):
//! `.NAME.lock` beside the directory, held with `flock` for as long as the
//! process lives, so the system lets go of it however the process ends. A
//! second run on the same directory refuses, naming the lock and its holder,
//! or waits for it with `--wait`; a lock file still naming a run that was
//! killed is stale, and is taken over with a warning.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use anyhow::{bail, Context, Result};
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
        lock(dir)?;
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

    /// Renames every staged file into place. While it does, a marker file
    /// says the directory is being replaced: a run killed between two
    /// renames leaves it, and the next stage refuses the directory
    /// ([`check_whole`]) rather than read a mix of two runs' files.
    pub fn commit(self) -> Result<()> {
        let marker = self.dir.join(REPLACING);
        File::create(&marker).and_then(|f| f.sync_all()).with_context(|| format!("{}: cannot create", marker.display()))?;
        for (temp, target) in self.files {
            temp.persist(&target).with_context(|| format!("{}: cannot replace", target.display()))?;
        }
        std::fs::remove_file(&marker).with_context(|| format!("{}: cannot remove", marker.display()))
    }
}

/// The marker of a directory whose files are being replaced ([`StagedFiles::commit`]).
const REPLACING: &str = ".tally-replacing";

/// Fails when `dir` holds the files of a run killed while it replaced them:
/// some new, some old. Running the stage that writes `dir` again mends it.
pub fn check_whole(dir: &Path) -> Result<()> {
    if dir.join(REPLACING).exists() {
        bail!(
            "{}: a run was killed while it replaced these files, so they mix two runs; run the stage that writes it again",
            dir.display()
        );
    }
    Ok(())
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
        lock(target)?;
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

static WAIT: AtomicBool = AtomicBool::new(false);

/// The locks this process holds: the lock file's path and the open file
/// that holds it.
static LOCKS: Mutex<Vec<(PathBuf, File)>> = Mutex::new(Vec::new());

/// `--wait`: wait for a lock another run holds rather than refuse.
pub fn set_wait(wait: bool) {
    WAIT.store(wait, Ordering::Relaxed);
}

/// The lock file of directory `dir`: `.NAME.lock` beside it.
fn lock_path(dir: &Path) -> Result<PathBuf> {
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).with_context(|| format!("{}: cannot create directory", parent.display()))?;
    let parent = parent.canonicalize().with_context(|| format!("{}: cannot resolve", parent.display()))?;
    Ok(parent.join(format!(".{name}.lock")))
}

/// Locks `dir` for this run, until the process ends (a second call for the
/// same directory does nothing). Another live run holding it is an error
/// naming the lock, or a wait with `--wait`; a lock file left by a killed
/// run is taken over with a warning.
pub fn lock(dir: &Path) -> Result<()> {
    let path = lock_path(dir)?;
    let mut locks = LOCKS.lock().unwrap_or_else(|e| e.into_inner());
    if locks.iter().any(|(held, _)| *held == path) {
        return Ok(());
    }
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("{}: cannot create the lock of {}", path.display(), dir.display()))?;
    if !try_flock(&file, false).with_context(|| format!("{}: cannot lock", path.display()))? {
        let holder = holder(&mut file);
        if !WAIT.load(Ordering::Relaxed) {
            bail!(
                "{}: another tally run{holder} is writing {}; run again when it is done, or pass --wait",
                path.display(),
                dir.display()
            );
        }
        warn(&format!("{}: another tally run{holder} is writing {}; waiting for it (--wait)", path.display(), dir.display()));
        try_flock(&file, true).with_context(|| format!("{}: cannot lock", path.display()))?;
    }
    let stale = holder(&mut file);
    if !stale.is_empty() {
        warn(&format!("{}: taking over the stale lock of a run that did not finish{stale}", path.display()));
    }
    let mut mark = || -> std::io::Result<()> {
        file.set_len(0)?;
        file.rewind()?;
        write!(file, "{}", std::process::id())?;
        file.sync_all()
    };
    mark().with_context(|| format!("{}: cannot write", path.display()))?;
    locks.push((path, file));
    Ok(())
}

/// Lets go of every lock this process holds, marking each lock file free
/// (empty): a lock file that still names a process was left by a killed run.
pub fn unlock_all() {
    let mut locks = LOCKS.lock().unwrap_or_else(|e| e.into_inner());
    for (_, file) in locks.drain(..) {
        // A lock file that cannot be emptied only makes the next run warn.
        let _ = file.set_len(0);
    }
}

/// " (pid N)", from what a lock file says; empty when it names no process.
fn holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.rewind().and_then(|_| file.read_to_string(&mut text));
    match text.trim() {
        "" => String::new(),
        pid => format!(" (pid {pid})"),
    }
}

/// Takes the exclusive lock of `file`: at once or not (`Ok(false)`), or
/// waiting for it when `wait`.
#[cfg(unix)]
fn try_flock(file: &File, wait: bool) -> std::io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    let operation = if wait { libc::LOCK_EX } else { libc::LOCK_EX | libc::LOCK_NB };
    loop {
        // SAFETY: the descriptor is open for as long as `file` lives.
        if unsafe { libc::flock(file.as_raw_fd(), operation) } == 0 {
            return Ok(true);
        }
        let error = std::io::Error::last_os_error();
        match error.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EWOULDBLOCK) => return Ok(false),
            _ => return Err(error),
        }
    }
}

#[cfg(not(unix))]
fn try_flock(_file: &File, _wait: bool) -> std::io::Result<bool> {
    Ok(true)
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
