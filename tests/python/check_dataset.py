#!/usr/bin/env python3
"""Check that a published tally dataset is valid and imports cleanly.

    check_dataset.py DIR              check the dataset in DIR
    check_dataset.py --self-test DIR  prove the checks catch broken copies of DIR

DIR holds datapackage.json and, for every resource NAME.csv, a NAME.parquet
beside it. The checks are:

1. frictionless validates the package: the descriptor, and the CSV data
   against each Table Schema (types, required, enum, primary and foreign keys,
   bytes and hash).
2. pandas (pyarrow engine) and polars read every CSV, with dtypes taken from
   the Table Schema, and every Parquet file. Columns and their order must be
   the schema's fields; Parquet types must match the schema (integers stay
   integers even with nulls, numbers are float64, strings are strings); CSV
   and Parquet must hold the same rows, values and nulls.
3. duckdb reads the hive-partitioned layout (NAME/shard=K/part-0.parquet)
   of every table that has one as one table: the same columns and types as
   NAME.parquet plus the `shard` key, and exactly its rows.
4. The claims agree with the figures: each claim lists exactly the figures
   whose claim_id it is, in the figures' order, with their count, their
   documents' count, the lowest and highest number they state and one
   unit; a figure repeats only a figure of its own claim.

Because the CSV is held to the schema by frictionless and the Parquet must
equal the CSV, the Parquet inherits every constraint. Everything is derived
from datapackage.json, so a new table is covered without editing this file.

Row numbers follow frictionless: the header is row 1, the first data row is
row 2.
"""

from __future__ import annotations

import argparse
import csv
import decimal
import hashlib
import json
import math
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import duckdb
import frictionless
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

# Fields holding a year must be integers; a float year (1932.0) is the typical
# symptom of a nullable integer column that went through a float.
YEAR_FIELD = re.compile(r"^period_(start|end)$|(^|_)years?(_|$)")

# Table Schema types this checker knows how to read and compare. A new type in
# datapackage.json fails the check until it is taught here, rather than being
# silently skipped.
SUPPORTED_TYPES = ("integer", "number", "string", "boolean")

# Enough failures to see the pattern without flooding the terminal.
MAX_FAILURES_SHOWN_PER_KIND = 10


@dataclass
class Failure:
    """One problem found. `kind` is what the self-test matches on."""

    kind: str
    table: str | None
    message: str
    column: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        where = [f"table {self.table}"] if self.table else []
        if self.column:
            where.append(f"column {self.column}")
        if self.row is not None:
            where.append(f"row {self.row}")
        location = ", ".join(where) or "package"
        return f"[{self.kind}] {location}: {self.message}"


@dataclass
class Table:
    """One resource of the package, with everything the import checks need."""

    name: str
    csv_path: Path
    parquet_path: Path
    fields: list[dict[str, Any]]
    primary_key: list[str]
    missing_values: list[str]
    delimiter: str
    quote_char: str

    @property
    def columns(self) -> list[str]:
        return [f["name"] for f in self.fields]

    def field_type(self, column: str) -> str:
        return next(f["type"] for f in self.fields if f["name"] == column)


@dataclass
class Report:
    failures: list[Failure] = field(default_factory=list)
    row_counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failures

    def kinds(self) -> set[str]:
        return {f.kind for f in self.failures}


# --- the package -------------------------------------------------------------


def load_tables(dataset_dir: Path, report: Report) -> list[Table]:
    """Read datapackage.json into Tables; descriptor problems become failures."""
    try:
        descriptor = json.loads((dataset_dir / "datapackage.json").read_text("utf-8"))
    except (OSError, ValueError) as error:  # ValueError: bad JSON or bad UTF-8
        report.failures.append(Failure("schema", None, f"cannot read datapackage.json: {error}"))
        return []
    tables = []
    for resource in descriptor.get("resources", []):
        table = table_from_resource(dataset_dir, resource, report)
        if table is not None:
            tables.append(table)
    if not tables:
        report.failures.append(Failure("schema", None, "datapackage.json lists no CSV tables"))
    return tables


