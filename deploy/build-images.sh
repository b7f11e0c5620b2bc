#!/usr/bin/env bash
# Builds the seven app images of the chart with docker/node-app.Dockerfile, one per app of the topology, with the
# build args docker-compose.yml passes (read here from packages/topology/src/topology.json and each app's
# package.json, so a new app needs no edit), tagged <REGISTRY>/<name>:<TAG> as the chart pulls them
# (values image.registry and image.tag).
#   REGISTRY=registry.example.com/genesys-lab TAG=0.1.0 bash deploy/build-images.sh          build
#   REGISTRY=registry.example.com/genesys-lab TAG=0.1.0 bash deploy/build-images.sh --push   build and push
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
registry="${REGISTRY:-genesys-lab}"
tag="${TAG:-local}"
push="${1:-}"

# One line per app: name APP WORKSPACE PORT_ENV HEALTH_PATH PRELOAD (- for none).
apps=$(cd "$repo" && node -e '
  const fs = require("node:fs");
  const t = JSON.parse(fs.readFileSync("packages/topology/src/topology.json", "utf8"));
  for (const [name, s] of Object.entries(t.services)) {
    const workspace = JSON.parse(fs.readFileSync(`${s.app}/package.json`, "utf8")).name;
    const preload = s.kind === "service" ? "@lab/telemetry/instrumentation" : "-";
    console.log([name, s.app, workspace, s.portEnv, s.healthPath, preload].join(" "));
  }')

while read -r name app workspace port_env health preload; do
  image="$registry/$name:$tag"
  echo "[build-images] $image ($app)" >&2
  args=(--build-arg "APP=$app" --build-arg "WORKSPACE=$workspace" --build-arg "PORT_ENV=$port_env"
        --build-arg "HEALTH_PATH=$health")
  [ "$preload" = "-" ] || args+=(--build-arg "PRELOAD=$preload")
  docker build -f "$repo/docker/node-app.Dockerfile" "${args[@]}" -t "$image" "$repo"
  if [ "$push" = "--push" ]; then docker push "$image"; fi
done <<<"$apps"
