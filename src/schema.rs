//! The one definition of the published tables: names, columns, types,
//! meanings and vocabularies.
//!
//! Writers, readers, `datapackage.json` and the tests all derive from these
//! constants, so a column is renamed or re-typed in exactly one place.

/// The storage type of a column, as published in CSV, Parquet and the
/// Table Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    String,
    Float64,
    Int32,
    Int64,
}

impl ColumnType {
    /// The Frictionless Table Schema type name.
    pub fn frictionless(self) -> &'static str {
        match self {
            ColumnType::String => "string",
            ColumnType::Float64 => "number",
            ColumnType::Int32 | ColumnType::Int64 => "integer",
        }
    }

    pub fn polars(self) -> polars::prelude::DataType {
        use polars::prelude::DataType;
        match self {
            ColumnType::String => DataType::String,
            ColumnType::Float64 => DataType::Float64,
            ColumnType::Int32 => DataType::Int32,
            ColumnType::Int64 => DataType::Int64,
        }
    }
}

#[derive(Debug)]
pub struct ColumnDef {
    pub name: &'static str,
    pub ty: ColumnType,
    pub nullable: bool,
    pub description: &'static str,
    /// The closed list of values the column may take, if it has one.
    pub vocabulary: Option<&'static [&'static str]>,
    /// Whether a curator may correct it in the review file (review/README.md):
    /// the review file's columns are derived from this.
    pub curated: bool,
}

#[derive(Debug)]
pub struct ForeignKey {
    pub column: &'static str,
    pub table: &'static str,
    pub reference: &'static str,
}

#[derive(Debug)]
pub struct TableDef {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub columns: &'static [ColumnDef],
    pub primary_key: &'static [&'static str],
    pub foreign_keys: &'static [ForeignKey],
    /// The columns rows are published sorted by, so the same input gives the
    /// same bytes and a reader sees each document's rows in text order.
    pub row_order: &'static [&'static str],
}

impl TableDef {
    pub fn column_names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }

    pub fn polars_schema(&self) -> polars::prelude::Schema {
        self.columns
            .iter()
            .map(|c| polars::prelude::Field::new(c.name.into(), c.ty.polars()))
            .collect()
    }
}

pub const QUALIFIERS: &[&str] = &["exact", "approx", "at_least", "more_than", "less_than", "range", "vague"];

pub const UNITS: &[&str] = &[
    "person", "item", "USD", "GBP", "KZT", "RUB", "EUR", "km2", "sq_mi", "percent", "year", "month", "week", "day",
    "hour",
];

/// The classes of units in `rules/lexicon.toml`; each decides the measure of
/// a figure that has no other (money → money, share → share, area → area,
/// duration → duration).
pub const UNIT_CLASSES: &[&str] = &["money", "share", "area", "duration"];
/// The unit and class of a share, which a fraction of a group also is
/// ("a third of them" is 33.3 percent).
pub const SHARE_UNIT: &str = "percent";
pub const SHARE_CLASS: &str = "share";

pub const MEASURES: &[&str] = &[
    "killed",
    "executed",
    "died",
    "arrested",
    "convicted",
    "imprisoned",
    "exiled",
    "displaced",
    "rehabilitated",
    "victims",
    "missing",
    "wounded",
    "troops",
    "participants",
    "population",
    "settled",
    "records",
    "money",
    "area",
    "share",
    "duration",
    "other",
];

pub const REVIEW_STATES: &[&str] = &["unreviewed", "accepted", "corrected", "added"];

pub const ENTITY_TYPES: &[&str] = &["person", "place", "organization", "event"];

const fn col(name: &'static str, ty: ColumnType, nullable: bool, description: &'static str) -> ColumnDef {
    ColumnDef { name, ty, nullable, description, vocabulary: None, curated: false }
}

const fn vocab(name: &'static str, description: &'static str, vocabulary: &'static [&'static str]) -> ColumnDef {
    ColumnDef { name, ty: ColumnType::String, nullable: false, description, vocabulary: Some(vocabulary), curated: false }
}

/// A column the review file may correct.
const fn curated(column: ColumnDef) -> ColumnDef {
    ColumnDef { curated: true, ..column }
}

use ColumnType::{Float64, Int32, Int64, String as Str};