def table_from_resource(dataset_dir: Path, resource: dict, report: Report) -> Table | None:
    name = resource.get("name", "?")
    path = resource.get("path")
    if not isinstance(path, str) or not path.endswith(".csv"):
        report.failures.append(
            Failure("schema", name, f"path {path!r} is not a single .csv file")
        )
        return None
    schema = resource.get("schema", {})
    fields = schema.get("fields", [])
    for f in fields:
        if f.get("type", "string") not in SUPPORTED_TYPES:
            report.failures.append(
                Failure("schema", name, f"type {f.get('type')!r} is not one this checker "
                        f"reads; teach check_dataset.py about it", column=f.get("name"))
            )
            return None
        f.setdefault("type", "string")
    primary_key = schema.get("primaryKey", [])
    dialect = resource.get("dialect", {})
    csv_path = dataset_dir / path
    return Table(
        name=name,
        csv_path=csv_path,
        parquet_path=csv_path.with_suffix(".parquet"),
        fields=fields,
        primary_key=[primary_key] if isinstance(primary_key, str) else primary_key,
        missing_values=schema.get("missingValues", [""]),
        delimiter=dialect.get("delimiter", ","),
        quote_char=dialect.get("quoteChar", '"'),
    )


def check_year_fields(table: Table, report: Report) -> None:
    for f in table.fields:
        if YEAR_FIELD.search(f["name"]) and f["type"] != "integer":
            report.failures.append(
                Failure("schema", table.name, f"a year must be typed integer, not {f['type']}",
                        column=f["name"])
            )


# --- 1. frictionless -----------------------------------------------------------


def check_frictionless(dataset_dir: Path, report: Report) -> None:
    """Validate the descriptor and every CSV against its schema, keys included."""
    result = frictionless.validate(str(dataset_dir / "datapackage.json"))
    for error in result.errors:  # descriptor-level: the package did not load
        report.failures.append(Failure(f"frictionless/{error.type}", None, error.message))
    for task in result.tasks:
        for error in task.errors:
            report.failures.append(frictionless_failure(task.name, error))


def frictionless_failure(table_name: str, error: Any) -> Failure:
    described = error.to_descriptor()
    return Failure(
        kind=f"frictionless/{error.type}",
        table=table_name,
        column=described.get("fieldName"),
        row=described.get("rowNumber"),
        message=error.message,
    )


# --- 2. imports ----------------------------------------------------------------


def check_imports(table: Table, report: Report) -> None:
    """Read the table's CSV and Parquet with pandas and polars and compare them."""
    if not table.parquet_path.exists():
        report.failures.append(
            Failure("parquet-read", table.name, f"{table.parquet_path.name} is missing")
        )
        return
    arrow_schema = read_arrow_schema(table, report)
    if arrow_schema is None:
        return
    check_columns(table, "Parquet", arrow_schema.names, report)
    check_arrow_types(table, arrow_schema, report)

    check_float_noise(table, arrow_schema, report)

    integer_widths = parquet_integer_widths(table, arrow_schema)
    for library, read_csv, read_parquet, check_types in (
        ("pandas", read_csv_pandas, read_parquet_pandas, check_pandas_types),
        ("polars", read_csv_polars, read_parquet_polars, check_polars_types),
    ):
        csv_frame = read_or_fail(table, library, "CSV", lambda: read_csv(table, integer_widths),
                                 report)
        parquet_frame = read_or_fail(table, library, "Parquet", lambda: read_parquet(table),
                                     report)
        if csv_frame is None or parquet_frame is None:
            continue
        check_columns(table, f"CSV read by {library}", list(csv_frame.columns), report)
        check_columns(table, f"Parquet read by {library}", list(parquet_frame.columns), report)
        check_types(table, parquet_frame, report)
        compare_rows(table, library, csv_frame, parquet_frame, report)
        report.row_counts[table.name] = len(parquet_frame)


def read_arrow_schema(table: Table, report: Report) -> pa.Schema | None:
    try:
        return pq.read_schema(table.parquet_path)
    except Exception as error:  # any reader error is the finding itself
        report.failures.append(
            Failure("parquet-read", table.name, f"pyarrow cannot read the schema: {error}")
        )
        return None


