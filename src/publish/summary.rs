//! What a published table holds, counted a row group at a time for the
//! package and the codebook: its rows, and for each column how many values,
//! the range of a number, how many distinct strings, the rows of each value
//! of a vocabulary.

use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};

use anyhow::Result;
use polars::prelude::*;

use crate::schema::{ColumnDef, ColumnType, TableDef};

/// The dataset's version: the crate's, so a published table names the code
/// that made it. CHANGELOG.md says what changed in the data between versions.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A published table: its definition, how many rows, what its columns hold,
/// and its CSV file's size and hash.
pub struct PublishedTable {
    pub table: &'static TableDef,
    pub rows: usize,
    pub columns: Vec<ColumnStats>,
    pub csv_bytes: u64,
    pub csv_sha256: String,
}

pub struct ColumnStats {
    pub def: &'static ColumnDef,
    pub present: usize,
    /// The smallest and largest number, as the codebook writes them.
    range: Option<(f64, f64)>,
    int_range: Option<(i64, i64)>,
    /// A 64-bit hash of each distinct string: the count, without keeping the
    /// strings.
    distinct: HashSet<u64>,
    /// Rows per value of the column's vocabulary.
    pub vocabulary: BTreeMap<String, usize>,
}

impl ColumnStats {
    pub fn new(def: &'static ColumnDef) -> ColumnStats {
        ColumnStats { def, present: 0, range: None, int_range: None, distinct: HashSet::new(), vocabulary: BTreeMap::new() }
    }

    pub fn add(&mut self, column: &Column) -> Result<()> {
        self.present += column.len() - column.null_count();
        match self.def.ty {
            ColumnType::Float64 => {
                for v in column.f64()?.iter().flatten() {
                    self.range = Some(self.range.map_or((v, v), |(a, b)| (a.min(v), b.max(v))));
                }
            }
            ColumnType::Int32 => {
                for v in column.i32()?.iter().flatten() {
                    let v = i64::from(v);
                    self.int_range = Some(self.int_range.map_or((v, v), |(a, b)| (a.min(v), b.max(v))));
                }
            }
            ColumnType::Int64 => {
                for v in column.i64()?.iter().flatten() {
                    self.int_range = Some(self.int_range.map_or((v, v), |(a, b)| (a.min(v), b.max(v))));
                }
            }
            ColumnType::String => {
                for v in column.str()?.iter().flatten() {
                    let mut hasher = std::collections::hash_map::DefaultHasher::new();
                    v.hash(&mut hasher);
                    self.distinct.insert(hasher.finish());
                    if self.def.vocabulary.is_some() {
                        *self.vocabulary.entry(v.to_string()).or_default() += 1;
                    }
                }
            }
        }
        Ok(())
    }

    /// "103 values, 1 to 4000000", "103 values, 87 distinct".
    pub fn describe(&self) -> String {
        let range = match self.def.ty {
            ColumnType::Float64 => self.range.map(|(a, b)| format!("{a} to {b}")),
            ColumnType::Int32 | ColumnType::Int64 => self.int_range.map(|(a, b)| format!("{a} to {b}")),
            ColumnType::String => Some(format!("{} distinct", self.distinct.len())),
        };
        match range {
            Some(range) => format!("{} values, {range}", self.present),
            None => format!("{} values", self.present),
        }
    }
}
