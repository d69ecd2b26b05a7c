# Jobsprint's front door. `make up` starts the suite as local processes; `make test` tests it.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
RUN := $(UV) run --frozen
DEVCTL := $(RUN) python tools/devctl.py
instance ?= dev
PROTO_FILES := $(shell find proto -name '*.proto')

.PHONY: help install up down status logs proto proto-check lint test test-unit test-integration test-e2e security bench bench-expressions bench-n8n \
	check-deploy compose-up compose-down

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

install: ## install uv if missing and sync the workspace (one lock file)
	@command -v uv >/dev/null 2>&1 || [ -x $(HOME)/.local/bin/uv ] || python3 -m pip install --quiet --user uv || curl -LsSf https://astral.sh/uv/install.sh | sh
	@$(UV) sync --frozen --quiet --compile-bytecode

up: install ## bootstrap, migrate and start every service and a worker under supervisord
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

lint: install ## ruff, and mypy on the shared library, every service and the console
	@$(RUN) ruff check .
	@$(RUN) ruff format --check .
	@$(RUN) mypy libs/common/src $(wildcard services/*/src) $(wildcard apps/*/src)

test: install proto-check lint check-deploy ## everything: deploy checks, unit, integration and e2e (starts what it needs)
	@$(MAKE) --no-print-directory test-unit test-integration test-e2e

test-unit: install ## unit tests only (no I/O)
	@$(RUN) pytest libs/common/tests/unit services/*/tests/unit apps/*/tests/unit tests/tools -q

test-integration: install ## services against real Postgres, Redis and RabbitMQ
	@$(DEVCTL) ensure-infra
	@$(RUN) pytest libs/common/tests/integration services/*/tests/integration -q

test-e2e: install ## the whole suite as processes, driven over HTTP
	@$(DEVCTL) ensure-infra
	@$(RUN) pytest tests/e2e -q

security: install ## the attack suite: every test marked `security`, in every tier (starts what it needs)
	@$(DEVCTL) ensure-infra
	@$(RUN) pytest -m security libs/common/tests services/*/tests tests/e2e -q

check-deploy: install ## offline: Helm chart, compose config, hadolint, settings vs env, alert rules (promtool) and dashboard
	@$(RUN) python tools/check_deploy.py
	@$(RUN) pytest tests/deploy -q

compose-up: ## the suite in containers (docker compose; needs .env, see .env.example)
	@test -f .env || { echo "no .env: cp .env.example .env and fill in every REQUIRED value"; exit 1; }
	@docker compose up -d --build $(if $(profiles),$(foreach p,$(profiles),--profile $(p)))
	@docker compose ps

compose-down: ## stop the compose stack (volumes kept; `docker compose down -v` deletes the data)
	@docker compose --profile observability --profile pgbouncer down

bench: install ## benchmarks that print figures
	@$(RUN) python tools/bench.py

bench-expressions: install ## microseconds per expression render, in process and in the sandbox
	@$(RUN) python tools/bench.py expressions

bench-n8n: install ## the same workflows on n8n and on jobsprint, side by side (installs n8n with npm once)
	@$(RUN) python tools/bench_n8n.py
