#!/usr/bin/env bash
# Runs an app's built CLI (node apps/<app>/dist/main.js ARGS...), building it first only when needed.
# "Built" means apps/<app>/dist and every package's dist/ are newer than their sources (src/,
# package.json, tsconfig*.json, and the root tsconfig.base.json and package-lock.json). Otherwise
# `nx run <app>:build` builds it (and the packages it depends on: all of them), after which every
# dist/ is marked fresh. Going through `nx run` on every call would cost its own startup, ~5 s of
# CPU on this 2-core machine, on a run that takes a few seconds. Conservative: any newer file, even
# one the build ignores (or a checkout that only touched mtimes), sends the call through nx once.
# Usage: tools/run-built-app.sh <app> [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
app=${1:?usage: tools/run-built-app.sh <app> [args...]}
shift
projects=(packages/* "apps/$app")

fresh() {
  local project newer
  for project in "${projects[@]}"; do
    [ -d "$project/dist" ] || return 1
    newer=$(find "$project/src" "$project/package.json" "$project"/tsconfig*.json tsconfig.base.json package-lock.json \
      -newer "$project/dist" -print -quit 2>/dev/null || echo unreadable)
    [ -z "$newer" ] || return 1
  done
}

if ! fresh; then
  ${NX:-npx nx} run "$app:build"
  # nx built them, or found their outputs already matching its cache and left them as they are.
  for project in "${projects[@]}"; do touch "$project/dist"; done
fi
exec "${NODE:-node}" "apps/$app/dist/main.js" "$@"
