# specc — the two commands a fresh clone needs are `make compile` and `make test`.
# Every target bootstraps the virtual environment in .venv on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SPEC ?= specs/helpdesk/spec.md
OUT ?= examples/$(notdir $(patsubst %/,%,$(dir $(SPEC))))

.PHONY: compile examples test test-long test-all lint format bench golden fuzz evolve-walk clean

$(BIN)/specc: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

compile: $(BIN)/specc
	$(BIN)/specc compile $(SPEC) -o $(OUT)

examples: $(BIN)/specc
	for spec in specs/*/spec.md; do \
		$(BIN)/specc compile $$spec -o examples/$$(basename $$(dirname $$spec)) || exit 1; \
	done

# The suite runs on every core (pytest-xdist); each module of tests/integration stays on
# one worker (it shares a served app, PostgreSQL or Chromium); apt-get installs take a lock.
# `make test` leaves the rest of a few matrices to `make test-long` (the cases listed in
# tests/support/long_runs.py: other examples of checks it runs on one); `make test-all` runs both.
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
test: $(BIN)/specc
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadgroup -m "not long"

test-long: $(BIN)/specc
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadgroup -m long

test-all: $(BIN)/specc
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadgroup

lint: $(BIN)/specc
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/specc
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(BIN)/specc
	$(BIN)/python bench/frontend.py
	$(BIN)/python bench/compile.py
	$(BIN)/python bench/queries.py
	$(BIN)/python bench/app_throughput.py
	$(BIN)/python bench/rules_overhead.py
	$(BIN)/python bench/race_safety.py
	$(BIN)/python bench/recompile.py

# Random valid specs through the whole compiler and its gate (tests/specgen); not part of `make test`.
N ?= 200
SEED ?= 0
JOBS ?= 2
TIMEOUT ?= 300
SHRINK ?= 300
AVOID ?=
# A long random walk of spec edits on a populated SQLite database (tests/evolve/walking.py):
# every step recompiled and migrated, every 10th through the gate.
WALK_STEPS ?= 50
WALK_SEEDS ?= 2
evolve-walk: $(BIN)/specc
	EVOLVE_WALK_STEPS=$(WALK_STEPS) EVOLVE_WALK_SEEDS=$(WALK_SEEDS) EVOLVE_WALK_GATE_EVERY=10 \
		$(BIN)/python -m pytest tests/evolve/test_walk.py -q -s

fuzz: $(BIN)/specc
	$(BIN)/python -m tests.specgen.fuzz --n $(N) --seed $(SEED) --jobs $(JOBS) \
		--timeout $(TIMEOUT) --shrink-budget $(SHRINK) --avoid "$(AVOID)"

golden: $(BIN)/specc
	$(BIN)/python -m pytest tests/test_golden_ir.py --update-golden

clean:
	rm -rf build .pytest_cache
