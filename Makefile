# Two commands do everything: `make serve` (the guide) and `make test` (the suite).
# Both run the set-up first when it has not run yet or its inputs changed.
STAMP := .venv/.setup-done
NAV := .venv/bin/navigator
PATHWAYS ?= pathways

.PHONY: setup serve test lint validate build bench fuzz goldens codes clean

$(STAMP): pyproject.toml web/package.json web/package-lock.json scripts/setup.sh
	bash scripts/setup.sh
	touch $(STAMP)

setup: $(STAMP)

serve: $(STAMP)
	$(NAV) serve $(PATHWAYS)

# CI runs this: the linters first (a lint failure fails the run), then every test
test: lint
	.venv/bin/pytest -q

lint: $(STAMP)
	.venv/bin/ruff check navigator tests bench scripts
	.venv/bin/ruff format --check navigator tests bench scripts
	.venv/bin/mypy

validate: $(STAMP)
	$(NAV) validate --strict $(PATHWAYS)

build: $(STAMP)
	$(NAV) build $(PATHWAYS) --out build

bench: $(STAMP)
	.venv/bin/python bench/build.py

# The long fuzzing run (docs/security.md); FUZZ_CASES=… FUZZ_SEED=… to change it.
FUZZ_CASES ?= 10000
FUZZ_SEED ?= 11
fuzz: $(STAMP)
	.venv/bin/python bench/fuzz.py --cases $(FUZZ_CASES) --seed $(FUZZ_SEED)

# After an intended change to build, diagram or frozen-page output; then review git diff tests/golden
goldens: codes
	.venv/bin/python scripts/update_goldens.py

# After a change to navigator/core/codes.py: the schema enums, sh:in lists and SKOS concepts in ontology/
codes: $(STAMP)
	.venv/bin/python scripts/gen_codes.py

clean:
	rm -rf build .venv web/node_modules
