# syntax=docker/dockerfile:1.20
# (1.20 is the first Dockerfile syntax with a stable COPY --parents, used below for the workspace manifests.)

# Any Node app of this repository (the mocks and the services) as a container image, chosen by build args:
#   APP          its workspace folder, e.g. apps/crm-sync; the image runs <APP>/dist/main.js from that folder
#   WORKSPACE    its npm workspace name, e.g. @lab/crm-sync
#   PORT_ENV     the variable that holds its listen port, e.g. SERVICE_PORT (the HEALTHCHECK reads it)
#   HEALTH_PATH  its health endpoint, default /healthz
#   PRELOAD      a module for `node --import` before the app: @lab/telemetry/instrumentation for the services
#                (tracing), empty for the mocks
# docker-compose.yml passes them from packages/topology/src/topology.json, and the app's environment (listen
# address, proxy URLs, Redis, OTLP endpoint) from docker/env/<name>.env; packages/topology/src/compose.test.ts
# checks both against the topology. Build context: the repository root (npm workspaces share one lockfile), e.g.
#   docker build -f docker/node-app.Dockerfile --build-arg APP=apps/mock-crm --build-arg WORKSPACE=@lab/mock-crm \
#     --build-arg PORT_ENV=CRM_PORT -t genesys-lab/mock-crm:local .
# or `docker compose build mock-crm`. Node is pinned to NODE_VERSION in packages/toolchain/tools.env.

ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# ---- build: every workspace's dependencies (dev included), then tsc through turbo ----
FROM ${NODE_IMAGE} AS build
ENV TURBO_TELEMETRY_DISABLED=1 \
    DO_NOT_TRACK=1 \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
WORKDIR /repo

# Manifests first, so the install layer is reused until a manifest or the lockfile changes; and no build arg is
# declared before it, so this layer is one and the same for every app's image.
# Every workspace's package.json (the globs follow "workspaces" in the root package.json), kept at its path by
# --parents: the lockfile lists them all, and turbo's `${WORKSPACE}...` filter builds the workspaces the app
# depends on (dev dependencies included). A new workspace needs no edit here.
# `npm install --no-save`, not `npm ci`, as in packages/toolchain/bin/setup.sh: the lockfile can only list this
# platform's optional binaries (the registry the project reaches serves no others), and npm ci refuses it.
# npm install still takes the locked versions; --no-save leaves the lockfile as it came.
COPY package.json package-lock.json tsconfig.base.json turbo.json ./
COPY --parents apps/*/package.json packages/*/package.json load/package.json dashboards/package.json ./
RUN --mount=type=cache,target=/root/.npm npm install --no-save

# All sources, not only the app's: turbo's filter follows dev dependencies, and those may be other apps (crm-sync's
# tests use @lab/mock-crm). .dockerignore keeps tests, benchmarks and any host-built dist out.
COPY packages/ packages/
COPY apps/ apps/
ARG APP
ARG WORKSPACE
# Refuse missing or mismatched build args here, with a message, rather than as an odd failure further down.
RUN test -n "${APP}" && test -n "${WORKSPACE}" \
      || { echo 'build args APP and WORKSPACE are required, e.g. apps/crm-sync and @lab/crm-sync' >&2; exit 1; }; \
    name="$(node -p "require('./${APP}/package.json').name")" && test "${name}" = "${WORKSPACE}" \
      || { echo "${APP}/package.json names ${name:-no workspace}, not WORKSPACE=${WORKSPACE}" >&2; exit 1; }; \
    npx turbo run build --filter="${WORKSPACE}..."
# The dist of every workspace package that was built (only those in the filter were), each at its path.
RUN mkdir /packages-dist \
    && find packages -mindepth 2 -maxdepth 2 -name dist -type d -exec cp -r --parents {} /packages-dist/ \;

# ---- runtime: production dependencies of the app, its dist and its workspace packages' dist ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
WORKDIR /app

COPY package.json package-lock.json ./
COPY --parents apps/*/package.json packages/*/package.json load/package.json dashboards/package.json ./
ARG WORKSPACE
# npm links the workspace packages the app depends on (node_modules/@lab/* -> packages/*); their dist comes next.
RUN --mount=type=cache,target=/root/.npm npm install --no-save --omit=dev --workspace "${WORKSPACE}"
COPY --from=build /packages-dist/ ./

ARG APP
COPY --from=build /repo/${APP}/dist ${APP}/dist

ARG PORT_ENV
ARG HEALTH_PATH=/healthz
ARG PRELOAD=
RUN test -n "${PORT_ENV}" || { echo 'build arg PORT_ENV is required, e.g. SERVICE_PORT' >&2; exit 1; }
ENV LAB_PORT_ENV=${PORT_ENV} \
    LAB_HEALTH_PATH=${HEALTH_PATH} \
    LAB_PRELOAD=${PRELOAD}

# As natively (lab-runner's startNodeApp), the app runs from its own folder; `--import` resolves from there too.
WORKDIR /app/${APP}
USER node

# The port is the app's own variable (named by PORT_ENV, set by docker/env/<name>.env), so the probe and the
# listener cannot disagree. The app listens on 0.0.0.0 in the container, so loopback reaches it.
HEALTHCHECK --interval=5s --timeout=4s --start-period=30s --start-interval=1s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env[process.env.LAB_PORT_ENV]+process.env.LAB_HEALTH_PATH,{signal:AbortSignal.timeout(3000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# `exec`: node replaces the shell as PID 1 and gets SIGTERM itself (every app closes its server on SIGTERM/SIGINT),
# so no init is needed. With PRELOAD set: node --import=@lab/telemetry/instrumentation dist/main.js.
# Each replica (compose deploy.replicas) names itself after its container's hostname, unless REPLICA_ID is given:
# REPLICA_ID (consumer, lock and shared-breaker names) and the OTel service.instance.id, as the native fleet does.
CMD ["/bin/sh", "-c", "export REPLICA_ID=\"${REPLICA_ID:-$HOSTNAME}\" OTEL_RESOURCE_ATTRIBUTES=\"service.instance.id=${REPLICA_ID:-$HOSTNAME}${OTEL_RESOURCE_ATTRIBUTES:+,$OTEL_RESOURCE_ATTRIBUTES}\"; exec node ${LAB_PRELOAD:+--import=$LAB_PRELOAD} dist/main.js"]
