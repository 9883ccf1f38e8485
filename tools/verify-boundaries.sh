#!/usr/bin/env bash
# Proves that the module-boundary rules still bite: each probe adds a forbidden import to a real
# project, runs `nx lint` on it and expects the failure with the rule's message. The probes are
# removed on exit, whatever happens. Run from the repo root (make verify-boundaries).
set -uo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true
probes=()
cleanup() { rm -f "${probes[@]}"; }
trap cleanup EXIT INT TERM

fail=0
probe() { # project dir, import specifier, expected message, description
  local dir=$1 spec=$2 expected=$3 what=$4
  local file="$dir/src/__boundary_probe__.ts"
  probes+=("$file")
  printf "// Temporary probe written by tools/verify-boundaries.sh; must fail lint.\nimport * as probe from '%s';\nexport const boundaryProbe = probe;\n" "$spec" > "$file"
  local project
  project=$(node -p "require('./$dir/package.json').name")
  local out
  out=$(npx nx lint "$project" --skip-nx-cache --output-style=static 2>&1)
  local rc=$?
  rm -f "$file"
  if [ $rc -ne 0 ] && grep -Eq "$expected" <<<"$out"; then
    echo "ok   - $what: lint fails with \"$expected\""
  else
    echo "FAIL - $what: expected lint to fail with \"$expected\" (exit $rc)"
    echo "$out" | tail -20
    fail=1
  fi
}

# Nx reports a cycle before the layer rule when the target already depends on the source, so the
# probes that close a cycle accept either message: both are lint failures of the same import.
probe packages/core '@mml/models' 'can only depend on libs tagged with|Circular dependency between "@mml/core" and "@mml/models"' 'core (bottom layer) importing models'
probe packages/models '@mml/risk-overlays' 'can only depend on libs tagged with' 'models importing risk-overlays (domain libs are independent)'
probe packages/backtest-engine '@mml/models' 'can only depend on libs tagged with' 'engine importing a concrete model'
probe packages/reports '@mml/backtest-engine' 'can only depend on libs tagged with' 'reports importing the engine'
probe packages/workflows 'research' 'Imports of apps are forbidden|Circular dependency between "@mml/workflows" and "research"' 'a library importing an app'
probe packages/market-data 'campaign' 'Imports of apps are forbidden|Circular dependency between "@mml/market-data" and "campaign"' 'a domain library importing an app'

if [ $fail -ne 0 ]; then echo "module boundaries: NOT enforced"; exit 1; fi
echo "module boundaries: enforced (6 forbidden imports rejected)"
