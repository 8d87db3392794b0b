//! CSV files that people edit (`raw/sources.csv`, the review file), read as
//! a spreadsheet or an editor may save them: UTF-8 with or without a
//! byte-order mark, LF, CRLF or lone CR line ends, `,` or `;` between fields
//! (a spreadsheet in a locale with a decimal comma saves with `;`), and rows
//! whose every cell is empty (a spreadsheet's trailing rows) skipped. Every
//! problem names the physical line an editor shows, also after a quoted
//! field that spans lines.

use std::path::Path;

use anyhow::{Context, Result};

use crate::text::Lines;

pub struct EditedCsv {
    bytes: Vec<u8>,
    lines: Lines,
    delimiter: u8,
}

/// One row of an edited CSV file, with its physical line.
pub struct CsvRow {
    pub line: usize,
    /// The row, or what is wrong with it (`csv_problem`'s words).
    pub record: Result<csv::StringRecord, String>,
}

impl EditedCsv {
    pub fn read(path: &Path) -> Result<EditedCsv> {
        let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
        Ok(EditedCsv::new(bytes))
    }

    pub fn new(mut bytes: Vec<u8>) -> EditedCsv {
        // The mark holds no line break: lines count the same without it.
        if bytes.starts_with(b"\xef\xbb\xbf") {
            bytes.drain(..3);
        }
        let header = &bytes[..memchr::memchr2(b'\n', b'\r', &bytes).unwrap_or(bytes.len())];
        let delimiter = if !header.contains(&b',') && header.contains(&b';') { b';' } else { b',' };
        EditedCsv { lines: Lines::new(&bytes), bytes, delimiter }
    }

    fn reader(&self) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new().delimiter(self.delimiter).flexible(true).from_reader(&self.bytes[..])
    }

    /// The header row, or the problem with it.
    pub fn headers(&self) -> Result<csv::StringRecord, csv::Error> {
        self.reader().headers().cloned()
    }

    /// The rows after the header, each with the physical line it begins on;
    /// rows whose every cell is empty are left out.
    pub fn rows(&self) -> Vec<CsvRow> {
        let mut reader = self.reader();
        let width = reader.headers().map_or(0, csv::StringRecord::len);
        let mut rows = Vec::new();
        let mut record = csv::StringRecord::new();
        loop {
            let at = reader.position().byte() as usize;
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    if record.iter().all(|cell| cell.trim().is_empty()) {
                        continue;
                    }
                    let start = record.position().map_or(at, |p| p.byte() as usize);
                    let record = if record.len() == width {
                        Ok(record.clone())
                    } else {
                        Err(format!("{} fields where the header has {width}", record.len()))
                    };
                    rows.push(CsvRow { line: self.line(start), record });
                }
                Err(e) => {
                    let start = e.position().map_or(at, |p| p.byte() as usize);
                    rows.push(CsvRow { line: self.line(start), record: Err(crate::contract::csv_problem(&e)) });
                    // A malformed row is reported once; the reader goes on
                    // with the next.
                }
            }
        }
        rows
    }

    /// The 1-based physical line of byte `at`, past the line breaks a
    /// record's start may follow.
    fn line(&self, at: usize) -> usize {
        let at = self.bytes[at.min(self.bytes.len())..]
            .iter()
            .position(|&b| b != b'\n' && b != b'\r')
            .map_or(at, |skip| at + skip);
        self.lines.of(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn physical_lines_delimiters_and_empty_rows() {
        let csv = EditedCsv::new(b"\xef\xbb\xbfa;b\r\n1;\"x\r\ny\"\r\n;\r\n2;z\r\n;;\r\n3\r\n".to_vec());
        assert_eq!(csv.headers().unwrap().iter().collect::<Vec<_>>(), ["a", "b"]);
        let rows = csv.rows();
        let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 5, 7]);
        assert_eq!(rows[2].record.as_ref().unwrap_err(), "1 fields where the header has 2");
        assert_eq!(&rows[1].record.as_ref().unwrap()[1], "z");
        let cr = EditedCsv::new(b"a,b\r1,2\r3,4\r".to_vec());
        assert_eq!(cr.rows().iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3]);
    }
}
