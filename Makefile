# telnyx-codegen: `make install generate` sets up and regenerates generated/; `make test` runs everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
FULL_SPEC ?= ../shared/specs/telnyx/spec3.yml
SPEC ?= https://raw.githubusercontent.com/team-telnyx/openapi/master/openapi/spec3.yml
OUT  ?= out/telnyx

.PHONY: install generate test lint unit regenerate bench clean

install: $(STAMP) $(NODE_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Prism (the mock server of the contract tests), pinned by package.json and package-lock.json;
# reinstalled only when node_modules is missing or the lock file changed.
$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# The embedded specs -> generated/ (committed; a test fails when it drifts).
generate: install
	$(BIN)/telnyx-codegen generate --spec specs/telnyx-sip-integrations.yaml --out generated/telnyx-sip-integrations --package telnyx_sip
	$(BIN)/telnyx-codegen generate --spec specs/edge-cases.yaml --out generated/edge-cases --package edge_cases

lint: install
	$(BIN)/ruff check generator tests
	$(BIN)/mypy --strict generator

unit: install
	$(BIN)/pytest -n 2 -q

# The whole suite: lint, type checks, unit, golden, behaviour and full-spec tests.
test: lint unit

# Regenerate a client from any spec (URL or path) into OUT, and write the API changelog
# (breaking / non-breaking, suggested version bump) to OUT.CHANGELOG.md: against the spec of
# the previous run, kept as OUT.spec.json, or against OLD=PATH_OR_URL when given.
regenerate: install
	$(BIN)/telnyx-codegen generate --spec $(SPEC) --out $(OUT) --report $(OUT).report.json
	$(BIN)/telnyx-codegen diff $(or $(OLD),$(OUT).spec.json) $(SPEC) $(if $(OLD),,--allow-missing-old) \
		--output $(OUT).CHANGELOG.md --save-new $(OUT).spec.json

# Benchmarks vs openapi-python-client, datamodel-code-generator and the official telnyx SDK
# (not part of `make test`): installs them into a venv under BENCH_CACHE, reads FULL_SPEC at run
# time, writes bench/RESULTS.md and bench/results.json. BENCH_RUNS=N rounds (default 5), ~30 min.
BENCH_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/telnyx-codegen-bench
bench: install
	BENCH_RUNS=$(BENCH_RUNS) $(BIN)/python bench/run.py --spec $(FULL_SPEC) --cache-dir $(BENCH_CACHE)

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
