# syntax=docker/dockerfile:1
#
# Every Jobsprint image, one per service, from this one file. Build from the repository root (the
# context must hold uv.lock, libs/ and services/), naming the service:
#
#   docker build --build-arg SERVICE=auth -t jobsprint/auth .
#
#   SERVICE       serves                                      default command
#   gateway       HTTP 8080 (/v1, /healthz, /readyz, /metrics) python -m jobsprint.gateway
#   auth          gRPC 50051, /metrics 9102                    python -m jobsprint.auth
#   workflows     gRPC 50052, /metrics 9103                    python -m jobsprint.workflows
#   executor      gRPC 50053, /metrics 9104                    python -m jobsprint.executor
#   integrations  gRPC 50054, /metrics 9105                    python -m jobsprint.integrations
#
# The gRPC services also migrate their schema (`python -m jobsprint.<svc> migrate`); the executor
# image runs a worker with `python -m jobsprint.executor worker`. (`--target <svc>` builds the
# same image.) Configuration is environment variables only: each service's config.py and the
# JOBSPRINT_* shared settings; see .env.example and docker-compose.yml.
#
# Stages: `web` (Studio, built with Node; only the gateway's image uses it), `builder`
# (dependencies, then the code of the one service), `runtime` (what every image shares), then one
# small stage per service (its ports, health check and command); the last stage picks the one
# SERVICE names, and BuildKit builds only the stages it needs.

# Both stages must use the same interpreter: the virtualenv is copied across and its
# bin/python links to /usr/local/bin/python3.11. Pin a digest here for reproducible builds.
ARG PYTHON_IMAGE=python:3.11-slim
ARG NODE_IMAGE=node:20-slim
# No default: an image is always of one named service.
ARG SERVICE

############################################################################################
# web: Jobsprint Studio (web/), built with the locked npm packages into dist/, which the
# gateway serves at / (ADR-070). Nothing of Node reaches any runtime image.
############################################################################################
FROM ${NODE_IMAGE} AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund --loglevel=error
COPY web/ ./
RUN npm run build

############################################################################################
# builder: the locked third-party dependencies first (cached apart from the code), then the
# workspace packages the service needs.
############################################################################################
FROM ${PYTHON_IMAGE} AS builder
ARG SERVICE

COPY --from=ghcr.io/astral-sh/uv:0.9 /uv /uvx /bin/

ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv

WORKDIR /app

# Every workspace member's pyproject.toml (uv discovers the workspace from them) and the lock,
# but no source: this layer is rebuilt only when dependencies change.
COPY pyproject.toml uv.lock ./
COPY libs/api/pyproject.toml libs/api/
COPY libs/common/pyproject.toml libs/common/
COPY services/auth/pyproject.toml services/auth/
COPY services/workflows/pyproject.toml services/workflows/
COPY services/executor/pyproject.toml services/executor/
COPY services/integrations/pyproject.toml services/integrations/
COPY services/gateway/pyproject.toml services/gateway/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-workspace --package "jobsprint-${SERVICE}"

# The code: the shared libraries and this service only.
# The service is installed EDITABLE on purpose: `python -m jobsprint.<svc> migrate` finds
# alembic.ini as Path(__main__.__file__).resolve().parents[3] / "alembic.ini", which is
# /app/services/<svc>/alembic.ini only while the package is imported from
# /app/services/<svc>/src. A --no-editable install would put the package in site-packages and
# that path would point into the virtualenv, where there is no alembic.ini. (The gateway owns no
# schema and has no migrations; it is installed the same way, so every image has one layout.)
COPY libs/ libs/
COPY services/${SERVICE}/ services/${SERVICE}/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --package "jobsprint-${SERVICE}"

############################################################################################
# runtime: the interpreter, the virtualenv and the sources it points at, owned by root and
# run as an unprivileged user.
############################################################################################
FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE

