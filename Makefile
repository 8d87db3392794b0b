# Builds the dataset from raw/ and runs the tests.
#
#   make            same as `make dataset`
#   make dataset    raw/ -> extracted/ -> normalized/ -> output/ (the published dataset)
#   make test       cargo test (dev profile, the same build as the dataset), then
#                   the Python checks of a freshly published dataset:
#                   frictionless validation, pandas and polars imports
#                   (packages pinned in tests/python/requirements.txt)
#   make check      fail, naming tables and rows, if output/ is not what the
#                   current rules, review file and texts produce
#   make eval       score a no-review run, then output/, against ../shared/eval, if present
#   make clean      remove what the pipeline wrote
#   make bench      MB/s and peak memory per stage on a synthetic corpus (SIZE=100M)
#   make bench-rules  criterion benchmarks: the number grammar and the rule scan
#
# Every step is a file rule with its real prerequisites, so a second
# `make dataset` with nothing changed does no work (`make -n` prints nothing).

CARGO ?= cargo
PYTHON ?= python3

# One profile (dev) for the dataset, the tests and CI: Polars is compiled once.
# Honour CARGO_TARGET_DIR, as cargo does.
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
BIN := $(TARGET_DIR)/debug/tally

RAW_DIR := raw
EXTRACTED_DIR := extracted
NORMALIZED_DIR := normalized
OUT_DIR := output
EVAL_DIR ?= target/eval
CHECK_DIR ?= target/check
TEST_DATASET_DIR ?= target/test-dataset
# The Python test tools live in their own virtual environment, installed from
# the pinned requirements the first time and whenever they change.
VENV := target/python-venv
PY_REQUIREMENTS := tests/python/requirements.txt

SOURCES := $(shell find src -name '*.rs' 2>/dev/null) $(wildcard build.rs) Cargo.toml Cargo.lock
# Rules are embedded in the binary at compile time, so they are the binary's
# prerequisites, not the pipeline steps'.
RULES := $(shell find rules -type f 2>/dev/null)
TEXTS := $(wildcard $(RAW_DIR)/*.txt) $(RAW_DIR)/sources.csv
REVIEWS := $(wildcard review/*.csv)
# The review file may not exist yet; then normalize runs without one.
REVIEW_FILE := review/figures.csv
REVIEW_ARG := $(if $(wildcard $(REVIEW_FILE)),--review $(REVIEW_FILE),--no-review)

SCORER := ../shared/eval/score.py
GOLD := ../shared/eval/seeds-gold.csv

.DELETE_ON_ERROR:
.DEFAULT_GOAL := dataset
.PHONY: dataset test check eval clean

dataset: $(OUT_DIR)/datapackage.json

# cargo does not relink when nothing it tracks changed, so touch the binary to
# make it newer than its prerequisites; otherwise make would call cargo again
# on every run.
$(BIN): $(SOURCES) $(RULES)
	$(CARGO) build
	touch $@

# extract also writes $(EXTRACTED_DIR)/mentions.csv, documents.csv,
# sentences.csv, spans.csv and review.csv (the review file's decisions,
# anchored to the texts); extracted/README.md lists them.
$(EXTRACTED_DIR)/candidates.csv: $(BIN) $(TEXTS) $(REVIEWS)
	$(BIN) extract --raw $(RAW_DIR) --extracted $(EXTRACTED_DIR) $(REVIEW_ARG)

# normalize applies the review and writes a .parquet frame per table.
$(NORMALIZED_DIR)/figures.parquet: $(EXTRACTED_DIR)/candidates.csv $(BIN)
	$(BIN) normalize --extracted $(EXTRACTED_DIR) --normalized $(NORMALIZED_DIR)

# publish writes every table as CSV and Parquet, then datapackage.json.
$(OUT_DIR)/datapackage.json: $(NORMALIZED_DIR)/figures.parquet $(BIN)
	$(BIN) publish --normalized $(NORMALIZED_DIR) --out $(OUT_DIR)

# cargo test also builds $(BIN) (the integration tests run it), so the
# dataset the Python checks read comes from the code just tested.
test: $(VENV)/installed
	$(CARGO) test
	rm -rf $(TEST_DATASET_DIR)
	$(BIN) run --raw $(RAW_DIR) --out $(TEST_DATASET_DIR) $(REVIEW_ARG)
	$(VENV)/bin/python tests/python/check_dataset.py $(TEST_DATASET_DIR)
	$(VENV)/bin/python tests/python/check_dataset.py --self-test $(TEST_DATASET_DIR)

$(VENV)/installed: $(PY_REQUIREMENTS)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r $(PY_REQUIREMENTS)
	touch $@

# Rebuilds the dataset from scratch beside the committed one and compares them
# row by row (tally diff); the scheduled CI job runs this, so a published
# output/ always matches the rules, review file and texts of its commit.
check: $(BIN)
	rm -rf $(CHECK_DIR)
	$(BIN) run --raw $(RAW_DIR) --out $(CHECK_DIR) $(REVIEW_ARG)
	@$(BIN) diff $(OUT_DIR) $(CHECK_DIR) || { \
		echo "check: $(OUT_DIR)/ is not what the current rules, review file and texts produce;"; \
		echo "check: run 'make dataset' and commit $(OUT_DIR)/ (the rows above are what changes)"; \
		exit 1; }
	@echo "check: $(OUT_DIR)/ is up to date"

# Scores the extraction alone (no review file) against the gold seeds, then
# the published dataset (review applied). The scorer lives outside the
# repository; without it this only runs the pipeline.
eval: $(BIN) $(OUT_DIR)/datapackage.json
	rm -rf $(EVAL_DIR)
	$(BIN) run --raw $(RAW_DIR) --out $(EVAL_DIR) --no-review
	@if [ -f $(SCORER) ] && [ -f $(GOLD) ]; then \
		echo "== the rules alone (--no-review)"; \
		echo "$(PYTHON) $(SCORER) --gold $(GOLD) --corpus $(RAW_DIR) --figures $(EVAL_DIR)/figures.csv"; \
		$(PYTHON) $(SCORER) --gold $(GOLD) --corpus $(RAW_DIR) --figures $(EVAL_DIR)/figures.csv; \
		echo; echo "== the published dataset ($(OUT_DIR)/, review applied)"; \
		$(PYTHON) $(SCORER) --gold $(GOLD) --corpus $(RAW_DIR) --figures $(OUT_DIR)/figures.csv | tail -3; \
	else \
		echo "eval: scorer $(SCORER) is not there; skipping the score"; \
	fi

# Removes what the pipeline wrote, keeping extracted/README.md. It leaves
# target/ itself alone: rebuilding Polars takes minutes; `cargo clean` does that.
clean:
	rm -rf $(filter-out $(EXTRACTED_DIR)/README.md,$(wildcard $(EXTRACTED_DIR)/*)) $(NORMALIZED_DIR) $(OUT_DIR) $(EVAL_DIR)

# Throughput (MB/s per stage) and peak memory on a synthetic corpus of SIZE
# bytes (bench/corpus.py: the corpus's and the fixtures' paragraphs shuffled,
# numbers varied; default 100M, try 10M or 1G), kept in target/bench/SIZE.
# Figures, not pass/fail: speed and memory targets live here, never in a
# timed test. `make bench-rules` runs the criterion benchmarks of the number
# grammar and the rule scan (benches/rules.rs) with the same build.
.PHONY: bench bench-rules
bench: $(BIN)
	bench/run.sh $(BIN) $${SIZE:-100M}

# --profile dev: cargo bench would otherwise build Polars again, optimized.
bench-rules:
	$(CARGO) bench --profile dev --bench rules