def read_or_fail(table: Table, library: str, what: str, read: Callable[[], Any],
                 report: Report) -> Any:
    try:
        return read()
    except Exception as error:  # a failed import is the finding itself
        kind = "csv-read" if what == "CSV" else "parquet-read"
        message = f"{library} cannot read the {what}: {first_line(error)}"
        report.failures.append(Failure(kind, table.name, message))
        already_located = any(f.kind == "csv-read" and f.table == table.name and f.row
                              for f in report.failures)
        if what == "CSV" and not already_located:  # pandas and polars trip on the same cells
            report.failures.extend(unparseable_cells(table))
        return None


def check_columns(table: Table, source: str, columns: list[str], report: Report) -> None:
    if columns != table.columns:
        report.failures.append(
            Failure("columns", table.name, f"{source}: {column_difference(table.columns, columns)}")
        )


def column_difference(expected: list[str], found: list[str]) -> str:
    missing = [c for c in expected if c not in found]
    unexpected = [c for c in found if c not in expected]
    parts = [f"missing {missing}"] if missing else []
    if unexpected:
        parts.append(f"not in the schema {unexpected}")
    if not parts:
        parts.append(f"columns in order {found}, the schema's order is {expected}")
    return "; ".join(parts)


# Parquet, as pyarrow sees it: the types the file itself declares.

def arrow_type_fits(schema_type: str, arrow_type: pa.DataType) -> bool:
    if schema_type == "integer":
        return pa.types.is_int32(arrow_type) or pa.types.is_int64(arrow_type)
    if schema_type == "number":
        return pa.types.is_float64(arrow_type)
    if schema_type == "boolean":
        return pa.types.is_boolean(arrow_type)
    return (pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)
            or arrow_type == pa.string_view())


def check_arrow_types(table: Table, arrow_schema: pa.Schema, report: Report) -> None:
    for column in table.columns:
        if column not in arrow_schema.names:
            continue  # already reported by check_columns
        arrow_type = arrow_schema.field(column).type
        schema_type = table.field_type(column)
        if not arrow_type_fits(schema_type, arrow_type):
            report.failures.append(
                Failure("parquet-type", table.name,
                        f"Parquet type {arrow_type} does not fit schema type {schema_type}",
                        column=column)
            )


def significant_digits(value: float) -> int:
    """Digits in the shortest text that reads back as `value` (what the CSV holds)."""
    return len(decimal.Decimal(repr(value)).normalize().as_tuple().digits)


def check_float_noise(table: Table, arrow_schema: pa.Schema, report: Report) -> None:
    """A number stated in a text has at most 15 significant digits; one that needs
    16 or 17 to round-trip is binary noise from arithmetic (131.3 * 1e6 gives
    131300000.00000001), and pandas' default CSV parser may read it 1 ulp off."""
    columns = [f["name"] for f in table.fields
               if f["type"] == "number" and f["name"] in arrow_schema.names]
    if not columns:
        return
    data = pq.read_table(table.parquet_path, columns=columns)
    for column in columns:
        for index, value in enumerate(data.column(column).to_pylist()):
            if value is not None and math.isfinite(value) and significant_digits(value) > 15:
                report.failures.append(
                    Failure("float-noise", table.name,
                            f"{value!r} has {significant_digits(value)} significant digits: "
                            f"floating-point noise, not a number from the text",
                            column=column, row=index + 2)
                )


def parquet_integer_widths(table: Table, arrow_schema: pa.Schema) -> dict[str, int]:
    """Bits of each integer column in the Parquet (32 or 64; 64 if not integer there)."""
    widths = {}
    for column in table.columns:
        if table.field_type(column) != "integer":
            continue
        is_int32 = column in arrow_schema.names and pa.types.is_int32(
            arrow_schema.field(column).type)
        widths[column] = 32 if is_int32 else 64
    return widths


# pandas. Parquet is read with nullable dtypes: pandas' default numpy backend
# turns any integer column with a null into float64 by design, which says
# nothing about the file; with numpy_nullable an int32/int64 column stays
# Int32/Int64, so a float there means the file itself holds floats.

