# pcplan: `make demo` runs the main job on the example records; `make test` runs every check.
# Both create the virtual environment in .venv when it is missing or out of date.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TODAY  ?=
REPO   ?= .

.PHONY: demo test lint typecheck pytest schema bench clean browser-tools

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,pdf]'
	@touch $(STAMP)

demo: $(STAMP)
	@$(BIN)/pcplan validate --repo $(REPO) $(if $(TODAY),--today $(TODAY))
	@$(BIN)/pcplan review --term current --repo $(REPO) --format md $(if $(TODAY),--today $(TODAY)) >/dev/null
	@$(BIN)/pcplan review --term current --repo $(REPO) $(if $(TODAY),--today $(TODAY))
	@$(BIN)/pcplan render all --repo $(REPO) --format md $(if $(TODAY),--today $(TODAY)) >/dev/null
	@$(BIN)/pcplan render all --repo $(REPO) $(if $(TODAY),--today $(TODAY))

test: $(STAMP) browser-tools
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q

schema: $(STAMP)
	$(BIN)/pcplan schema -o pcplan-record.schema.json

# Speed figures (not a test), each as a ratio to a floor timed in the same run: 10,000
# records validated cold and warm, one record, log, --help, and render all of 1,000 records
# with nothing changed (the generated records are kept in the temporary folder); then
# import, check, the whole-school views and history (a record with 200 commits); and a Word
# document against the same document in HTML.
bench: $(STAMP)
	$(BIN)/python benchmarks/speed_bench.py
	$(BIN)/python benchmarks/word_bench.py
	$(BIN)/python benchmarks/import_bench.py 1000
	@tmp=$$(mktemp -d) && $(BIN)/python benchmarks/generate.py 1000 $$tmp >/dev/null \
	  && $(BIN)/python benchmarks/check_bench.py $$tmp \
	  && $(BIN)/python benchmarks/cohort_bench.py $$tmp; status=$$?; rm -rf $$tmp; exit $$status
	$(BIN)/python benchmarks/history_bench.py 200

# What the browser tests need (tests/render/test_browser.py): Chromium, pdfinfo, Java,
# LibreOffice Calc (spreadsheets opened as a school would: tests/cohort) and Writer (which
# prints the Word files: tests/render/test_word_libreoffice.py), the Pango library that
# WeasyPrint needs for PDF files (tests/render/test_pdf.py), and the npm packages of
# tools/browser (axe-core, playwright-core, the Nu HTML checker, and yaml-language-server,
# the editor checks of tests/editor).
# Installs only what is missing; without root or npm it says so and the tests skip.
BROWSER_TOOLS := tools/browser
browser-tools: $(BROWSER_TOOLS)/node_modules/.installed
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdfinfo >/dev/null || missing="$$missing poppler-utils"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	/sbin/ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 \
	  || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	test -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf \
	  || missing="$$missing fonts-liberation"; \
	test -f /usr/lib/libreoffice/program/pagein-calc || missing="$$missing libreoffice-calc-nogui"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "browser-tools: installing$$missing"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	        $$missing >/dev/null; } || echo "browser-tools: could not install$$missing"; \
	  else \
	    echo "browser-tools: install$$missing to run the browser tests"; \
	  fi; \
	fi

$(BROWSER_TOOLS)/node_modules/.installed: $(BROWSER_TOOLS)/package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --prefix $(BROWSER_TOOLS) --ignore-scripts --no-audit --no-fund --loglevel=error \
	    && touch $@; \
	else \
	  echo "browser-tools: install Node and npm to run the browser tests"; \
	fi

clean:
	rm -rf $(VENV) out build dist .pytest_cache .mypy_cache .ruff_cache
