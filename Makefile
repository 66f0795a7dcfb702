# pbl-author: the two commands a fresh clone needs.
#   make studio  - create .venv, install, open JupyterLab on the sample units
#   make test    - create .venv, install with test extras, lint and run the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: studio test lint golden schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml src/pbl_author/labextension/package.json
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): $(BIN)/python pyproject.toml src/pbl_author/labextension/package.json
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP) $@

# STUDIO_ARGS: a folder and options, e.g. `make studio STUDIO_ARGS="my-units --app"`
studio: $(STAMP)
	$(BIN)/pbl-author studio $(STUDIO_ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

test: $(TEST_STAMP) lint
	$(BIN)/python -m pytest

golden: $(TEST_STAMP)
	PBL_REGEN_GOLDEN=1 $(BIN)/python -m pytest -q tests/test_versions.py tests/formats/test_golden_exports.py \
		tests/review/test_diff.py tests/review/test_report.py

schema: $(STAMP)
	$(BIN)/python -m pbl_author.schemas --write

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .hypothesis
