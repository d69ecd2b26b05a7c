# Jobsprint's front door. `make up` starts the suite as local processes; `make test` tests it.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
RUN := $(UV) run --frozen
DEVCTL := $(RUN) python tools/devctl.py
instance ?= dev
PROTO_FILES := $(shell find proto -name '*.proto')
NPM ?= npm
WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/index.html web/vite.config.ts web/package.json web/package-lock.json
CHROMIUM ?= /usr/bin/chromium

.PHONY: help install up down status logs proto proto-check lint test test-unit test-integration test-e2e test-chaos chaos security screenshots bench bench-expressions bench-n8n \
	check-deploy compose-up compose-down web web-client web-check web-lint web-test chromium-check

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

install: ## install uv if missing and sync the workspace (one lock file)
	@command -v uv >/dev/null 2>&1 || [ -x $(HOME)/.local/bin/uv ] || python3 -m pip install --quiet --user uv || curl -LsSf https://astral.sh/uv/install.sh | sh
	@$(UV) sync --frozen --quiet --compile-bytecode

up: install web/dist/index.html ## build Studio when missing; bootstrap, migrate and start every service and a worker
	@$(DEVCTL) up --instance $(instance)

down: ## stop everything `make up` started
	@$(DEVCTL) down --instance $(instance)

status: ## show each process of the suite
	@$(DEVCTL) status --instance $(instance)

logs: ## follow the logs of every process (service=<name> for one)
	@$(DEVCTL) logs --instance $(instance) $(if $(service),--service $(service))

proto: install ## regenerate libs/api from proto/
	@rm -rf libs/api/src/jobsprint/api
	@$(RUN) python -m grpc_tools.protoc -Iproto --python_out=libs/api/src --pyi_out=libs/api/src \
		--grpc_python_out=libs/api/src $(PROTO_FILES)
	@find libs/api/src/jobsprint/api -type d -exec touch {}/__init__.py \;

proto-check: proto ## fail when the committed generated code is stale
	@git diff --exit-code --stat -- libs/api || { echo "generated code in libs/api is stale: run 'make proto' and commit"; exit 1; }
	@test -z "$$(git status --porcelain -- libs/api)" || { git status --porcelain -- libs/api; echo "untracked generated files: run 'make proto' and commit"; exit 1; }

lint: install web-lint ## ruff, mypy on the shared library, every service, the console and every test tree, the docs check; Studio's eslint and tsc
	@$(RUN) ruff check .
	@$(RUN) ruff format --check .
	@$(RUN) mypy libs/common/src $(wildcard services/*/src) $(wildcard apps/*/src) libs/common/tests $(wildcard services/*/tests) $(wildcard apps/*/tests) tests conftest.py
	@$(RUN) python tools/check_docs.py

test: install proto-check web-check lint check-deploy ## everything: deploy checks, unit, integration and e2e with the browser journeys (starts what it needs)
	@$(MAKE) --no-print-directory test-unit test-integration test-e2e test-chaos

web/node_modules/.package-lock.json: web/package-lock.json
	@command -v $(NPM) >/dev/null || { echo "npm is missing: install Node.js 20 and npm (Debian: apt-get install -y nodejs npm)"; exit 1; }
	@cd web && $(NPM) ci --no-audit --no-fund --loglevel=error

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	@cd web && $(NPM) run --silent build -- --logLevel warn

web: web/dist/index.html ## build Studio (web/) into web/dist when its sources changed (npm ci first when needed)

web-client: install web/node_modules/.package-lock.json ## regenerate Studio's typed API client from the gateway's OpenAPI document
	@$(RUN) python tools/openapi_dump.py web/src/lib/openapi.json
	@cd web && node scripts/gen-api.mjs src/lib/openapi.json src/lib/api-schema.ts

web-check: web-client ## fail when Studio's generated API client is stale
	@git diff --exit-code --stat -- web/src/lib/openapi.json web/src/lib/api-schema.ts || { echo "Studio's API client is stale: run 'make web-client' and commit"; exit 1; }

web-lint: web/node_modules/.package-lock.json ## Studio: type check (tsc) and eslint
	@cd web && npx --no-install tsc -p tsconfig.json && npx --no-install eslint . --max-warnings 0

web-test: web/node_modules/.package-lock.json ## Studio's unit tests (vitest)
	@cd web && npx --no-install vitest run --reporter=dot

chromium-check: ## Debian's Chromium for the browser tests and Studio's bench, installed when missing (Playwright's own browser download is not used)
	@test -x $(CHROMIUM) || { echo "installing Debian's Chromium at $(CHROMIUM) (apt-get)"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || true
	@test -x $(CHROMIUM) || { echo "the browser tests need Debian's Chromium at $(CHROMIUM): apt-get install -y chromium"; exit 1; }

test-unit: install web-test ## unit tests only (no I/O), Studio's included
	@$(RUN) pytest libs/common/tests/unit services/*/tests/unit apps/*/tests/unit tests/tools -q

test-integration: install ## services against real Postgres, Redis and RabbitMQ
	@$(DEVCTL) ensure-infra
	@$(RUN) pytest libs/common/tests/integration services/*/tests/integration apps/*/tests/integration -q

test-e2e: install web/dist/index.html chromium-check ## the whole suite as processes, driven over HTTP and through Studio in Chromium
	@$(DEVCTL) ensure-infra
	@$(RUN) pytest tests/e2e -q

test-chaos: install ## the chaos suite's short form: broker, database and cache outages under load, on servers of its own (root)
	@$(RUN) pytest tests/chaos -m chaos_short -q

chaos: install ## the chaos suite's long form (tens of minutes): every fault of issue 18 under load; writes docs/reliability.md
	@JOBSPRINT_CHAOS_FORM=long JOBSPRINT_CHAOS_WRITE_DOC=1 $(RUN) pytest tests/chaos -m chaos -q -s

security: install ## the attack suite: every test marked `security`, in every tier (starts what it needs)
	@$(DEVCTL) ensure-infra
	@$(RUN) pytest -m security libs/common/tests services/*/tests tests/e2e -q

screenshots: install ## retake the docs' pictures of Studio and the TUI (docs/images) from the tests that show them
	@$(DEVCTL) ensure-infra
	@JOBSPRINT_SCREENSHOTS=$(CURDIR)/docs/images $(RUN) pytest tests/e2e/browser tests/e2e/test_console_tui.py -q

check-deploy: install ## offline: Helm chart, compose config, hadolint, settings vs env, alert rules (promtool) and dashboard
	@$(RUN) python tools/check_deploy.py
	@$(RUN) pytest tests/deploy -q

compose-up: ## the suite in containers (docker compose; needs .env, see .env.example)
	@test -f .env || { echo "no .env: cp .env.example .env and fill in every REQUIRED value"; exit 1; }
	@docker compose up -d --build $(if $(profiles),$(foreach p,$(profiles),--profile $(p)))
	@docker compose ps

compose-down: ## stop the compose stack (volumes kept; `docker compose down -v` deletes the data)
	@docker compose --profile observability --profile pgbouncer down

bench: install web/dist/index.html chromium-check ## benchmarks that print figures
	@$(RUN) python tools/bench.py

bench-expressions: install ## microseconds per expression render, in process and in the sandbox
	@$(RUN) python tools/bench.py expressions

bench-n8n: install ## the same workflows on n8n and on jobsprint, side by side (installs n8n with npm once)
	@$(RUN) python tools/bench_n8n.py