const FIGURE_ID: ColumnDef = col("figure_id", Str, false, "Stable id derived from the document, the quote and the text around it.");
const FIGURE_DOC_ID: ColumnDef = col("doc_id", Str, false, "Source document (documents.doc_id).");
const QUOTE: ColumnDef = col("quote", Str, false, "The exact number phrase as it stands in the text, qualifier included.");
const VALUE: ColumnDef = col("value", Float64, true, "Point value; null for a range or a vague magnitude.");
const VALUE_LOW: ColumnDef = col("value_low", Float64, true, "Lower bound, where the text gives or implies one.");
const VALUE_HIGH: ColumnDef = col("value_high", Float64, true, "Upper bound, where the text gives or implies one.");
const QUALIFIER: ColumnDef = vocab("qualifier", "How the text qualifies the number.", QUALIFIERS);
const UNIT: ColumnDef = vocab("unit", "What one unit of the number is.", UNITS);
const MEASURE: ColumnDef = vocab("measure", "What the number counts.", MEASURES);
const SENTENCE: ColumnDef = col("sentence", Str, false, "The sentence that holds the figure.");
const CHAR_START: ColumnDef = col("char_start", Int64, false, "Unicode code point offset of the quote's start in the raw file.");
const CHAR_END: ColumnDef = col("char_end", Int64, false, "Unicode code point offset just past the quote's end.");
const BYTE_START: ColumnDef = col("byte_start", Int64, false, "UTF-8 byte offset of the quote's start in the raw file.");
const BYTE_END: ColumnDef = col("byte_end", Int64, false, "UTF-8 byte offset just past the quote's end.");
const LINE: ColumnDef = col("line", Int64, false, "1-based line of char_start.");
const SOURCE_SHA256: ColumnDef = col("source_sha256", Str, false, "SHA-256 of the raw file the offsets refer to.");

pub const FIGURES: TableDef = TableDef {
    name: "figures",
    title: "Figures",
    description: "Every number phrase in the sources that states a quantity, with its bounds, what it counts, \
                  where, when, on whose word, and exactly where it stands in which source.",
    columns: &[
        FIGURE_ID,
        FIGURE_DOC_ID,
        QUOTE,
        curated(VALUE),
        curated(VALUE_LOW),
        curated(VALUE_HIGH),
        curated(QUALIFIER),
        curated(UNIT),
        curated(MEASURE),
        curated(col("subject", Str, true, "The counted noun phrase as written.")),
        curated(col("place", Str, true, "Canonical English name of the place the figure is about.")),
        curated(col("period_start", Int32, true, "First year the figure is about.")),
        curated(col("period_end", Int32, true, "Last year the figure is about.")),
        curated(col("attributed_to", Str, true, "Who the text says gives the figure.")),
        SENTENCE,
        CHAR_START,
        CHAR_END,
        BYTE_START,
        BYTE_END,
        LINE,
        col("rule", Str, false, "Id of the extraction rule that matched, or `review` for a row added by hand."),
        vocab("review", "Review state of the row: unreviewed, or the curator's decision in review/figures.csv.", REVIEW_STATES),
        col("review_note", Str, true, "The reviewer's note."),
        SOURCE_SHA256,
        col("claim_id", Str, true, "The claim the figure answers (claims.claim_id); empty for a measure that answers no common question."),
        col(
            "repeats",
            Str,
            true,
            "The figure_id of an earlier statement of the same value on the same word in the same claim (a figure repeated \
             in one document, or quoted from the same source in another), or empty.",
        ),
    ],
    primary_key: &["figure_id"],
    foreign_keys: &[
        ForeignKey { column: "doc_id", table: "documents", reference: "doc_id" },
        ForeignKey { column: "claim_id", table: "claims", reference: "claim_id" },
    ],
    row_order: &["doc_id", "char_start", "char_end", "figure_id"],
};

pub const CLAIMS: TableDef = TableDef {
    name: "claims",
    title: "Claims",
    description: "Figures that answer the same question (a comparable measure, the same place or one inside the other, \
                  overlapping periods; rules/claims.toml and the gazetteer, rules/entities.toml), with every source's answer: how many \
                  documents give one, the lowest and highest value stated, and how far apart they are.",
    columns: &[
        col("claim_id", Str, false, "Stable id derived from the question (measure, unit, place, period), not from row order."),
        col("label", Str, false, "The question in words: measure · place · period, or the curator's label."),
        vocab("measure", "What the figures count: the measure their comparable group joins under.", MEASURES),
        col("place", Str, true, "The place the question is about: the widest place of its figures."),
        col("period_start", Int32, true, "First year every figure of the claim is about."),
        col("period_end", Int32, true, "Last year every figure of the claim is about."),
        vocab("unit", "The unit of every figure of the claim.", UNITS),
        col("source_count", Int64, false, "Number of documents that give a figure."),
        col("figure_count", Int64, false, "Number of figures."),
        col("low", Float64, true, "The lowest value or lower bound stated."),
        col("high", Float64, true, "The highest value or upper bound stated."),
        col("spread", Float64, true, "high ÷ low; null when low is 0 or either is missing."),
        col("figure_ids", Str, false, "The figures' ids, `|`-separated, in the order of the figures table."),
        col("review_note", Str, true, "The curator's notes on merging, splitting or relabelling the claim (review/claims.csv)."),
    ],
    primary_key: &["claim_id"],
    foreign_keys: &[],
    row_order: &["claim_id"],
};

