# policygen: `make demo` builds the example organisations, `make test` runs the test suite.
# Each target creates .venv when it is missing and installs what it needs.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) -e '.[test,dev]'
	@touch $@

demo: $(VENV)/.installed
	$(BIN)/policygen demo
	@echo "Open output/koffiebranderij-peeze/protocol.docx (Dutch) or output/northwind-advisory-ltd/protocol.docx (English)."

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check policygen tests scripts bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py
