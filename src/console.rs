//! What tally says on stderr while it works: warnings at once, progress bars
//! on a terminal (silent when stderr is not one, so logs and tests see only
//! warnings and errors).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A warning goes to stderr at once and never stops the run.
pub fn warn(message: &str) {
    eprintln!("tally: warning: {message}");
}

pub fn bar(len: u64, stage: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} documents {elapsed}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(stage.to_string());
    bar
}