PANDAS_CSV_DTYPES = {"integer": "Int64", "number": "float64", "string": "string",
                     "boolean": "boolean"}


def read_csv_pandas(table: Table, _integer_widths: dict[str, int]) -> pd.DataFrame:
    # pandas' default float parser on purpose: it is what users get. It reads
    # numbers of up to 15 significant digits below 1e15 exactly, but may land
    # 1 ulp off on the 17-digit text of a noisy float (see check_float_noise).
    dtypes = {f["name"]: PANDAS_CSV_DTYPES[f["type"]] for f in table.fields}
    return pd.read_csv(
        table.csv_path, sep=table.delimiter, quotechar=table.quote_char, encoding="utf-8",
        dtype=dtypes, keep_default_na=False, na_values=table.missing_values,
    )


def read_parquet_pandas(table: Table) -> pd.DataFrame:
    return pd.read_parquet(table.parquet_path, engine="pyarrow", dtype_backend="numpy_nullable")


def pandas_type_fits(schema_type: str, series: pd.Series) -> bool:
    dtype = series.dtype
    if schema_type == "integer":
        return isinstance(dtype, (pd.Int32Dtype, pd.Int64Dtype))
    if schema_type == "number":
        return dtype in (pd.Float64Dtype(), "float64")
    if schema_type == "boolean":
        return isinstance(dtype, pd.BooleanDtype)
    # Strings arrive as object (str or None) or as a string dtype.
    return pd.api.types.is_string_dtype(dtype) and all(
        isinstance(v, str) for v in series.dropna())


def check_pandas_types(table: Table, frame: pd.DataFrame, report: Report) -> None:
    for column in table.columns:
        if column in frame.columns and not pandas_type_fits(table.field_type(column),
                                                            frame[column]):
            report.failures.append(
                Failure("pandas-type", table.name,
                        f"pandas reads the Parquet column as {frame[column].dtype}, "
                        f"not as schema type {table.field_type(column)}", column=column)
            )


# polars

POLARS_TYPES = {"number": pl.Float64, "string": pl.String, "boolean": pl.Boolean}


def read_csv_polars(table: Table, integer_widths: dict[str, int]) -> pl.DataFrame:
    dtypes = {
        f["name"]: (pl.Int32 if integer_widths.get(f["name"]) == 32 else pl.Int64)
        if f["type"] == "integer" else POLARS_TYPES[f["type"]]
        for f in table.fields
    }
    return pl.read_csv(
        table.csv_path, separator=table.delimiter, quote_char=table.quote_char,
        encoding="utf8", schema_overrides=dtypes, infer_schema=False,
        null_values=table.missing_values,
    )


def read_parquet_polars(table: Table) -> pl.DataFrame:
    return pl.read_parquet(table.parquet_path)


def polars_type_fits(schema_type: str, dtype: pl.DataType) -> bool:
    if schema_type == "integer":
        return dtype in (pl.Int32, pl.Int64)
    return dtype == POLARS_TYPES[schema_type]


def check_polars_types(table: Table, frame: pl.DataFrame, report: Report) -> None:
    for column in table.columns:
        if column in frame.columns and not polars_type_fits(table.field_type(column),
                                                            frame.schema[column]):
            report.failures.append(
                Failure("polars-type", table.name,
                        f"polars reads the Parquet column as {frame.schema[column]}, "
                        f"not as schema type {table.field_type(column)}", column=column)
            )


# CSV = Parquet, compared as plain Python values so pandas and polars share one
# comparison: None for null, int, float or str otherwise.

def python_values(frame: pd.DataFrame | pl.DataFrame, column: str) -> list[Any]:
    values = frame[column].to_list()
    return [None if value is None or value is pd.NA or value != value else value
            for value in values]  # value != value: NaN, which pandas uses for null floats


