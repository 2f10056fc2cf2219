# deckgen: `make example` builds the shipped example decks, `make test` runs the tests.
# Both install what is missing first (Debian packages and .venv), see scripts/setup.sh.
VENV ?= .venv
export VENV

.PHONY: setup example test lint bench template clean

setup:
	@bash scripts/setup.sh

example: setup
	$(VENV)/bin/deckgen build sessions/2026-06 --offline
	$(VENV)/bin/deckgen build sessions/2026-07 --offline
	$(VENV)/bin/deckgen build sessions/2026-12-single --offline

test: setup
	$(VENV)/bin/python -m pytest

lint: setup
	$(VENV)/bin/ruff check deckgen tests layouts bench

template: setup
	$(VENV)/bin/python layouts/make_default.py

bench: setup
	@bash scripts/setup.sh pandoc
	$(VENV)/bin/python bench/bench_build.py
	$(VENV)/bin/python bench/bench_pdf.py

clean:
	rm -rf sessions/*/build .pytest_cache
