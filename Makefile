# policygen: `make demo` builds the example organisations, `make test` runs the test suite.
# Each target creates .venv when it is missing and installs what it needs.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: demo test test-all test-others lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) -e .
	@touch $@

# The shipped library's compiled code, as an installed wheel carries it (hatch_build.py): a
# first build then compiles nothing from it. Cheap; redone whenever a clause or template changes.
policygen/precompiled/.stamp: $(VENV)/.installed $(wildcard clauses/*/*.md templates/* policygen/clauselib/*.py policygen/answers/*.py policygen/language/*.py)
	$(BIN)/python -m policygen.clauselib.precompile
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) -e '.[test,dev]'
	@touch $@

demo: $(VENV)/.installed policygen/precompiled/.stamp
	$(BIN)/policygen demo
	@echo "Open output/koffiebranderij-peeze/protocol.docx (Dutch) or output/northwind-advisory-ltd/protocol.docx (English)."

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# The suite on every supported Python: the default one (make test), then each of OTHER_PYTHONS
# in a venv of its own (.venv-3.12, ...). A Python that is not installed is skipped, said so.
OTHER_PYTHONS ?= 3.12 3.13
test-all: test test-others

test-others:
	@for v in $(OTHER_PYTHONS); do \
	  py=$$(ls -d $$HOME/.pyenv/versions/$$v*/bin/python$$v 2>/dev/null | tail -n 1); \
	  [ -n "$$py" ] || py=$$(command -v python$$v || true); \
	  if [ -z "$$py" ]; then echo "test-all: python$$v is not installed; skipped"; continue; fi; \
	  echo "test-all: Python $$v ($$py)"; \
	  [ -x .venv-$$v/bin/python ] || $$py -m venv .venv-$$v || exit 1; \
	  .venv-$$v/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]' || exit 1; \
	  .venv-$$v/bin/python -m pytest -q -p no:cacheprovider || exit 1; \
	done

lint: $(VENV)/.installed-test
	$(BIN)/ruff check policygen tests scripts bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .venv-3.* policygen/precompiled build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

bench: $(VENV)/.installed-test policygen/precompiled/.stamp
	$(BIN)/python bench/run.py
