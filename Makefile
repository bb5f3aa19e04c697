# pcplan: `make demo` runs the main job on the example records; `make test` runs every check.
# Both create the virtual environment in .venv when it is missing or out of date.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TODAY  ?=
REPO   ?= .

.PHONY: demo test lint typecheck pytest schema bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	@$(BIN)/pcplan validate --repo $(REPO) $(if $(TODAY),--today $(TODAY))

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q

schema: $(STAMP)
	$(BIN)/pcplan schema -o pcplan-record.schema.json

bench: $(STAMP)
	$(BIN)/python benchmarks/validate_bench.py 1000

clean:
	rm -rf $(VENV) out build dist .pytest_cache .mypy_cache .ruff_cache
