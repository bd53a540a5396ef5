# pgspec: `make generate` writes generated/ from spec/; `make test` runs every test on a live Postgres.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install generate check test golden postgres browser node bench bench-artifacts clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(BIN)/.installed

generate: install
	$(BIN)/pgspec generate

check: install
	$(BIN)/pgspec check

postgres:
	$(SUDO) scripts/install_postgres.sh

browser:
	$(SUDO) scripts/install_browser.sh

node: tests/typescript/node_modules/.package-lock.json

tests/typescript/node_modules/.package-lock.json: tests/typescript/package-lock.json
	cd tests/typescript && npm ci --no-audit --no-fund --loglevel=error

test: install postgres browser node
	$(BIN)/python -m pytest

golden: install
	$(BIN)/python -m pytest tests/test_golden.py --update-golden

bench: install postgres
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	$(BIN)/python benchmarks/bench_generate_drift.py
	$(BIN)/python benchmarks/bench_migrate.py

bench-artifacts: install
	$(BIN)/python benchmarks/bench_artifacts.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