pub const REJECTED_FIGURES: TableDef = TableDef {
    name: "rejected_figures",
    title: "Rejected figures",
    description: "Spans the rules took for figures and a curator rejected (review/figures.csv), with what the \
                  rules made of them, their provenance and the reason, so that no decision is invisible.",
    columns: &[
        FIGURE_ID,
        FIGURE_DOC_ID,
        QUOTE,
        VALUE,
        VALUE_LOW,
        VALUE_HIGH,
        QUALIFIER,
        UNIT,
        MEASURE,
        SENTENCE,
        CHAR_START,
        CHAR_END,
        BYTE_START,
        BYTE_END,
        LINE,
        col("rule", Str, false, "Id of the extraction rule that matched."),
        col("reason", Str, false, "Why the curator rejected it: the note of the review row."),
        SOURCE_SHA256,
    ],
    primary_key: &["figure_id"],
    foreign_keys: &[ForeignKey { column: "doc_id", table: "documents", reference: "doc_id" }],
    row_order: &["doc_id", "char_start", "char_end", "figure_id"],
};

pub const DOCUMENTS: TableDef = TableDef {
    name: "documents",
    title: "Documents",
    description: "The source texts: bibliographic record from raw/sources.csv, file hash and size, and counts.",
    columns: &[
        col("doc_id", Str, false, "File name without .txt."),
        col("file", Str, false, "File name in raw/."),
        col("title", Str, true, "Title of the text."),
        col("publisher", Str, true, "Who published it."),
        col("author", Str, true, "Who wrote it."),
        col("published", Str, true, "ISO 8601 date as precise as known (2022, 2022-01, 2022-01-05)."),
        col("language", Str, true, "BCP 47 language codes, `;`-separated."),
        col("sha256", Str, false, "SHA-256 of the file."),
        col("bytes", Int64, false, "Size of the file in bytes."),
        col("chars", Int64, false, "Length of the text in Unicode code points."),
        col("figure_count", Int64, false, "Number of rows in figures for this document."),
        col("mention_count", Int64, false, "Number of rows in mentions for this document."),
    ],
    primary_key: &["doc_id"],
    foreign_keys: &[],
    row_order: &["doc_id"],
};

pub const ENTITIES: TableDef = TableDef {
    name: "entities",
    title: "Entities",
    description: "The people, places, organizations and events the sources mention: the gazetteer's entries \
                  (rules/entities.toml) and names found by pattern rules, with how often and where they occur.",
    columns: &[
        col("entity_id", Str, false, "Stable id: the type and a slug of the canonical name (place:almaty)."),
        col("name", Str, false, "Canonical name: the gazetteer's, or the name as a pattern rule found it."),
        vocab("type", "What kind of entity it is.", ENTITY_TYPES),
        col("aliases", Str, false, "`|`-separated spellings: the gazetteer's aliases, then other forms found in the texts."),
        col("mention_count", Int64, false, "Number of rows in mentions for this entity."),
        col("document_count", Int64, false, "Number of documents that mention it."),
    ],
    primary_key: &["entity_id"],
    foreign_keys: &[],
    row_order: &["entity_id"],
};

pub const MENTIONS: TableDef = TableDef {
    name: "mentions",
    title: "Mentions",
    description: "Every place in the sources where an entity is named, with its exact provenance.",
    columns: &[
        col("mention_id", Str, false, "Stable id derived from the document, the quote and the text around it."),
        col("entity_id", Str, false, "The entity named (entities.entity_id)."),
        col("doc_id", Str, false, "Source document (documents.doc_id)."),
        col("quote", Str, false, "The name exactly as it stands in the text, case ending included."),
        col("char_start", Int64, false, "Unicode code point offset of the quote's start in the raw file."),
        col("char_end", Int64, false, "Unicode code point offset just past the quote's end."),
        col("byte_start", Int64, false, "UTF-8 byte offset of the quote's start in the raw file."),
        col("byte_end", Int64, false, "UTF-8 byte offset just past the quote's end."),
        col("line", Int64, false, "1-based line of char_start."),
        col("rule", Str, false, "Id of the rule that found it: entity.gazetteer, a pattern rule, or entity.name_again."),
        col("source_sha256", Str, false, "SHA-256 of the raw file the offsets refer to."),
    ],
    primary_key: &["mention_id"],
    foreign_keys: &[
        ForeignKey { column: "entity_id", table: "entities", reference: "entity_id" },
        ForeignKey { column: "doc_id", table: "documents", reference: "doc_id" },
    ],
    row_order: &["doc_id", "char_start", "char_end", "mention_id"],
};

/// Every published table, in the order they appear in `datapackage.json`
/// (a table before the tables whose foreign keys refer to it).
pub const TABLES: &[&TableDef] = &[&DOCUMENTS, &CLAIMS, &FIGURES, &REJECTED_FIGURES, &ENTITIES, &MENTIONS];
