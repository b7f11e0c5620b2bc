#!/usr/bin/env bash
# Entry point behind the root npm scripts: installs what is missing (setup.sh), puts Node 24 and the lab's
# tools first on PATH, then runs one of:
#   lab [args]   build, then start the native lab (packages/lab-runner)
#   test         build, typecheck, lint, then every vitest project (unit + integration)
#   bench        build, then the mock-genesys benchmark against WireMock (bench fleet: the crm-sync fleet benchmark; bench lab: the lab's memory, start-up, telemetry cost)
#   review       build, then the reliability review (packages/review)
#   load [args]  build, then one k6 scenario against the running lab (load/; --list lists them)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
# Assigned first so that a failed set-up stops here (an eval of a failed substitution would not).
tool_env="$(bash "$here/setup.sh" --print-env)"
eval "$tool_env"
cd "$repo"
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
echo "[run] node $(node --version), $(command -v node)" >&2

cmd="${1:-}"; shift || true
case "$cmd" in
  lab)
    npx turbo run build --output-logs=errors-only >&2
    exec node packages/lab-runner/dist/cli.js "${@:-start}"
    ;;
  test)
    npx turbo run build typecheck lint --output-logs=errors-only
    mkdir -p .lab
    status=0
    npx vitest run --reporter=default --reporter=json --outputFile.json=.lab/test-results.json "$@" || status=$?
    # One plain closing line, the same whatever the runner prints above it.
    node -e 'const r=require("./.lab/test-results.json");console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)' || true
    exit "$status"
    ;;
  bench)
    npx turbo run build --output-logs=errors-only >&2
    # `bench fleet`: 3 crm-sync replicas through a CRM outage, resilient and naive (packages/lab-runner/bench/fleet.ts)
    if [[ "${1:-}" == fleet ]]; then exec node packages/lab-runner/bench/fleet.ts "$@"; fi
    if [ "${1:-}" = lab ]; then shift; exec node packages/lab-runner/dist/lab-bench.js "$@"; fi
    exec node apps/mock-genesys/bench/compare-wiremock.ts "$@"
    ;;
  review)
    npx turbo run build --output-logs=errors-only >&2
    exec node packages/review/dist/cli.js "$@"
    ;;
  load)
    npx turbo run build --output-logs=errors-only >&2
    exec node load/dist/cli.js "$@"
    ;;
  *)
    echo "usage: run.sh lab|test|bench|review|load [args]" >&2; exit 2
    ;;
esac