def compare_rows(table: Table, library: str, csv_frame: Any, parquet_frame: Any,
                 report: Report) -> None:
    if len(csv_frame) != len(parquet_frame):
        report.failures.append(
            Failure("row-count", table.name,
                    f"{library}: the CSV has {len(csv_frame)} rows, "
                    f"the Parquet {len(parquet_frame)}")
        )
        return  # rows no longer line up, so per-value differences would be noise
    for column in table.columns:
        if column not in csv_frame.columns or column not in parquet_frame.columns:
            continue
        csv_values = python_values(csv_frame, column)
        parquet_values = python_values(parquet_frame, column)
        for index, (in_csv, in_parquet) in enumerate(zip(csv_values, parquet_values)):
            if in_csv != in_parquet or (in_csv is None) != (in_parquet is None):
                report.failures.append(
                    Failure("values", table.name,
                            f"{library}: CSV text {raw_csv_cell(table, index, column)!r} "
                            f"reads as {in_csv!r}, Parquet has {in_parquet!r}"
                            f"{key_of(table, csv_frame, index)}",
                            column=column, row=index + 2)
                )
                break  # the first difference per column is enough to locate it


def raw_csv_cell(table: Table, index: int, column: str) -> str | None:
    """The cell as written, to tell a writer bug from a reader's parsing."""
    with table.csv_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=table.delimiter, quotechar=table.quote_char)
        for row_index, row in enumerate(reader):
            if row_index == index:
                return row.get(column)
    return None


def key_of(table: Table, frame: Any, index: int) -> str:
    if not table.primary_key or not all(k in frame.columns for k in table.primary_key):
        return ""
    key = ", ".join(f"{k}={frame[k].to_list()[index]}" for k in table.primary_key)
    return f" ({key})"


def unparseable_cells(table: Table, limit: int = 5) -> list[Failure]:
    """Locate the cells that broke a typed CSV read; the library errors do not say."""
    parsers = {"integer": int, "number": float, "string": str,
               "boolean": lambda text: {"true": True, "false": False}[text]}
    failures = []
    with table.csv_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=table.delimiter, quotechar=table.quote_char)
        for row_number, row in enumerate(reader, start=2):
            for f in table.fields:
                text = row.get(f["name"])
                if text is None or text in table.missing_values:
                    continue
                try:
                    parsers[f["type"]](text)
                except (ValueError, KeyError):
                    failures.append(Failure("csv-read", table.name,
                                            f"{text!r} is not {article(f['type'])} {f['type']}",
                                            column=f["name"], row=row_number))
                    if len(failures) >= limit:
                        return failures
    return failures


def article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def first_line(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]


# --- 3. the partitioned layout --------------------------------------------------


def check_partitions(table: Table, report: Report) -> None:
    """Read NAME/shard=*/part-0.parquet with duckdb as one hive-partitioned table."""
    directory = table.parquet_path.with_suffix("")
    if not directory.is_dir() or not table.parquet_path.exists():
        return
    pattern = str(directory / "*" / "*.parquet")
    connection = duckdb.connect()
    try:
        # A view cannot take prepared parameters: the paths go in as literals.
        connection.execute(f"CREATE VIEW partitioned AS SELECT * FROM "
                           f"read_parquet({sql_string(pattern)}, hive_partitioning = true)")
        connection.execute(f"CREATE VIEW whole AS SELECT * FROM "
                           f"read_parquet({sql_string(str(table.parquet_path))})")
        partitioned = connection.execute("DESCRIBE partitioned").fetchall()
        whole = connection.execute("DESCRIBE whole").fetchall()
        columns = [(name, kind) for name, kind, *_ in partitioned]
        expected = [(name, kind) for name, kind, *_ in whole] + [("shard", "BIGINT")]
        if columns != expected:
            report.failures.append(Failure(
                "partitions", table.name,
                f"duckdb reads the partitions as {columns}, expected {expected}"))
            return
        differing = connection.execute(
            "SELECT count(*) FROM ((SELECT * EXCLUDE shard FROM partitioned EXCEPT ALL "
            "SELECT * FROM whole) UNION ALL (SELECT * FROM whole EXCEPT ALL "
            "SELECT * EXCLUDE shard FROM partitioned))").fetchone()[0]
        if differing:
            report.failures.append(Failure(
                "partitions", table.name,
                f"{differing} row(s) differ between {directory.name}/ and "
                f"{table.parquet_path.name}"))
    except duckdb.Error as error:
        report.failures.append(Failure(
            "partitions", table.name, f"duckdb cannot read {directory.name}/: {first_line(error)}"))
    finally:
        connection.close()


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# --- running -------------------------------------------------------------------


