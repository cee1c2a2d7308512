# Everything runs from a virtualenv this Makefile builds on first use from requirements.lock.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
# sha256sum (coreutils) instead of starting Python on every make: a no-op `make generate` must stay well under 0.3 s.
STAMP  := $(VENV)/.installed-$(shell (sha256sum requirements.lock 2>/dev/null || $(PYTHON) -c "import hashlib;print(hashlib.sha256(open('requirements.lock','rb').read()).hexdigest())") | cut -c1-12)
PYTEST := $(PY) -m pytest -p no:cacheprovider

.PHONY: help install generate check test test-fast lint typecheck bench bench-redis corpus coverage review drift dist publish mock mutate clean lock

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)  ## build .venv from requirements.lock

# The toolkit's own bytecode, as pip writes it for any installed package: an editable install gets none, and
# with PYTHONDONTWRITEBYTECODE set every run recompiled ~20 modules (about 40 ms of a small spec's generation).
# make decides from mtimes, so a no-op `make generate` starts no extra Python.
BYTECODE := .cache/bytecode.stamp
$(BYTECODE): $(STAMP) $(wildcard generator/*.py generator/*/*.py)
	$(PY) -m compileall -q generator
	@mkdir -p .cache && touch $(BYTECODE)

generate: $(STAMP) $(BYTECODE)  ## regenerate every package under generated/ from specs/
	$(PY) -m generator generate --all

check: $(STAMP)  ## fail if generated/ is not what the specs and templates give
	$(PY) -m generator check

test: $(STAMP)  ## the whole suite (what CI runs)
	$(PYTEST) -n 2 --dist loadgroup -q -rs tests

test-fast: $(STAMP)  ## quick inner loop: everything but the slow tiers (corpus, typed, e2e)
	$(PYTEST) -n 2 -q -m "not slow" tests

lint: $(STAMP)  ## ruff and mypy on the toolkit, house rules on the specs
	$(PY) -m ruff check generator tests bench tools
	$(PY) -m mypy
	$(PY) -m generator lint

mutate: $(STAMP)  ## on demand, not CI: single-line bugs vs test-fast, caught/survived (tools/mutate.py -k ID)
	$(PY) tools/mutate.py $(if $(K),-k $(K))

typecheck: $(STAMP)  ## mypy --strict on every generated package
	$(PYTEST) -q tests/typed

bench: $(STAMP) $(BYTECODE)  ## ours vs openapi-python-client and raw httpx+pydantic, ratios side by side (BENCH_WRITE=1 writes bench/results.md)
	$(PY) bench/run.py $(if $(BENCH_WRITE),--write)

bench-redis: $(STAMP)  ## per-request overhead of Redis coordination vs in-process, side by side
	$(PY) bench/redis_overhead.py

corpus: $(STAMP)  ## generate + import + mypy --strict over ../shared/corpus, print the rate
	$(PYTEST) -n 2 -q -rs tests/corpus

coverage: $(STAMP)  ## recordings per operation and vendor
	$(PY) -m generator coverage

review: $(STAMP)  ## API changes of the working tree against the merge base with main
	$(PY) -m generator review

drift: $(STAMP)  ## our specs against the vendors' published OpenAPI files (../shared); x-deviation acknowledges
	@status=0; for spec in specs/*/openapi.yaml; do \
	  vendor=$$(basename $$(dirname $$spec)); \
	  $(PY) -m generator drift $$vendor --unacknowledged || status=1; \
	done; exit $$status

dist: $(STAMP)  ## wheel + sdist for every generated package into dist/
	$(PY) -m generator dist

publish: $(STAMP)  ## upload dist/ to INDEX_URL (INDEX_USER / INDEX_PASSWORD)
	$(PY) -m generator publish

mock: $(STAMP)  ## serve VENDOR's recordings: make mock VENDOR=gestix PORT=8080
	$(PY) -m generator mock $(VENDOR) --port $(or $(PORT),8080)

lock: ## re-resolve requirements.txt into requirements.lock
	$(PYTHON) -m venv /tmp/lock-venv && /tmp/lock-venv/bin/pip install -q -r requirements.txt && \
	  (echo "# Full pinned set resolved from requirements.txt (regenerate: make lock)."; /tmp/lock-venv/bin/pip freeze) > requirements.lock

clean:  ## remove the virtualenv and caches
	rm -rf $(VENV) .cache .mypy_cache .pytest_cache dist
