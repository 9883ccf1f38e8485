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
# A consumer that only reads files (tools/pack-consumer/file-reader.ts): strict and WITHOUT
# skipLibCheck, so any ccxt declaration reachable from @mml/market-data's main entry would fail it;
# at run time it must load neither ccxt nor yargs. It also resolves sharedDataDir() with no repo
# above it: first an error naming MML_SHARED_DATA, then a shared/data beside the project.
shared=$(cd "${MML_SHARED_DATA:-$root/../shared/data}" && pwd)
cp "$root/tools/pack-consumer/file-reader.ts" .
printf '{ "compilerOptions": { "strict": true, "skipLibCheck": false, "module": "node16", "moduleResolution": "node16", "target": "es2022", "outDir": "out", "typeRoots": ["%s/node_modules/@types"], "types": ["node"] }, "files": ["file-reader.ts"] }\n' "$root" > tsconfig.json
"$root/node_modules/.bin/tsc" -p .
echo "ok   - a file-only consumer type-checks without skipLibCheck"
if env -u MML_SHARED_DATA node out/file-reader.js 2>"$scratch/no-shared.err"; then
  echo "verify-pack: sharedDataDir() found shared data with no MML_SHARED_DATA and no shared/data above $scratch"; exit 1
fi
grep -q 'set MML_SHARED_DATA=' "$scratch/no-shared.err" || { echo "verify-pack: unexpected error without shared data:"; cat "$scratch/no-shared.err"; exit 1; }
echo "ok   - sharedDataDir() outside the repo, no shared data: $(cat "$scratch/no-shared.err")"
mkdir -p "$scratch/shared" "$scratch/consumer/notebooks"
ln -s "$shared" "$scratch/shared/data"
(cd "$scratch/consumer/notebooks" && env -u MML_SHARED_DATA node ../out/file-reader.js)
(cd "$scratch/consumer" && MML_SHARED_DATA="$shared" node out/file-reader.js >/dev/null)
echo "ok   - sharedDataDir() finds a shared/data beside the project, and takes MML_SHARED_DATA"
echo "verify-pack: ${#names[@]} packages packed, installed and imported outside the repo"