def check_dataset(dataset_dir: Path) -> Report:
    report = Report()
    started = time.perf_counter()
    tables = load_tables(dataset_dir, report)
    for table in tables:
        check_year_fields(table, report)
    check_frictionless(dataset_dir, report)
    report.seconds["frictionless"] = time.perf_counter() - started

    started = time.perf_counter()
    for table in tables:
        check_imports(table, report)
    report.seconds["imports"] = time.perf_counter() - started

    started = time.perf_counter()
    for table in tables:
        check_partitions(table, report)
    report.seconds["partitions"] = time.perf_counter() - started
    if (dataset_dir / "claims.csv").exists():
        check_claims(dataset_dir, report)
    return report


def check_claims(dataset_dir: Path, report: Report) -> None:
    """The claims table against the figures it groups (read as text, so
    the numbers compare as the CSV writes them)."""
    def rows(name: str) -> list[dict[str, str]]:
        with (dataset_dir / f"{name}.csv").open(newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))

    def fail(message: str, row: int | None = None) -> None:
        report.failures.append(Failure("claims", "claims", message, row=row))

    figures = rows("figures")
    claim_of = {f["figure_id"]: f["claim_id"] for f in figures}
    members: dict[str, list[dict[str, str]]] = {}
    for figure in figures:
        if figure["claim_id"]:
            members.setdefault(figure["claim_id"], []).append(figure)
        if figure["repeats"] and claim_of.get(figure["repeats"]) != figure["claim_id"]:
            fail(f"figure {figure['figure_id']} repeats {figure['repeats']}, which is not in its claim")
    for row, claim in enumerate(rows("claims"), start=2):
        group = members.pop(claim["claim_id"], [])
        numbers = [float(f[c]) for f in group for c in ("value", "value_low", "value_high") if f[c]]
        expected = {
            "figure_ids": "|".join(f["figure_id"] for f in group),
            "figure_count": str(len(group)),
            "source_count": str(len({f["doc_id"] for f in group})),
        }
        for column, value in expected.items():
            if claim[column] != value:
                fail(f"{claim['claim_id']}: {column} is {claim[column]!r}, the figures give {value!r}", row)
        if numbers and (float(claim["low"]) != min(numbers) or float(claim["high"]) != max(numbers)):
            fail(f"{claim['claim_id']}: low/high {claim['low']}/{claim['high']}, the figures state {min(numbers)}/{max(numbers)}", row)
        units = {f["unit"] for f in group}
        if units - {claim["unit"]}:
            fail(f"{claim['claim_id']} ({claim['unit']}) holds figures in {sorted(units)}", row)
    for claim_id in members:
        fail(f"figures refer to claim {claim_id}, which the claims table does not hold")


def print_report(dataset_dir: Path, report: Report) -> None:
    timing = ", ".join(f"{step} {seconds:.2f} s" for step, seconds in report.seconds.items())
    if report.ok:
        tables = ", ".join(f"{name} {rows}" for name, rows in report.row_counts.items())
        print(f"OK {dataset_dir}: frictionless valid; CSV = Parquet in pandas {pd.__version__} "
              f"and polars {pl.__version__}; partitions = table in duckdb {duckdb.__version__}")
        print(f"   rows: {tables}; {timing}")
        return
    print(f"FAIL {dataset_dir}: {len(report.failures)} problem(s); {timing}", file=sys.stderr)
    shown: dict[str, int] = {}
    for failure in report.failures:
        shown[failure.kind] = shown.get(failure.kind, 0) + 1
        if shown[failure.kind] <= MAX_FAILURES_SHOWN_PER_KIND:
            print(f"  {failure}", file=sys.stderr)
    for kind, count in shown.items():
        if count > MAX_FAILURES_SHOWN_PER_KIND:
            print(f"  ... and {count - MAX_FAILURES_SHOWN_PER_KIND} more [{kind}]",
                  file=sys.stderr)


# --- self-test: each corruption must be caught ----------------------------------


