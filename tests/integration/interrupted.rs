//! Runs that are killed, run twice at once, or cannot write: the previous
//! publication stays complete and valid — never a mix of old and new tables
//! — and the next run says what it found and cleans up.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use anyhow::Result;

use crate::common::{copy_dir, differing_files, repo_raw, run, tally, temp_dir, Run};

/// A corpus big enough that a run takes seconds: the shipped texts, each
/// copied `copies` times under other names.
fn big_corpus(dir: &Path, copies: usize) -> Result<PathBuf> {
    let raw = dir.join("raw");
    fs::create_dir_all(&raw)?;
    for entry in fs::read_dir(repo_raw())? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "txt") {
            let stem = path.file_stem().expect("a file name").to_string_lossy().into_owned();
            for copy in 0..copies {
                fs::copy(&path, raw.join(format!("{stem}-{copy}.txt")))?;
            }
        }
    }
    Ok(raw)
}

fn run_command(raw: &Path, out: &Path) -> Command {
    let mut cmd = tally();
    cmd.arg("run").arg("--raw").arg(raw).arg("--out").arg(out).arg("--no-review").arg("--quiet");
    cmd
}

/// Publishes `raw` into `out`, which must succeed.
fn publish(raw: &Path, out: &Path) -> Run {
    run(&mut run_command(raw, out)).assert_success()
}

