//! `tally report`: a published dataset and its texts become one static page,
//! `DIR/report/index.html`, to explore the claims and their sources' answers,
//! every figure, and each text with its figures and names highlighted.
//!
//! The page is self-contained (its script, style and data inline; no network,
//! it works from `file://`) and the same dataset gives the same bytes. It
//! reads what publish wrote and the raw texts, whose hashes must be those
//! the dataset records; it is no stage, and no stage reads it.

mod data;

use std::path::Path;

use anyhow::{Context, Result};

use crate::atomic::StagedFiles;

/// The directory of a publication the page is written into.
pub const DIR: &str = "report";
pub const FILE: &str = "index.html";

const TEMPLATE: &str = include_str!("page.html");
const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// Writes `out/report/index.html` from the dataset in `out` and the texts in
/// `raw`; returns the page's size in bytes.
pub fn run(out: &Path, raw: &Path) -> Result<u64> {
    let page_data = data::PageData::read(out, raw)?;
    let json = page_data.to_json()?;
    let title = format!("tally: {} claims, {} figures, {} documents", page_data.claims.len(), page_data.figures.len(), page_data.documents.len());
    let page = TEMPLATE
        .replace("{{title}}", &html_escape(&title))
        .replace("{{style}}", STYLE)
        .replace("{{script}}", SCRIPT)
        .replace("{{data}}", &script_safe(&json));
    let dir = out.join(DIR);
    let mut staged = StagedFiles::new(&dir)?;
    staged.stage(FILE, |w| Ok(std::io::Write::write_all(w, page.as_bytes())?))?;
    staged.commit().with_context(|| format!("{}: cannot write the page", dir.display()))?;
    Ok(page.len() as u64)
}

/// JSON that can stand inside a `<script>` element: no `<`, `>` or `&` that
/// could end it or open a comment.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_cannot_close_its_script_element() {
        let safe = script_safe(r#"{"quote":"</script><!-- & more"}"#);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["quote"], "</script><!-- & more");
    }
}