def read_csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_csv_rows(path: Path, rows: list[list[str]]) -> None:
    # Python's minimal quoting with "\n" reproduces tally's CSV byte for byte,
    # so only the corrupted cell differs.
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def refresh_bytes_and_hash(dataset_dir: Path, table: Table) -> None:
    """Make bytes and hash match the edited CSV, so a corruption is caught by the
    check aimed at it and not merely by the stale hash."""
    descriptor_path = dataset_dir / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text("utf-8"))
    data = table.csv_path.read_bytes()
    for resource in descriptor["resources"]:
        if resource.get("name") != table.name:
            continue
        if "bytes" in resource:
            resource["bytes"] = len(data)
        if "hash" in resource:
            algorithm, _, _ = resource["hash"].rpartition(":")
            digest = hashlib.new(algorithm or "md5", data).hexdigest()
            resource["hash"] = f"{algorithm}:{digest}" if algorithm else digest
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
                               "utf-8")


def set_cell(table: Table, column: str, value: str) -> None:
    """Overwrite `column` in the first data row."""
    rows = read_csv_rows(table.csv_path)
    rows[1][rows[0].index(column)] = value
    write_csv_rows(table.csv_path, rows)


def first_field(tables: list[Table], wanted: Callable[[dict], bool]) -> tuple[Table, str]:
    for table in tables:
        for f in table.fields:
            if wanted(f):
                return table, f["name"]
    raise SystemExit("self-test: the package has no field to corrupt for this case")


def tables_in(dataset_dir: Path) -> list[Table]:
    return load_tables(dataset_dir, Report())


def foreign_key_source(dataset_dir: Path) -> tuple[Table, str, str]:
    """The first single-field foreign key: (referencing table, its column, target table)."""
    descriptor = json.loads((dataset_dir / "datapackage.json").read_text("utf-8"))
    tables = {t.name: t for t in tables_in(dataset_dir)}
    for resource in descriptor["resources"]:
        for key in resource.get("schema", {}).get("foreignKeys", []):
            fields = key["fields"]
            fields = [fields] if isinstance(fields, str) else fields
            if len(fields) == 1 and resource["name"] in tables:
                return tables[resource["name"]], fields[0], key["reference"]["resource"]
    raise SystemExit("self-test: the package has no foreign key to break")


def corrupt_enum(dataset_dir: Path) -> str:
    table, column = first_field(tables_in(dataset_dir),
                                lambda f: "enum" in f.get("constraints", {}))
    set_cell(table, column, "not-in-the-enum")
    refresh_bytes_and_hash(dataset_dir, table)
    return f"{table.name}.{column} = 'not-in-the-enum'"


def corrupt_foreign_key(dataset_dir: Path) -> str:
    table, column, target = foreign_key_source(dataset_dir)
    set_cell(table, column, f"no-such-{target}")
    refresh_bytes_and_hash(dataset_dir, table)
    return f"{table.name}.{column} = 'no-such-{target}' (no row in {target})"


def miscount_a_claim(dataset_dir: Path) -> str:
    table = next(t for t in tables_in(dataset_dir) if t.name == "claims")
    count = read_csv_rows(table.csv_path)[1][table.columns.index("figure_count")]
    set_cell(table, "figure_count", str(int(count) + 1))
    refresh_bytes_and_hash(dataset_dir, table)
    return f"claims.figure_count = {int(count) + 1} in the first row"


def corrupt_integer_with_float(dataset_dir: Path) -> str:
    table, column = first_field(tables_in(dataset_dir), lambda f: f["type"] == "integer")
    set_cell(table, column, "12.5")
    refresh_bytes_and_hash(dataset_dir, table)
    return f"{table.name}.{column} = '12.5'"


def drop_csv_row(dataset_dir: Path) -> str:
    # Drop from a referencing table: nothing points at its rows, so only the
    # CSV = Parquet comparison can notice.
    table, _, _ = foreign_key_source(dataset_dir)
    rows = read_csv_rows(table.csv_path)
    write_csv_rows(table.csv_path, rows[:-1])
    refresh_bytes_and_hash(dataset_dir, table)
    return f"last row of {table.name}.csv dropped"


