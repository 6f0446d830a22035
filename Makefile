# policy-chat — `make run` starts the assistant, `make test` checks everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False
export HF_HUB_OFFLINE := 1

.DEFAULT_GOAL := test
.PHONY: run test lint format unit browser-deps eval screenshot bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first and pinned: an unpinned torch pulls a multi-GB CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

## Build .venv, ingest the bundled announcement, start the web chat on http://127.0.0.1:7860
run: $(STAMP)
	$(BIN)/policy-chat ingest
	$(BIN)/policy-chat serve

## Lint, then the whole test suite (fast, real-model, browser) and the eval gate; the 15 slowest
## tests are listed so that the run's time (kept under 20 minutes) can be watched
test: $(STAMP) browser-deps lint
	$(BIN)/python -m pytest -q -p no:cacheprovider --durations=15

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

unit: $(STAMP)
	$(BIN)/python -m pytest -q -m "not real_model and not browser"

browser-deps:
	@command -v chromium >/dev/null && fc-list | grep -qi "noto sans cjk" || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null)

eval: $(STAMP)
	$(BIN)/policy-chat eval --report reports/eval

## Measure speed (not a test; see docs/performance.md)
bench: $(STAMP)
	$(BIN)/policy-chat bench --out reports/bench

clean:
	rm -rf .policy-chat reports .pytest_cache

## Regenerate docs/chat.png (desktop) and docs/chat-phone.png (390×844) from the browser tests
screenshot: $(STAMP) browser-deps
	POLICY_CHAT_SCREENSHOT_DIR=$(CURDIR)/docs $(BIN)/python -m pytest -q -p no:cacheprovider \
	  tests/test_web_browser.py -k "old_marker or phone"
