# The two commands people type: `make run` and `make test`. Everything else is setup they trigger.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
# Only this machine can open the app by default; `make run ADDRESS=0.0.0.0` shares it on the network.
ADDRESS ?= 127.0.0.1
CHROMIUM ?= /usr/bin/chromium
PIP := $(BIN)/python -m pip install --disable-pip-version-check --progress-bar off

.PHONY: run serve test setup setup-dev browser haproxy node lint format validate bench clean
REPLICAS ?= 2

run: setup ## Start the dashboard on the bundled data at http://localhost:$(PORT)
	$(BIN)/conflict-map run --data geodata --port $(PORT) --address $(ADDRESS)

serve: setup haproxy ## Scale out: REPLICAS app processes behind HAProxy at http://localhost:$(PORT)
	$(BIN)/conflict-map serve --data geodata --replicas $(REPLICAS) --port $(PORT) --address $(ADDRESS)

test: setup-dev browser haproxy node_modules/.installed ## Lint, validate the data, run every test (unit, JS, AppTest, Chromium)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	npx --no-install eslint dashboard/static tests/js eslint.config.js
	node --test tests/js/
	$(BIN)/conflict-map validate --data geodata
	$(BIN)/python -m pytest

setup: $(VENV)/.runtime-installed
setup-dev: $(VENV)/.dev-installed

$(VENV)/.runtime-installed: requirements.txt constraints.txt pyproject.toml
	@echo "Setting up $(VENV) with the pinned packages (about half a minute the first time)..."
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt -c constraints.txt
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@

# ESLint for the map's browser code, pinned in package-lock.json (npm registry); Node runs the JS unit tests.
node_modules/.installed: package.json package-lock.json | node
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node: ## Debian's Node.js and npm, for the JS lint and unit tests
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; \
	  else echo "Node.js not found: run 'sudo apt-get install nodejs npm' (Debian)"; exit 1; fi; }

$(VENV)/.dev-installed: $(VENV)/.runtime-installed requirements-dev.txt
	$(PIP) -r requirements-dev.txt -c constraints.txt
	touch $@

browser: ## Debian's Chromium for the end-to-end tests (never a downloaded browser)
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Chromium not found at $(CHROMIUM): run 'sudo apt-get install chromium' (Debian) or set CHROMIUM=/path/to/chromium"; exit 1; fi; }

haproxy: ## Debian's HAProxy, for `make serve` and its test
	@command -v haproxy >/dev/null 2>&1 || test -x /usr/sbin/haproxy || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy; \
	  else echo "HAProxy not found: run 'sudo apt-get install haproxy' (Debian)"; exit 1; fi; }

lint: setup-dev node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	npx --no-install eslint dashboard/static tests/js eslint.config.js

format: setup-dev ## Apply the house formatting
	$(BIN)/ruff format .

validate: setup ## Check every dataset under geodata/
	$(BIN)/conflict-map validate

bench: setup-dev browser ## Speed figures: core, exports, server CPU per step, slider steps in Chromium, datasets
	$(BIN)/python scripts/bench_core.py
	$(BIN)/python scripts/bench_exports.py
	$(BIN)/python scripts/bench_server_cpu.py
	$(BIN)/python scripts/bench_scrub.py
	$(BIN)/python scripts/bench_datasets.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build node_modules *.egg-info