def parquet_integer_as_float(dataset_dir: Path) -> str:
    # The classic regression: a nullable integer column written as float64.
    tables = tables_in(dataset_dir)
    try:
        table, column = first_field(
            tables, lambda f: f["type"] == "integer"
            and not f.get("constraints", {}).get("required"))
    except SystemExit:
        table, column = first_field(tables, lambda f: f["type"] == "integer")
    parquet = pq.read_table(table.parquet_path)
    index = parquet.schema.get_field_index(column)
    parquet = parquet.set_column(index, column, parquet.column(column).cast(pa.float64()))
    pq.write_table(parquet, table.parquet_path)
    return f"{table.name}.parquet column {column} rewritten as float64"


def drop_partition_row(dataset_dir: Path) -> str:
    # A shard whose partition lost a row: the single-file tables are intact,
    # so only the duckdb check over the partitioned layout can notice.
    for table in tables_in(dataset_dir):
        directory = table.parquet_path.with_suffix("")
        for partition in sorted(directory.glob("*/*.parquet")) if directory.is_dir() else []:
            rows = pq.read_table(partition)
            if rows.num_rows:
                pq.write_table(rows.slice(0, rows.num_rows - 1), partition)
                return f"last row of {partition.relative_to(dataset_dir)} dropped"
    raise SystemExit("self-test: the package has no partition with rows")


# (name, corruption, the failure kind that must appear)
CORRUPTIONS: list[tuple[str, Callable[[Path], str], str]] = [
    ("value outside an enum", corrupt_enum, "frictionless/constraint-error"),
    ("dangling foreign key", corrupt_foreign_key, "frictionless/foreign-key"),
    ("float in an integer column", corrupt_integer_with_float, "frictionless/type-error"),
    ("CSV row dropped", drop_csv_row, "row-count"),
    ("Parquet integer stored as float", parquet_integer_as_float, "parquet-type"),
    ("partition row dropped", drop_partition_row, "partitions"),
    ("claim miscounted", miscount_a_claim, "claims"),
]


def self_test(dataset_dir: Path) -> bool:
    passed = True
    with tempfile.TemporaryDirectory(prefix="tally-self-test-") as scratch:
        clean_copy = Path(scratch) / "clean"
        shutil.copytree(dataset_dir, clean_copy)
        report = check_dataset(clean_copy)
        already_failing = report.kinds()
        if report.ok:
            print("ok   uncorrupted copy passes")
        else:
            passed = False
            print("FAIL uncorrupted copy does not pass:", flush=True)
            print_report(clean_copy, report)
            sys.stderr.flush()

        for index, (name, corrupt, expected_kind) in enumerate(CORRUPTIONS):
            copy = Path(scratch) / f"case-{index}"
            shutil.copytree(dataset_dir, copy)
            what = corrupt(copy)
            report = check_dataset(copy)
            # Caught means the check aimed at this corruption fired, and it did
            # not fire already on the uncorrupted copy.
            caught = expected_kind in report.kinds() - already_failing
            passed &= caught
            found = ", ".join(sorted(report.kinds())) or "nothing"
            print(f"{'ok  ' if caught else 'FAIL'} {name} ({what}): "
                  f"{'caught' if caught else 'NOT caught'}, expected {expected_kind}, "
                  f"found {found}")
            if caught:
                example = next(f for f in report.failures if f.kind == expected_kind)
                print(f"       e.g. {example}")
    return passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset_dir", type=Path, metavar="DIR",
                        help="directory holding datapackage.json, NAME.csv and NAME.parquet")
    parser.add_argument("--self-test", action="store_true",
                        help="check that corrupted copies of DIR fail (DIR is not modified)")
    args = parser.parse_args()

    dataset_dir = args.dataset_dir.resolve()
    if not (dataset_dir / "datapackage.json").is_file():
        print(f"FAIL {dataset_dir}: no datapackage.json there", file=sys.stderr)
        return 2
    if args.self_test:
        return 0 if self_test(dataset_dir) else 1
    report = check_dataset(dataset_dir)
    print_report(dataset_dir, report)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
