# Palabre — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= ../shared/data/polis/scoop-hivemind.affordable-housing
API_PORT ?= 8000
WEB_PORT ?= 8080
DB_PORT ?= 5055
export API_PORT WEB_PORT DB_PORT

.PHONY: run test bench bench-summaries install frontend chromium unit-test e2e clean package security

$(BIN)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

install: $(BIN)/.installed

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(shell find frontend/src frontend/public frontend/index.html frontend/vite.config.ts -type f 2>/dev/null)
	cd frontend && npm run build --silent

frontend: frontend/dist/index.html

# Browser tests drive Debian's chromium (never a downloaded browser).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

run: install frontend
	$(BIN)/palabre run --data "$(DATA)" --api-port $(API_PORT) --web-port $(WEB_PORT) --db-port $(DB_PORT)

unit-test: install frontend
	cd frontend && npm test --silent

# Everything deployable in build/deploy/ (docs/deploy.md): SAM template, Lambda zip, built front end; linted.
package: install frontend
	$(BIN)/python infrastructure/package.py build/deploy
	rm -rf build/deploy/frontend && cp -R frontend/dist build/deploy/frontend && rm -f build/deploy/frontend/config.json
	$(BIN)/cfn-lint build/deploy/sam.yaml

test: install frontend chromium package
	cd frontend && npm test --silent
	PALABRE_PACKAGED_DIR=build/deploy $(BIN)/python -m pytest -q -p no:cacheprovider

# Authorization matrix, token attacks, XSS corpus in Chromium, API fuzzing, fault injection (tests/security); the
# last line is `routes=R cases=C failures=F`. FUZZ_EXAMPLES=n changes the examples per fuzzed operation.
security: install frontend chromium
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/security

bench: install frontend
	$(BIN)/palabre bench routes --out docs/benchmarks.md
	$(BIN)/palabre bench votes --out docs/benchmarks.md
	$(BIN)/python scripts/cost_model.py

# The summarizer on resampled real debates of 10,000 and 100,000 posts, full and incremental runs (about 20 minutes:
# most of it waiting for the embedded DynamoDB); the 1,000,000-participant stance state is
# scripts/bench_summary_state.py.
bench-summaries: install
	$(BIN)/python scripts/bench_summaries.py --posts 10000 100000 --out docs/benchmarks.md

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist .local build
