//! Builds a Polars frame column by column and checks it against its table
//! definition, so a frame can only leave normalize in the published shape.

use anyhow::{bail, Result};
use polars::prelude::*;

use crate::schema::TableDef;

pub struct FrameBuilder {
    table: &'static TableDef,
    columns: Vec<Column>,
}

impl FrameBuilder {
    pub fn new(table: &'static TableDef) -> FrameBuilder {
        FrameBuilder { table, columns: Vec::new() }
    }

    pub fn str(&mut self, name: &str, values: impl Iterator<Item = Option<String>>) {
        // Straight into the column's buffers: collected into a Vec first,
        // every string of the column would be held twice.
        let values: StringChunked = values.collect();
        self.columns.push(values.with_name(name.into()).into_column());
    }

    pub fn f64(&mut self, name: &str, values: impl Iterator<Item = Option<f64>>) {
        let values: Vec<Option<f64>> = values.collect();
        self.columns.push(Column::new(name.into(), values));
    }

    pub fn i32(&mut self, name: &str, values: impl Iterator<Item = Option<i32>>) {
        let values: Vec<Option<i32>> = values.collect();
        self.columns.push(Column::new(name.into(), values));
    }

    pub fn i64(&mut self, name: &str, values: impl Iterator<Item = Option<i64>>) {
        let values: Vec<Option<i64>> = values.collect();
        self.columns.push(Column::new(name.into(), values));
    }

    /// The frame, once its columns are exactly the table's, in order, with
    /// the table's types, nulls only where allowed and values only from each
    /// column's vocabulary.
    pub fn finish(self) -> Result<DataFrame> {
        let names: Vec<&str> = self.columns.iter().map(|c| c.name().as_str()).collect();
        if names != self.table.column_names() {
            bail!("internal: {} columns {:?} differ from the schema", self.table.name, names);
        }
        for (column, def) in self.columns.iter().zip(self.table.columns) {
            if column.dtype() != &def.ty.polars() {
                bail!("internal: {}.{} is {} where the schema says {:?}", self.table.name, def.name, column.dtype(), def.ty);
            }
            if !def.nullable && column.null_count() > 0 {
                bail!("internal: {}.{} has nulls", self.table.name, def.name);
            }
            if let Some(vocabulary) = def.vocabulary {
                for value in column.str()?.iter().flatten() {
                    if !vocabulary.contains(&value) {
                        bail!("{}.{}: {value:?} is not in the vocabulary {vocabulary:?}", self.table.name, def.name);
                    }
                }
            }
        }
        let height = self.columns.first().map_or(0, |c| c.len());
        Ok(DataFrame::new(height, self.columns)?)
    }
}