ARG VERSION=0.1.0
ARG SOURCE_URL=""
ARG LICENSES=NOASSERTION
LABEL org.opencontainers.image.title="jobsprint-${SERVICE}" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.licenses="${LICENSES}" \
      org.opencontainers.image.version="${VERSION}"

RUN groupadd --system --gid 10001 jobsprint \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin jobsprint

# Paths must match the builder's: the editable installs (.pth files) point at /app/libs/*/src
# and /app/services/<svc>/src.
WORKDIR /app
COPY --from=builder /app/.venv /app/.venv
COPY --from=builder /app/libs /app/libs
COPY --from=builder /app/services/${SERVICE} /app/services/${SERVICE}

# glibc malloc for small Python processes (ADR-103): two arenas, and a fixed mmap threshold so
# large blocks (auth's 19 MiB argon2 buffer) go back to the system when freed.
ENV PATH="/app/.venv/bin:${PATH}" \
    VIRTUAL_ENV=/app/.venv \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072

USER 10001:10001

# The process handles SIGTERM itself: it stops accepting, drains in-flight work, then exits.
STOPSIGNAL SIGTERM
# The health check asks this service's real health endpoint on loopback, bypassing any proxy
# variables, at the port the environment sets when it runs (jobsprint.common.healthcheck):
# the gateway's /healthz (liveness only: readiness, /readyz, also needs Redis and the four
# services), the gRPC health service of the others. The executor's worker (`worker` command)
# serves no gRPC: docker-compose.yml asks its /metrics instead.
ENV JOBSPRINT_SERVICE=${SERVICE}
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --start-interval=2s --retries=3 \
    CMD ["python", "-m", "jobsprint.common.healthcheck", "service"]
CMD ["sh", "-c", "exec python -m jobsprint.${JOBSPRINT_SERVICE}"]

############################################################################################
# One stage per service: what differs. Containers must listen on every interface (the code
# defaults to 127.0.0.1).
############################################################################################
FROM runtime AS gateway
# Studio, served at / from the repository layout's web/dist.
COPY --from=web /web/dist /app/web/dist
LABEL org.opencontainers.image.description="Jobsprint gateway: the public REST/JSON API (FastAPI/uvicorn)"
ENV GATEWAY_HOST=0.0.0.0 GATEWAY_PORT=8080
EXPOSE 8080

FROM runtime AS auth
LABEL org.opencontainers.image.description="Jobsprint auth service: workspaces, users, roles and tokens over gRPC"
ENV AUTH_GRPC_HOST=0.0.0.0 AUTH_GRPC_PORT=50051 AUTH_METRICS_HOST=0.0.0.0 AUTH_METRICS_PORT=9102
EXPOSE 50051 9102

FROM runtime AS workflows
LABEL org.opencontainers.image.description="Jobsprint workflows service: definitions, versions and triggers over gRPC"
ENV WORKFLOWS_GRPC_HOST=0.0.0.0 WORKFLOWS_GRPC_PORT=50052 WORKFLOWS_METRICS_HOST=0.0.0.0 WORKFLOWS_METRICS_PORT=9103
EXPOSE 50052 9103

FROM runtime AS executor
LABEL org.opencontainers.image.description="Jobsprint executor service: executions over gRPC, and the run-queue worker (command: python -m jobsprint.executor worker)"
ENV EXECUTOR_GRPC_HOST=0.0.0.0 EXECUTOR_GRPC_PORT=50053 EXECUTOR_METRICS_HOST=0.0.0.0 EXECUTOR_METRICS_PORT=9104
EXPOSE 50053 9104

FROM runtime AS integrations
LABEL org.opencontainers.image.description="Jobsprint integrations service: connectors, credentials and outside calls over gRPC"
ENV INTEGRATIONS_GRPC_HOST=0.0.0.0 INTEGRATIONS_GRPC_PORT=50054 INTEGRATIONS_METRICS_HOST=0.0.0.0 INTEGRATIONS_METRICS_PORT=9105
EXPOSE 50054 9105

############################################################################################
# The image: the stage of the service SERVICE names.
############################################################################################
FROM ${SERVICE}
