#!/usr/bin/env bash
# Proves every package is publishable: `npm pack` each one, install the tarballs into a scratch
# project outside the repo, and require each package from plain Node there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d /tmp/mml-pack-XXXXXX)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/tarballs" "$scratch/consumer"
names=()
for dir in "$root"/packages/*/; do
  [ -f "$dir/package.json" ] || continue
  [ -f "$dir/dist/index.js" ] || { echo "verify-pack: $dir is not built (run make build)"; exit 1; }
  names+=("$(node -p "require('$dir/package.json').name")")
  (cd "$dir" && npm pack --silent --pack-destination "$scratch/tarballs" >/dev/null)
done
cd "$scratch/consumer"
echo '{"name":"mml-pack-consumer","version":"1.0.0","private":true}' > package.json
npm install --silent --no-audit --no-fund --prefer-offline "$scratch"/tarballs/*.tgz
for name in "${names[@]}"; do
  node -e "const m = require('$name'); const keys = Object.keys(m); if (keys.length === 0) { throw new Error('$name exports nothing'); } console.log('ok   - $name: ' + keys.length + ' exports');"
done
echo "verify-pack: ${#names[@]} packages packed, installed and imported outside the repo"
