# Every target sets itself up: a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KBPILOT := $(BIN)/kbpilot
BENCH_SIZES ?= 1000,10000
CODE := $(wildcard src tests bench)

.PHONY: run test check lint format bench corpus clean help

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed-run

# run, bench and test byte-compile kbpilot's modules, as a regular install has them: an editable
# install under PYTHONDONTWRITEBYTECODE=1 would otherwise compile them again at every start (the
# suite starts a kbpilot process in most of its TUI and CLI tests).
run: $(VENV)/.installed-run ## install, build the index, open the TUI on the bundled KB against the sandbox
	$(BIN)/python -m compileall -q src
	$(KBPILOT) --kb . index
	$(KBPILOT) --kb . --sandbox

test: $(VENV)/.installed-test ## install with test extras, lint, type-check, run the whole suite
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy
	$(BIN)/python -m compileall -q src
	$(BIN)/pytest

check: test ## alias of test: format check, lint, types and the suite

format: $(VENV)/.installed-test ## rewrite the code in the project's format
	$(BIN)/ruff format $(CODE)
	$(BIN)/ruff check --fix $(CODE)

bench: $(VENV)/.installed-test ## kbpilot's search against SQLite FTS5 and plain whoosh on 1k and 10k realistic articles (CORPUS=DIR: your KB)
	$(BIN)/python -m compileall -q src
	$(BIN)/python bench/run.py $(if $(CORPUS),--corpus $(CORPUS),--sizes $(BENCH_SIZES)) --work .bench

SHARED_CORPUS ?= ../shared/corpus

corpus: $(VENV)/.installed-run ## score how kbpilot reads the real articles in ../shared/corpus
	@if [ -f "$(SHARED_CORPUS)/score.py" ]; then \
		$(BIN)/python "$(SHARED_CORPUS)/score.py" --cmd "$(KBPILOT) preview {file} --json"; \
	else \
		echo "no corpus at $(SHARED_CORPUS) (set SHARED_CORPUS=DIR): nothing to score"; \
	fi

lint: $(VENV)/.installed-run ## lint the bundled KB's articles, as a KB's CI would (kbpilot lint --strict)
	$(KBPILOT) --kb . lint --strict

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis kb/.index
	find src tests bench -name __pycache__ -type d -prune -exec rm -rf {} +