/// Whether `out` is exactly one of the publications `complete`.
fn is_one_of(out: &Path, complete: &[&Path]) -> Result<bool> {
    for publication in complete {
        if differing_files(out, publication)?.is_empty() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The entries of `dir` whose names start with `prefix`.
fn entries_starting(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .map(|entries| entries.flatten().filter(|e| e.file_name().to_string_lossy().starts_with(prefix)).map(|e| e.path()).collect())
        .unwrap_or_default()
}

/// Waits, polling, until `reached` or the child exits; kills it (SIGKILL)
/// if it is still running. Returns whether the moment was reached while it
/// ran.
fn kill_when(child: &mut Child, reached: impl Fn() -> bool) -> Result<bool> {
    loop {
        if child.try_wait()?.is_some() {
            return Ok(false);
        }
        if reached() {
            child.kill()?;
            child.wait()?;
            return Ok(true);
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

/// SIGKILL at several moments of a run — once it holds its lock, while
/// extract writes, when publish has begun its new directory, and when that
/// directory already holds tables — leaves `out` exactly the previous
/// publication or exactly the new one; the next run names the stale lock
/// and what the killed run left, removes it, and publishes.
#[test]
fn a_killed_run_leaves_the_previous_publication_whole() -> Result<()> {
    let dir = temp_dir();
    let root = dir.path();
    let raw = big_corpus(&root.join("big"), 6)?;
    let small = root.join("small");
    fs::create_dir_all(&small)?;
    fs::copy(repo_raw().join("rferl-kgb-archives.txt"), small.join("rferl-kgb-archives.txt"))?;
    let (old, new) = (root.join("old"), root.join("new"));
    publish(&small, &old);
    publish(&raw, &new);

    let out = root.join("pub/out");
    fs::create_dir_all(root.join("pub"))?;
    copy_dir(&old, &out)?;
    let parent = root.join("pub");
    let lock = parent.join(".out.lock");
    // Each moment is judged on the publication directories this run made,
    // not on those an earlier killed run left.
    type Moment<'a> = (&'a str, Box<dyn Fn(&[PathBuf]) -> bool + 'a>);
    let new_dirs = |left: &[PathBuf]| -> Vec<PathBuf> {
        entries_starting(&parent, ".out.new-").into_iter().filter(|d| !left.contains(d)).collect()
    };
    let moments: Vec<Moment> = vec![
        ("holding its lock", Box::new(|_| fs::read_to_string(&lock).is_ok_and(|pid| !pid.is_empty()))),
        ("publishing", Box::new(|left| !new_dirs(left).is_empty())),
        ("with tables written", Box::new(|left| new_dirs(left).iter().any(|d| d.join("figures.csv").exists()))),
    ];
    for (moment, reached) in &moments {
        let left = entries_starting(&parent, ".out.new-");
        fs::write(&lock, "")?;
        let mut child = run_command(&raw, &out).stdout(Stdio::null()).stderr(Stdio::null()).spawn()?;
        assert!(kill_when(&mut child, || reached(&left))?, "the run ended before it was {moment}");
        assert!(is_one_of(&out, &[&old, &new])?, "killed {moment}, {} is neither the old nor the new publication", out.display());
    }
    let result = publish(&raw, &out);
    assert!(result.stderr.contains(".out.lock: taking over the stale lock of a run that did not finish (pid "), "{}", result.stderr);
    assert!(result.stderr.contains("removing what an interrupted run left"), "{}", result.stderr);
    assert!(entries_starting(&parent, ".out.new-").is_empty(), "leftovers stay");
    assert!(differing_files(&out, &new)?.is_empty());
    Ok(())
}

/// A second run on a directory another run is writing refuses at once,
/// naming the lock and its holder; with `--wait` it waits, then publishes.
#[test]
fn a_second_run_on_the_same_output_refuses_or_waits() -> Result<()> {
    let dir = temp_dir();
    let raw = big_corpus(dir.path(), 4)?;
    let out = dir.path().join("out");
    let lock = dir.path().join(".out.lock");
    let mut first = run_command(&raw, &out).stderr(Stdio::null()).spawn()?;
    while fs::read_to_string(&lock).map_or(true, |pid| pid.is_empty()) {
        assert!(first.try_wait()?.is_none(), "the first run ended before the second started");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let refused = run(&mut run_command(&raw, &out));
    assert!(!refused.status.success());
    let expected = format!(
        "tally: {}: another tally run (pid {}) is writing {}; run again when it is done, or pass --wait\n",
        lock.canonicalize()?.display(),
        first.id(),
        out.display()
    );
    assert_eq!(refused.stderr, expected);
    let waited = run(run_command(&raw, &out).arg("--wait")).assert_success();
    assert!(waited.stderr.contains("waiting for it (--wait)"), "{}", waited.stderr);
    assert!(first.wait()?.success());
    assert!(out.join("datapackage.json").exists());
    assert_eq!(fs::read_to_string(&lock)?, "", "a finished run leaves its lock free");
    Ok(())
}

/// A full disk (here a file size limit, which fails writes the same way)
/// is a clear error, and the previous publication stays as it was.
#[cfg(unix)]
#[test]
fn a_full_disk_is_an_error_and_the_previous_output_stays() -> Result<()> {
    let dir = temp_dir();
    let out = dir.path().join("out");
    let normalized = dir.path().join("normalized");
    run(run_command(&repo_raw(), &out).arg("--normalized").arg(&normalized)).assert_success();
    let before = dir.path().join("before");
    copy_dir(&out, &before)?;
    // `ulimit -f` counts 512-byte blocks in sh: 32 KB, less than the tables.
    let script = format!(
        "trap '' XFSZ; ulimit -f 64; exec '{}' publish --normalized '{}' --out '{}'",
        env!("CARGO_BIN_EXE_tally"),
        normalized.display(),
        out.display()
    );
    let result = run(Command::new("sh").arg("-c").arg(script));
    assert!(!result.status.success());
    assert!(result.stderr.starts_with("tally: "), "{}", result.stderr);
    assert!(result.stderr.contains(&format!("{}: cannot write: File too large", out.join("figures.csv").display())), "{}", result.stderr);
    assert_eq!(result.stderr.lines().count(), 1, "{}", result.stderr);
    assert!(differing_files(&out, &before)?.is_empty(), "the previous output changed");
    assert!(entries_starting(dir.path(), ".out.new-").is_empty(), "a failed publish left its directory");
    Ok(())
}

/// An output directory that cannot be created is a clear error.
#[test]
fn an_output_that_cannot_be_written_is_an_error() -> Result<()> {
    let result = run(&mut run_command(&repo_raw(), Path::new("/proc/tally-cannot-write/out")));
    assert!(!result.status.success());
    assert_eq!(result.stderr.lines().count(), 1, "{}", result.stderr);
    assert!(result.stderr.starts_with("tally: /proc/tally-cannot-write: cannot create directory"), "{}", result.stderr);
    Ok(())
}

/// An extracted directory that a killed extract left half-replaced (its
/// marker still there: some files new, some old) is refused by normalize;
/// extracting again mends it.
#[test]
fn a_half_replaced_stage_directory_is_refused() -> Result<()> {
    let dir = temp_dir();
    let ext = dir.path().join("ext");
    let extract = || run(tally().arg("extract").arg("--raw").arg(repo_raw()).arg("--extracted").arg(&ext).arg("--no-review").arg("--quiet"));
    extract().assert_success();
    fs::write(ext.join(".tally-replacing"), "")?;
    let normalize = || run(tally().arg("normalize").arg("--extracted").arg(&ext).arg("--normalized").arg(dir.path().join("norm")).arg("--quiet"));
    let refused = normalize();
    assert!(!refused.status.success());
    assert_eq!(
        refused.stderr,
        format!("tally: {}: a run was killed while it replaced these files, so they mix two runs; run the stage that writes it again\n", ext.display())
    );
    extract().assert_success();
    assert!(!ext.join(".tally-replacing").exists());
    normalize().assert_success();
    Ok(())
}

/// Makes a directory read-only for as long as it lives — immutable
/// (`chattr +i`) where it can, since root writes through permissions, else
/// mode 555 — and writable again when dropped.
struct ReadOnly(PathBuf);

impl ReadOnly {
    fn new(dir: &Path) -> Result<ReadOnly> {
        let immutable = Command::new("chattr").arg("+i").arg(dir).output().is_ok_and(|o| o.status.success());
        if !immutable {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir, fs::Permissions::from_mode(0o555))?;
        }
        let guard = ReadOnly(dir.to_path_buf());
        anyhow::ensure!(fs::write(dir.join("probe"), "").is_err(), "{} could not be made read-only", dir.display());
        Ok(guard)
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).output();
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(&self.0, fs::Permissions::from_mode(0o755));
    }
}

/// Publishing where the output's directory is read-only is a clear error,
/// and the previous publication stays as it was.
#[cfg(unix)]
#[test]
fn a_read_only_output_directory_is_an_error_and_the_previous_output_stays() -> Result<()> {
    let dir = temp_dir();
    let parent = dir.path().join("published");
    fs::create_dir(&parent)?;
    let out = parent.join("out");
    let normalized = dir.path().join("normalized");
    run(run_command(&repo_raw(), &out).arg("--normalized").arg(&normalized)).assert_success();
    let before = dir.path().join("before");
    copy_dir(&out, &before)?;
    let result = {
        let _read_only = ReadOnly::new(&parent)?;
        run(tally().arg("publish").arg("--normalized").arg(&normalized).arg("--out").arg(&out))
    };
    assert!(!result.status.success());
    assert_eq!(result.stderr.lines().count(), 1, "{}", result.stderr);
    assert!(result.stderr.starts_with(&format!("tally: {}: cannot create a directory beside {}", parent.display(), out.display())), "{}", result.stderr);
    assert!(differing_files(&out, &before)?.is_empty(), "the previous output changed");
    Ok(())
}
