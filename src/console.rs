//! What tally says on stderr while it works: warnings at once, a progress
//! bar for each long stage on a terminal (documents and bytes done, MB/s,
//! time left; silent when stderr is not a terminal or with `--quiet`), and
//! one summary line when a command is done.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{HumanBytes, ProgressBar, ProgressDrawTarget, ProgressStyle};

static QUIET: AtomicBool = AtomicBool::new(false);

/// `--quiet`: no progress bars (warnings, errors and the summary stay).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// A warning goes to stderr at once and never stops the run.
pub fn warn(message: &str) {
    eprintln!("tally: warning: {message}");
}

/// The progress of one stage over a corpus, by bytes of text.
pub struct Progress {
    bar: ProgressBar,
    documents: u64,
    done: u64,
}

impl Progress {
    pub fn new(stage: &str, documents: u64, bytes: u64) -> Progress {
        let target = if QUIET.load(Ordering::Relaxed) { ProgressDrawTarget::hidden() } else { ProgressDrawTarget::stderr() };
        let bar = ProgressBar::with_draw_target(Some(bytes), target);
        let template = "{prefix:>9} [{bar:30}] {bytes}/{total_bytes} {msg} {bytes_per_sec} ETA {eta}";
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(stage.to_string());
        bar.set_message(format!("0/{documents} documents"));
        Progress { bar, documents, done: 0 }
    }

    /// One more document of `bytes` done.
    pub fn document(&mut self, bytes: u64) {
        self.done += 1;
        self.bar.inc(bytes);
        self.bar.set_message(format!("{}/{} documents", self.done, self.documents));
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

/// What a command did, for its summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub documents: u64,
    pub bytes: u64,
    pub figures: u64,
    pub mentions: u64,
}

/// The summary line of a command that writes one file: "tally: report:
/// output/report/index.html (180 KiB) in 0.10 s".
pub fn done(what: &str, written: &str, started: Instant) {
    eprintln!("tally: {what}: {written} in {:.2} s", started.elapsed().as_secs_f64());
}

/// The summary line of a command: "tally: extract: 5 documents (100.3 KiB),
/// 103 figures, 540 mentions in 0.42 s (0.24 MB/s)".
pub fn summary(what: &str, counts: Counts, started: Instant) {
    let seconds = started.elapsed().max(Duration::from_millis(1)).as_secs_f64();
    let rate = counts.bytes as f64 / 1e6 / seconds;
    eprintln!(
        "tally: {what}: {} documents ({}), {} figures, {} mentions in {seconds:.2} s ({rate:.2} MB/s)",
        counts.documents,
        HumanBytes(counts.bytes),
        counts.figures,
        counts.mentions
    );
}
